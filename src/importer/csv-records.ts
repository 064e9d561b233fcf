/**
 * Streaming CSV records with the line each record starts on. csv-parse does the quoting; records
 * are taken from its `on_record` hook rather than its readable side, so that a syntax error
 * arrives after every record before it (the readable side drops buffered records on error) and
 * memory stays bounded by one input chunk.
 */
import { type CsvError, parse } from "csv-parse";
import type { Delimiter } from "./detect-format.js";

/** Longest record accepted, in characters; protects memory from an unclosed quote. */
const MAX_RECORD_CHARS = 4 * 1024 * 1024;

export type CsvItem = { line: number; cells: string[] } | { line: number; failure: string };

export interface CsvOptions {
  readonly delimiter: Delimiter;
  /** Lines to skip before the header (Excel's `sep=;` line). */
  readonly skipLines: number;
}

/** Yields non-blank records in order; a syntax error ends the stream as one `failure` item. */
export async function* csvRecords(text: AsyncIterable<string>, options: CsvOptions): AsyncGenerator<CsvItem> {
  const queue: { record: string[]; raw: string }[] = [];
  const parser = parse({
    delimiter: options.delimiter,
    from_line: options.skipLines + 1,
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    raw: true,
    max_record_size: MAX_RECORD_CHARS,
    on_record: (record: { record: string[]; raw: string }) => {
      queue.push(record);
      return null;
    },
  });
  // Errors reach us through the write/end callbacks; without a listener they would also be thrown.
  parser.on("error", () => {});
  let line = options.skipLines + 1;
  const drain = function* (): Generator<CsvItem> {
    for (const { record, raw } of queue.splice(0)) {
      const start = line;
      line += lineBreaks(raw);
      if (record.some((cell) => cell.trim() !== "")) yield { line: start, cells: record };
    }
  };
  try {
    for await (const chunk of text) {
      await write(parser, chunk);
      yield* drain();
    }
    await end(parser);
    yield* drain();
  } catch (error) {
    yield* drain();
    yield { line, failure: describe(error) };
  } finally {
    parser.destroy();
  }
}

/** Physical lines a raw record spans, counting its terminator (absent on the last line). */
function lineBreaks(raw: string): number {
  const breaks = raw.match(/\r\n|\r|\n/g)?.length ?? 0;
  return /[\r\n]$/.test(raw) ? breaks : breaks + 1;
}

function write(parser: ReturnType<typeof parse>, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

function end(parser: ReturnType<typeof parse>): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.once("error", reject);
    parser.end(() => resolve());
  });
}

function describe(error: unknown): string {
  const csv = error as Partial<CsvError>;
  if (csv.code === "CSV_QUOTE_NOT_CLOSED") return "a quoted field is not closed before the end of the file";
  if (csv.code === "CSV_MAX_RECORD_SIZE") return `a record is longer than ${MAX_RECORD_CHARS} characters`;
  return error instanceof Error ? error.message : String(error);
}
