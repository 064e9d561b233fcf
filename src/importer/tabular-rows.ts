/**
 * One row abstraction over CSV records and flat NDJSON objects, so that the orders, contacts and
 * products readers never see the file format: `row.text("price")` is the trimmed content of the
 * best matching column. Header problems are found at open time and thrown; row problems become
 * error rows.
 */
import { checkMapping, type FieldSpec, missingFields, normaliseHeader, resolveColumns } from "./columns.js";
import { csvRecords } from "./csv-records.js";
import { type Delimiter, excelSepLine, firstLineOf, isTabName, sniffDelimiter } from "./detect-format.js";
import { ImportError } from "./import-error.js";
import { parseJsonObject } from "./parse-json-line.js";
import { textLines } from "./text-lines.js";
import type { ImportOptions, ImportRow } from "./types.js";

export type ErrorRow = Extract<ImportRow, { kind: "error" }>;

export interface TabularRow<F extends string> {
  readonly line: number;
  /** Trimmed text of the first matching column that is not empty. */
  text(field: F): string | undefined;
  /** The value as stored (NDJSON may hold numbers or arrays); first non-empty match. */
  value(field: F): unknown;
}

export interface TabularSpec<F extends string> {
  readonly type: string;
  readonly fields: FieldSpec<F>;
  readonly required: readonly F[];
  /** At least one of these must be present (checked on the header, or per NDJSON row). */
  readonly requiredAny?: readonly F[];
}

export interface TabularSource<F extends string> {
  readonly rows: AsyncIterable<TabularRow<F> | ErrorRow>;
  /** Normalised CSV header names (empty for NDJSON), for layout detection. */
  readonly header: ReadonlySet<string>;
  readonly decimalComma: boolean;
}

export interface TabularInput {
  readonly path: string;
  readonly format: "csv" | "ndjson";
  readonly head: string;
  readonly text: AsyncIterable<string>;
  readonly options: ImportOptions;
}

/** Opens the rows of a CSV or NDJSON file; for CSV, reads and checks the header first. */
export async function openTabular<F extends string>(input: TabularInput, spec: TabularSpec<F>): Promise<TabularSource<F>> {
  checkMapping(spec.fields, input.options.columns, spec.type);
  if (input.format === "ndjson") {
    return { rows: ndjsonRows(input, spec), header: new Set(), decimalComma: input.options.decimalComma ?? false };
  }
  const firstLine = firstLineOf(input.head);
  const sep = excelSepLine(firstLine);
  const delimiter: Delimiter =
    input.options.delimiter ?? sep ?? sniffDelimiter(firstLine, isTabName(input.path) ? "\t" : ",");
  const records = csvRecords(input.text, { delimiter, skipLines: sep === undefined ? 0 : 1 });
  const first = await records.next();
  const decimalComma = input.options.decimalComma ?? delimiter === ";";
  if (first.done) return { rows: records as AsyncIterable<never>, header: new Set(), decimalComma };
  if ("failure" in first.value) throw new ImportError("invalid_csv", `line ${first.value.line}: ${first.value.failure}`);
  const header = first.value.cells;
  const columns = resolveColumns(header, spec.fields, input.options.columns);
  const missing = missingFields(columns, spec.required);
  const anyMissing = spec.requiredAny !== undefined && spec.requiredAny.every((field) => !columns.has(field));
  if (missing.length > 0 || anyMissing) {
    const wanted = [...missing, ...(anyMissing ? [`one of ${spec.requiredAny?.join(" / ")}`] : [])];
    throw new ImportError(
      "missing_columns",
      `${spec.type} need column(s) ${wanted.join(", ")}; the header has ${header.map((h) => JSON.stringify(h)).join(", ")}`,
    );
  }
  return { rows: csvRows(records, columns), header: new Set(header.map(normaliseHeader)), decimalComma };
}

async function* csvRows<F extends string>(
  records: AsyncIterable<{ line: number; cells: string[] } | { line: number; failure: string }>,
  columns: ReadonlyMap<F, readonly number[]>,
): AsyncGenerator<TabularRow<F> | ErrorRow> {
  for await (const record of records) {
    if ("failure" in record) {
      yield { kind: "error", line: record.line, code: "csv_syntax", error: record.failure };
    } else {
      yield makeRow(record.line, record.cells, columns);
    }
  }
}

async function* ndjsonRows<F extends string>(input: TabularInput, spec: TabularSpec<F>): AsyncGenerator<TabularRow<F> | ErrorRow> {
  for await (const { line, text, tooLong } of textLines(input.text)) {
    if (tooLong) {
      yield { kind: "error", line, code: "line_too_long", error: "the line is longer than the 4 MiB limit" };
      continue;
    }
    if (text.trim() === "") continue;
    const parsed = parseJsonObject(text);
    if (!parsed.ok) {
      yield { kind: "error", line, code: parsed.code, error: parsed.error };
      continue;
    }
    const columns = resolveColumns(Object.keys(parsed.value), spec.fields, input.options.columns, false);
    const missing = missingFields(columns, spec.required);
    if (spec.requiredAny?.every((field) => !columns.has(field))) missing.push(...spec.requiredAny);
    if (missing.length > 0) {
      yield { kind: "error", line, code: "missing_field", error: `missing field(s): ${missing.join(", ")}` };
      continue;
    }
    yield makeRow(line, Object.values(parsed.value), columns);
  }
}

function makeRow<F extends string>(
  line: number,
  cells: readonly unknown[],
  columns: ReadonlyMap<F, readonly number[]>,
): TabularRow<F> {
  const value = (field: F): unknown => {
    for (const index of columns.get(field) ?? []) {
      const cell = cells[index];
      if (cell === undefined || cell === null) continue;
      if (typeof cell === "string" && cell.trim() === "") continue;
      if (Array.isArray(cell) && cell.length === 0) continue;
      return cell;
    }
    return undefined;
  };
  const text = (field: F): string | undefined => {
    const cell = value(field);
    if (typeof cell === "string") return cell.trim();
    if (typeof cell === "number" || typeof cell === "boolean") return String(cell);
    return undefined;
  };
  return { line, text, value };
}
