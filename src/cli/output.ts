/** How commands print: a JSON document with --json, readable text otherwise. */
export interface Output {
  json: boolean;
  write(text: string): void;
}

export function stdoutOutput(json: boolean): Output {
  return { json, write: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`) };
}

/** Prints `value` as JSON when asked to, else the human text. */
export function emit(out: Output, value: unknown, human: () => string): void {
  out.write(out.json ? JSON.stringify(value, null, 2) : human());
}

/** A plain aligned table for terminal output. */
export function table(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): string {
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line([...columns]), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
