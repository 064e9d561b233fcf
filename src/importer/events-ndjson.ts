/**
 * `--type events` from NDJSON: each line is one Segment message or a `{"batch": [...]}` object
 * (every element then reports the batch's line). Messages pass through as written, apart from a
 * derived messageId where they have none; `parseMessage` validates them later. A malformed line
 * is an error row and reading goes on.
 */
import { withMessageId } from "./event-ids.js";
import { isPlainObject, parseJsonObject } from "./parse-json-line.js";
import { MAX_LINE_CHARS, type TextLine, textLines } from "./text-lines.js";
import type { ImportRow } from "./types.js";

/** Reads messages from NDJSON text. */
export async function* readNdjsonEvents(text: AsyncIterable<string>): AsyncGenerator<ImportRow> {
  for await (const lines of textLines(text)) {
    yield* lines.flatMap(lineRows);
  }
}

function lineRows({ line, text, tooLong }: TextLine): ImportRow[] {
  if (tooLong) {
    return [
      {
        kind: "error",
        line,
        code: "line_too_long",
        error: `the line is longer than ${MAX_LINE_CHARS} characters`,
      },
    ];
  }
  if (text.trim() === "") return [];
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return [{ kind: "error", line, code: parsed.code, error: parsed.error }];
  if (Object.hasOwn(parsed.value, "batch")) return batchRows(line, parsed.value.batch);
  return [{ kind: "message", line, message: withMessageId(parsed.value) }];
}

function batchRows(line: number, batch: unknown): ImportRow[] {
  if (!Array.isArray(batch))
    return [{ kind: "error", line, code: "invalid_batch", error: "batch must be an array" }];
  return batch.map((item, index): ImportRow => {
    if (isPlainObject(item)) return { kind: "message", line, message: withMessageId(item) };
    return { kind: "error", line, code: "not_an_object", error: `batch[${index}] is not a JSON object` };
  });
}
