/** Opens a CSV text stream: settles the delimiter and reads the header row. */
import { type CsvItem, csvRecords } from "./csv-records.js";
import { type Delimiter, excelSepLine, firstLineOf, isTabName, sniffDelimiter } from "./detect-format.js";
import { ImportError } from "./import-error.js";
import type { ImportOptions } from "./types.js";

export interface CsvInput {
  readonly path: string;
  readonly head: string;
  readonly text: AsyncIterable<string>;
  readonly options: ImportOptions;
}

export interface CsvTable {
  /** The header cells; undefined for an empty file. */
  readonly header: string[] | undefined;
  /** The records after the header, in batches. */
  readonly records: AsyncIterable<CsvItem[]>;
  readonly decimalComma: boolean;
}

/**
 * The delimiter is the option, else Excel's `sep=` line, else the most frequent of `,` `;` tab in
 * the header line. Decimal commas are assumed exactly for `;` files unless the option says.
 */
export async function openCsv(input: CsvInput): Promise<CsvTable> {
  const firstLine = firstLineOf(input.head);
  const sep = excelSepLine(firstLine);
  const delimiter: Delimiter =
    input.options.delimiter ?? sep ?? sniffDelimiter(firstLine, isTabName(input.path) ? "\t" : ",");
  const records = csvRecords(input.text, { delimiter, skipLines: sep === undefined ? 0 : 1 });
  const decimalComma = input.options.decimalComma ?? delimiter === ";";
  const first = await records.next();
  const [header, ...rest] = first.done ? [] : first.value;
  if (header === undefined) return { header: undefined, records, decimalComma };
  if ("failure" in header) throw new ImportError("invalid_csv", `line ${header.line}: ${header.failure}`);
  return { header: header.cells.map((cell) => cell.trim()), records: prepend(rest, records), decimalComma };
}

async function* prepend(first: CsvItem[], rest: AsyncGenerator<CsvItem[]>): AsyncGenerator<CsvItem[]> {
  if (first.length > 0) yield first;
  yield* rest;
}
