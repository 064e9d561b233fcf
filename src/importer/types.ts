/**
 * The public types of the bulk importer: what a caller asks for (`ImportOptions`) and what it gets
 * back (a stream of `ImportRow`s with progress counters).
 */
import type { ProductInput } from "../protocol/index.js";

/** What the rows of a file describe. */
export type ImportType = "orders" | "contacts" | "events" | "products";

/** How the file is laid out; detected from the extension, then the content, unless given. */
export type ImportFormat = "csv" | "ndjson" | "vcard";

/**
 * Character encoding of the file. `auto` (default) honours a UTF-8 or UTF-16LE byte-order mark and
 * otherwise reads UTF-8, switching to Windows-1252 from the first chunk that is not valid UTF-8
 * (Outlook and Excel "CSV" exports).
 */
export type ImportEncoding = "auto" | "utf-8" | "windows-1252" | "utf-16le";

/**
 * Explicit column mapping: importer field name → header in the file, e.g.
 * `{ order_id: "Beleg", price: "VK brutto" }`. Fields not named are still auto-detected.
 * Field names are listed per import type in the README of `src/importer`.
 */
export type ColumnMapping = Readonly<Record<string, string>>;

export interface ImportOptions {
  readonly format?: ImportFormat;
  readonly encoding?: ImportEncoding;
  /** CSV field delimiter; sniffed from the header line (comma, semicolon or tab) when absent. */
  readonly delimiter?: "," | ";" | "\t";
  /** Read `12,99` as 12.99; defaults to true exactly when the delimiter is a semicolon. */
  readonly decimalComma?: boolean;
  readonly columns?: ColumnMapping;
  /** Orders: ISO-4217 currency when the file has no currency column (UCI layout: GBP). */
  readonly currency?: string;
}

/**
 * One result of reading a file. `line` is the 1-based line of the source where the record
 * starts (for a grouped order: its first line; for a vCard: its BEGIN line).
 *
 * An error row usually means the record was skipped; a few codes (`invalid_birthday`,
 * `invalid_email` with another identifier left) report a field that was dropped from a message
 * emitted for the same line.
 */
export type ImportRow =
  | { kind: "message"; line: number; message: Record<string, unknown> }
  | { kind: "product"; line: number; product: ProductInput }
  | { kind: "error"; line: number; code: string; error: string };

/** The rows of one file, read lazily; iterate it once. */
export interface ImportReader extends AsyncIterable<ImportRow> {
  /** Bytes read from disk so far (compressed bytes for a `.gz` file). */
  readonly bytesRead: number;
  /** Size of the file on disk. */
  readonly totalBytes: number;
  readonly format: ImportFormat;
  /** Stops reading and releases the file; needed only when the rows are not iterated to the end. */
  close(): Promise<void>;
}
