/**
 * One row abstraction over CSV records and flat NDJSON objects, so that the orders, contacts and
 * products readers never see the file format: `row.text("price")` is the trimmed content of the
 * best matching column. Rows come in batches (one per input chunk). Header problems are found at
 * open time and thrown; row problems become error rows.
 */
import { checkMapping, type FieldSpec, missingFields, normaliseHeader, resolveColumns } from "./columns.js";
import type { CsvItem } from "./csv-records.js";
import { ImportError } from "./import-error.js";
import { type CsvInput, openCsv } from "./open-csv.js";
import { parseJsonObject } from "./parse-json-line.js";
import { MAX_LINE_CHARS, textLines } from "./text-lines.js";
import type { ImportRow } from "./types.js";

export type ErrorRow = Extract<ImportRow, { kind: "error" }>;

export interface TabularSpec<F extends string> {
  readonly type: string;
  readonly fields: FieldSpec<F>;
  readonly required: readonly F[];
  /** At least one of these must be present (checked on the header, or per NDJSON row). */
  readonly requiredAny?: readonly F[];
}

export interface TabularSource<F extends string> {
  readonly batches: AsyncIterable<readonly (TabularRow<F> | ErrorRow)[]>;
  /** Normalised CSV header names (empty for NDJSON), for layout detection. */
  readonly header: ReadonlySet<string>;
  readonly decimalComma: boolean;
}

export interface TabularInput extends CsvInput {
  readonly format: "csv" | "ndjson";
}

/** A record plus where its fields are. */
export class TabularRow<F extends string> {
  constructor(
    readonly line: number,
    private readonly cells: readonly unknown[],
    private readonly columns: ReadonlyMap<F, readonly number[]>,
  ) {}

  /** The value as stored (NDJSON may hold numbers or arrays) of the first non-empty matching column. */
  value(field: F): unknown {
    for (const index of this.columns.get(field) ?? []) {
      const cell = this.cells[index];
      if (cell === undefined || cell === null) continue;
      if (typeof cell === "string" && cell.trim() === "") continue;
      if (Array.isArray(cell) && cell.length === 0) continue;
      return cell;
    }
    return undefined;
  }

  /** Trimmed text of the first non-empty matching column. */
  text(field: F): string | undefined {
    const cell = this.value(field);
    if (typeof cell === "string") return cell.trim();
    if (typeof cell === "number" || typeof cell === "boolean") return String(cell);
    return undefined;
  }
}

/** Opens the rows of a CSV or NDJSON file; for CSV, reads and checks the header first. */
export async function openTabular<F extends string>(
  input: TabularInput,
  spec: TabularSpec<F>,
): Promise<TabularSource<F>> {
  checkMapping(spec.fields, input.options.columns, spec.type);
  if (input.format === "ndjson") {
    return {
      batches: ndjsonRows(input, spec),
      header: new Set(),
      decimalComma: input.options.decimalComma ?? false,
    };
  }
  const { header, records, decimalComma } = await openCsv(input);
  if (header === undefined) return { batches: empty(), header: new Set(), decimalComma };
  const columns = resolveColumns(header, spec.fields, input.options.columns);
  const missing: string[] = missingFields(columns, spec.required);
  if (spec.requiredAny?.every((field) => !columns.has(field)))
    missing.push(`one of ${spec.requiredAny.join(" / ")}`);
  if (missing.length > 0) {
    const found = header.map((name) => JSON.stringify(name)).join(", ");
    throw new ImportError(
      "missing_columns",
      `${spec.type} need column(s) ${missing.join(", ")}; the header has ${found}`,
    );
  }
  return { batches: csvRows(records, columns), header: new Set(header.map(normaliseHeader)), decimalComma };
}

async function* csvRows<F extends string>(
  records: AsyncIterable<CsvItem[]>,
  columns: ReadonlyMap<F, readonly number[]>,
): AsyncGenerator<(TabularRow<F> | ErrorRow)[]> {
  for await (const batch of records) {
    yield batch.map((record) =>
      "failure" in record
        ? { kind: "error", line: record.line, code: "csv_syntax", error: record.failure }
        : new TabularRow(record.line, record.cells, columns),
    );
  }
}

async function* ndjsonRows<F extends string>(
  input: TabularInput,
  spec: TabularSpec<F>,
): AsyncGenerator<(TabularRow<F> | ErrorRow)[]> {
  for await (const lines of textLines(input.text)) {
    const batch: (TabularRow<F> | ErrorRow)[] = [];
    for (const { line, text, tooLong } of lines) {
      if (tooLong)
        batch.push({
          kind: "error",
          line,
          code: "line_too_long",
          error: `the line is longer than ${MAX_LINE_CHARS} characters`,
        });
      else if (text.trim() !== "") batch.push(ndjsonRow(line, text, spec, input));
    }
    yield batch;
  }
}

function ndjsonRow<F extends string>(
  line: number,
  text: string,
  spec: TabularSpec<F>,
  input: TabularInput,
): TabularRow<F> | ErrorRow {
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return { kind: "error", line, code: parsed.code, error: parsed.error };
  const columns = resolveColumns(Object.keys(parsed.value), spec.fields, input.options.columns, false);
  const missing: string[] = missingFields(columns, spec.required);
  if (spec.requiredAny?.every((field) => !columns.has(field)))
    missing.push(`one of ${spec.requiredAny.join(" / ")}`);
  if (missing.length > 0)
    return { kind: "error", line, code: "missing_field", error: `missing field(s): ${missing.join(", ")}` };
  return new TabularRow(line, Object.values(parsed.value), columns);
}

async function* empty(): AsyncGenerator<never> {}
