/**
 * The tokens of the text form. Words cover keywords, paths (`trait.city`) and the words of a bare
 * event name; a number followed straight by a unit is a duration (`90d`); `2026-03-31` is a day.
 */
import { readStringLiteral } from "./string-literal.js";
import { TextSyntaxError } from "./text-syntax-error.js";
import { DURATION_UNITS } from "./time-values.js";

export const SYMBOLS = ["(", ")", "[", "]", ",", "=", "!=", ">=", "<=", ">", "<"] as const;
export type SymbolText = (typeof SYMBOLS)[number];

export type Token =
  | { kind: "word"; text: string; offset: number }
  | { kind: "string"; value: string; offset: number }
  | { kind: "number"; value: number; offset: number }
  | { kind: "duration"; text: string; offset: number }
  | { kind: "day"; text: string; offset: number }
  | { kind: "symbol"; text: SymbolText; offset: number }
  | { kind: "end"; offset: number };

/** A whole word: a letter or `_`, then letters, marks, digits, `_`, `.` or `-`. */
export const WORD = /^[\p{L}_][\p{L}\p{M}\p{N}_.-]*$/u;
const WORD_AT = /[\p{L}_][\p{L}\p{M}\p{N}_.-]*/uy;
const NUMBER_AT = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const DAY_AT = /\d{4}-\d{2}-\d{2}(?![\p{L}\p{M}\p{N}_.-])/uy;
const UNIT_AT = /[\p{L}_]+/uy;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === '"') {
      const { value, end } = readStringLiteral(text, i);
      tokens.push({ kind: "string", value, offset: i });
      i = end;
    } else if (/\d/.test(char) || (char === "-" && /\d/.test(text[i + 1] ?? ""))) {
      const { token, end } = readNumeric(text, i);
      tokens.push(token);
      i = end;
    } else if (stickyMatch(WORD_AT, text, i) !== undefined) {
      const word = stickyMatch(WORD_AT, text, i) as string;
      tokens.push({ kind: "word", text: word, offset: i });
      i += word.length;
    } else {
      const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
      if (symbol === undefined) throw new TextSyntaxError(i, unexpected(char));
      tokens.push({ kind: "symbol", text: symbol, offset: i });
      i += symbol.length;
    }
  }
  tokens.push({ kind: "end", offset: text.length });
  return tokens;
}

function readNumeric(text: string, start: number): { token: Token; end: number } {
  const day = stickyMatch(DAY_AT, text, start);
  if (day !== undefined) return { token: { kind: "day", text: day, offset: start }, end: start + day.length };
  const number = stickyMatch(NUMBER_AT, text, start) as string;
  const end = start + number.length;
  const unit = stickyMatch(UNIT_AT, text, end);
  if (unit === undefined) {
    const value = Number(number);
    if (!Number.isFinite(value)) throw new TextSyntaxError(start, `${number} is too large for a number`);
    return { token: { kind: "number", value, offset: start }, end };
  }
  if (!/^\d+$/.test(number))
    throw new TextSyntaxError(
      start,
      `"${number}${unit}" is neither a number nor a duration (a duration is like 90d)`,
    );
  if (!Object.hasOwn(DURATION_UNITS, unit))
    throw new TextSyntaxError(
      end,
      `unknown duration unit "${unit}": use h (hours), d (days) or w (weeks); months and years vary in length, so write 26w or 365d`,
    );
  const digits = number.replace(/^0+(?=\d)/, "");
  return { token: { kind: "duration", text: `${digits}${unit}`, offset: start }, end: end + unit.length };
}

function stickyMatch(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

function unexpected(char: string): string {
  if (char === "'") return 'strings are written in double quotes, e.g. "Bern"';
  if (char === "!") return 'use != for "not equal" and the word not for negation';
  if (char === "&" || char === "|") return "use the words and / or to combine conditions";
  return `unexpected character "${char}"`;
}
