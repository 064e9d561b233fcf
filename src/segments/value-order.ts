/**
 * How the segment language orders values: numbers numerically, strings by Unicode code point.
 * Code point order is what PostgreSQL's `COLLATE "C"` gives on a UTF-8 database (byte order),
 * so the SQL compiler compares strings under that collation; JavaScript's own `<` compares
 * UTF-16 code units, which differs for characters above U+FFFF, hence the loop.
 */

/** Negative, zero or positive as `a` sorts before, with or after `b` (code point order). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(j) ?? 0;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** The order of two numbers or two strings; undefined for any other pair (never comparable). */
export function compareOrdered(a: unknown, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return compareCodePoints(a, b);
  return undefined;
}
