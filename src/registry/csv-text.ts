/** CSV text by RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled, CRLF lines. */

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A whole document: a header row, then the rows, each line ending in CRLF. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}
