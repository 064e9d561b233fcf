/** Run-time checks of `openImport`'s arguments (the CLI passes user input straight through). */
import { ImportError } from "./import-error.js";
import type { ImportOptions, ImportType } from "./types.js";

const TYPES: readonly string[] = ["orders", "contacts", "events", "products"];
const FORMATS: readonly string[] = ["csv", "ndjson", "vcard"];
const ENCODINGS: readonly string[] = ["auto", "utf-8", "windows-1252", "utf-16le"];
const DELIMITERS: readonly string[] = [",", ";", "\t"];

/** Throws `invalid_option` naming the first bad argument. */
export function checkOptions(type: ImportType, options: ImportOptions): void {
  oneOf("type", type, TYPES);
  if (options.format !== undefined) oneOf("format", options.format, FORMATS);
  if (options.encoding !== undefined) oneOf("encoding", options.encoding, ENCODINGS);
  if (options.delimiter !== undefined) oneOf("delimiter", options.delimiter, DELIMITERS);
  if (options.currency !== undefined && !/^[A-Z]{3}$/.test(options.currency)) {
    throw new ImportError(
      "invalid_option",
      `currency must be an ISO-4217 code such as EUR (got ${JSON.stringify(options.currency)})`,
    );
  }
  if (type === "events" && options.columns !== undefined) {
    throw new ImportError(
      "invalid_option",
      "events take their column names from the header (type, event, properties.*, …)",
    );
  }
  for (const [field, header] of Object.entries(options.columns ?? {})) {
    if (typeof header !== "string" || header.trim() === "") {
      throw new ImportError("invalid_option", `columns.${field} must name a header`);
    }
  }
}

function oneOf(name: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    const list = allowed.map((a) => JSON.stringify(a)).join(", ");
    throw new ImportError("invalid_option", `${name} must be one of ${list} (got ${JSON.stringify(value)})`);
  }
}
