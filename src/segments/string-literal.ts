/**
 * String literals of the text form: double quotes with JSON's escapes, so that a string prints
 * as `JSON.stringify(value)` and every string, whatever it holds, reads back unchanged.
 */
import { TextSyntaxError } from "./text-syntax-error.js";

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** The literal as the text form writes it. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** Reads the literal whose opening quote is at `start`; returns its value and the index after it. */
export function readStringLiteral(text: string, start: number): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '"') return { value, end: i + 1 };
    if (char < " ")
      throw new TextSyntaxError(
        i,
        "a line break or control character inside a string must be escaped (\\n, \\t, \\u0009)",
      );
    if (char !== "\\") {
      value += char;
      i += 1;
      continue;
    }
    const escaped = text[i + 1] ?? "";
    const simple = SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (escaped === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      value += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      throw new TextSyntaxError(i, `unknown escape "\\${escaped}"; use \\", \\\\, \\n, \\t or \\uXXXX`);
    }
  }
  throw new TextSyntaxError(start, "this string is not closed: a double quote is missing");
}
