/**
 * `openImport`: opens a file, works out its compression, encoding and format, checks the header,
 * and returns the lazily read rows for the import type.
 */
import { stat } from "node:fs/promises";
import { fileBytes, gunzipIfCompressed } from "./byte-stream.js";
import { decodeText } from "./decode-text.js";
import { formatFromContent, formatFromName } from "./detect-format.js";
import { FileImportReader } from "./file-import-reader.js";
import { ImportError } from "./import-error.js";
import { checkOptions } from "./import-options.js";
import { openRows } from "./open-rows.js";
import { peekText } from "./peek-text.js";
import type { ImportOptions, ImportReader, ImportRow, ImportType } from "./types.js";

/**
 * Opens `path` for a bulk import of `type`. Rejects with an `ImportError` when the file cannot be
 * read, its format does not fit the type, or required columns are missing; per-record problems
 * come back as `{ kind: "error" }` rows instead. The file is read in 64 KiB chunks as rows are
 * consumed, never as a whole.
 *
 * @example
 * const reader = await openImport("online_retail.csv.gz", "orders");
 * for await (const row of reader) {
 *   if (row.kind === "message") send(row.message);
 *   else if (row.kind === "error") report(row.line, row.code, row.error);
 *   bar.update(reader.bytesRead / reader.totalBytes);
 * }
 */
export async function openImport(
  path: string,
  type: ImportType,
  options: ImportOptions = {},
): Promise<ImportReader> {
  checkOptions(type, options);
  const totalBytes = await fileSize(path);
  const progress = { bytesRead: 0 };
  const bytes = gunzipIfCompressed(fileBytes(path, progress));
  const peeked = await readStart(path, () => peekText(decodeText(bytes, options.encoding ?? "auto")));
  try {
    const format = options.format ?? formatFromName(path) ?? formatFromContent(peeked.head);
    const rows = await openRows({ path, type, format, head: peeked.head, text: peeked.text, options });
    return new FileImportReader(guardReads(rows, path), progress, totalBytes, format, peeked.release);
  } catch (error) {
    await peeked.release();
    throw error;
  }
}

/** A read failure after the start (a truncated gzip, a disk error) also surfaces as an ImportError. */
async function* guardReads(rows: AsyncGenerator<ImportRow>, path: string): AsyncGenerator<ImportRow> {
  try {
    yield* rows;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError("unreadable_file", `reading ${path} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function fileSize(path: string): Promise<number> {
  const info = await readStart(path, () => stat(path));
  if (!info.isFile()) throw new ImportError("unreadable_file", `${path} is not a file`);
  return info.size;
}

async function readStart<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError("unreadable_file", `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
