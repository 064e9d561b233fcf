/** Reads a whole `ImportReader` into memory: for tests and small files only. */
import type { ImportReader, ImportRow } from "./types.js";

/** Every row of `reader`, in order. */
export async function collectRows(reader: ImportReader): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for await (const row of reader) rows.push(row);
  return rows;
}
