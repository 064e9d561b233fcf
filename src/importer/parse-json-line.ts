/** One NDJSON line → a JSON object, or the per-row error saying why not. */

export type JsonLineResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; code: "invalid_json" | "not_an_object"; error: string };

/** Parses `text`; arrays, strings and numbers are `not_an_object`. */
export function parseJsonObject(text: string): JsonLineResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: "invalid_json", error: `invalid JSON: ${(error as Error).message}` };
  }
  if (!isPlainObject(value))
    return { ok: false, code: "not_an_object", error: "the line is not a JSON object" };
  return { ok: true, value };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
