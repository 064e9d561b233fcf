/**
 * The importer's one error class, for problems that stop a whole file (it cannot be read, its
 * format is not supported for the import type, required columns are missing). Problems with a
 * single record are never thrown: they are `{ kind: "error" }` rows.
 */

export type ImportErrorCode =
  | "unreadable_file"
  | "unsupported_format"
  | "invalid_option"
  | "missing_columns"
  | "unknown_columns"
  | "invalid_header"
  | "invalid_csv"
  | "already_iterated";

export class ImportError extends Error {
  override readonly name = "ImportError";

  constructor(
    readonly code: ImportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
