/**
 * Bulk import: turns an orders, contacts, events or products file (CSV/TSV, NDJSON, vCard; gzip
 * or not; UTF-8, UTF-16 or Windows-1252) into a stream of Segment messages, catalogue products
 * and per-row errors, in constant memory and with deterministic messageIds. Sending the messages
 * through the ingest pipeline is the CLI's job.
 */
export { ImportError, type ImportErrorCode } from "./import-error.js";
export { openImport } from "./open-import.js";
export type {
  ColumnMapping,
  ImportEncoding,
  ImportFormat,
  ImportOptions,
  ImportReader,
  ImportRow,
  ImportType,
} from "./types.js";
