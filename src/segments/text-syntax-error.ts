/**
 * A syntax error inside the tokenizer or parser. Internal: it unwinds the recursive descent and
 * parse-text.ts turns it into a SegmentIssue with line and column; it never leaves this context.
 */
export class TextSyntaxError extends Error {
  override readonly name = "TextSyntaxError";
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** 1-based line and column of a string index. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}
