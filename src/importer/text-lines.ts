/**
 * Splits a text stream into numbered lines (LF or CRLF), in batches (one per input chunk), with
 * a cap on line length so that a file without line breaks cannot fill memory.
 */

/** Longest line kept, in characters; a longer one is reported as too long, not buffered. */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;

export interface TextLine {
  readonly line: number;
  readonly text: string;
  /** True when the line was longer than the cap; `text` is then empty. */
  readonly tooLong: boolean;
}

/** Yields every line, blank ones included, numbered from 1. */
export async function* textLines(
  chunks: AsyncIterable<string>,
  maxChars = MAX_LINE_CHARS,
): AsyncGenerator<TextLine[]> {
  let pending = "";
  let tooLong = false;
  let line = 1;
  for await (const chunk of chunks) {
    const batch: TextLine[] = [];
    let start = 0;
    for (let end = chunk.indexOf("\n"); end !== -1; end = chunk.indexOf("\n", start)) {
      const text = tooLong ? "" : stripCr(pending + chunk.slice(start, end));
      batch.push({ line: line++, text, tooLong });
      pending = "";
      tooLong = false;
      start = end + 1;
    }
    if (!tooLong) pending += chunk.slice(start);
    if (pending.length > maxChars) {
      pending = "";
      tooLong = true;
    }
    if (batch.length > 0) yield batch;
  }
  if (pending !== "" || tooLong) yield [{ line, text: tooLong ? "" : stripCr(pending), tooLong }];
}

function stripCr(text: string): string {
  return text.endsWith("\r") ? text.slice(0, -1) : text;
}
