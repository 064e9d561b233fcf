/**
 * Streaming CSV records with the line each record starts on, in batches (one per input chunk, so
 * that downstream readers loop synchronously instead of paying an async step per record).
 * csv-parse does the quoting; its records are taken from `data` events, which fire while a chunk
 * is written, so a syntax error arrives after every record before it and memory stays bounded by
 * one chunk. Line numbers are counted here (csv-parse counts a CRLF inside quotes twice).
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

/**
 * Yields non-blank records in order; a syntax error ends the stream as one `failure` item. An error
 * of the text itself (a truncated gzip, a disk error) is thrown: it is the file's, not a record's.
 */
export async function* csvRecords(
  text: AsyncIterable<string>,
  options: CsvOptions,
): AsyncGenerator<CsvItem[]> {
  const parser = parse({
    delimiter: options.delimiter,
    from_line: options.skipLines + 1,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  const queue: string[][] = [];
  parser.on("data", (record: string[]) => queue.push(record));
  // Errors reach us through the write/end callbacks; without a listener they would also be thrown.
  parser.on("error", () => {});
  let line = options.skipLines + 1;
  const drain = (): CsvItem[] => {
    const batch: CsvItem[] = [];
    for (const cells of queue) {
      const start = line;
      line += linesSpanned(cells);
      if (cells.some((cell) => cell.trim() !== "")) batch.push({ line: start, cells });
    }
    queue.length = 0;
    return batch;
  };
  let failure: unknown;
  try {
    for await (const chunk of text) {
      failure = await settle(write(parser, chunk));
      if (failure !== undefined) break;
      const batch = drain();
      if (batch.length > 0) yield batch;
    }
    failure ??= await settle(end(parser));
    const batch = drain();
    if (failure !== undefined) batch.push({ line, failure: describe(failure) });
    if (batch.length > 0) yield batch;
  } finally {
    parser.destroy();
  }
}

/** The parser's error, or undefined once the step went through. */
async function settle(step: Promise<void>): Promise<unknown> {
  try {
    await step;
    return undefined;
  } catch (error) {
    return error ?? new Error("the CSV parser failed");
  }
}

/** Physical lines a record spans: line breaks can only sit inside quoted cells, plus its own. */
function linesSpanned(cells: readonly string[]): number {
  let lines = 1;
  for (const cell of cells) {
    if (cell.includes("\n") || cell.includes("\r")) lines += cell.match(/\r\n|\r|\n/g)?.length ?? 0;
  }
  return lines;
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
