/**
 * Test support: the leaves of random definitions — values, names, paths, days, durations — from
 * the small vocabulary, or (`wide`) from everything the language accepts, odd corners first.
 */
import fc from "fast-check";
import {
  DAYS,
  DURATIONS,
  daysAgoIso,
  EVENT_NAMES,
  type Field,
  NUMBER_POOL,
  STRING_POOL,
  type ValueKind,
} from "./arbitrary-vocabulary.test-helpers.js";
import type { Scalar } from "./predicate-schema.js";

export type ScalarKind = "string" | "number" | "boolean";

const TRICKY_STRINGS = [
  '"',
  "\\",
  "a\nb",
  "tab\there",
  "😀",
  "e\u0301",
  "where",
  " ",
  "\u2028",
  "\u007f",
  "-0",
];
const TRICKY_EVENT_NAMES = [
  "where",
  "Order  Completed",
  " Leading",
  "Trailing ",
  "not Found",
  "Step 2 Done",
  "E-Mail Opened",
  "Bestellung abgeschloßen",
  "a.b",
  "count",
  "Terms of Service Accepted",
  "x,y",
  'Order "Quoted"',
];
const VALUE_KINDS: readonly ValueKind[] = ["string", "number", "boolean", "date", "tags"];

/** Strings PostgreSQL can store: no NUL, no unpaired surrogate (validation refuses the others). */
const storable = (value: string) => !value.includes("\u0000") && value.isWellFormed();

export function stringArbitrary(wide: boolean, minLength = 0): fc.Arbitrary<string> {
  const pool = fc.constantFrom(...STRING_POOL.filter((value) => value.length >= minLength));
  if (!wide) return pool;
  return fc.oneof(
    pool,
    fc.constantFrom(...TRICKY_STRINGS.filter((value) => value.length >= minLength)),
    fc.string({ unit: "binary", minLength, maxLength: 12 }).filter(storable),
  );
}

export function numberArbitrary(wide: boolean): fc.Arbitrary<number> {
  const pool = fc.constantFrom(...NUMBER_POOL);
  return wide ? fc.oneof(pool, fc.constant(-0), fc.double({ noNaN: true, noDefaultInfinity: true })) : pool;
}

/** A value of the kind; `dateLike` strings are days and instants near ARBITRARY_NOW. */
export function scalarArbitrary(kind: ScalarKind, wide: boolean, dateLike = false): fc.Arbitrary<Scalar> {
  switch (kind) {
    case "number":
      return numberArbitrary(wide);
    case "boolean":
      return fc.boolean();
    case "string":
      if (!dateLike) return stringArbitrary(wide);
      return fc.oneof(fc.constantFrom(...DAYS), fc.integer({ min: -2, max: 120 }).map(daysAgoIso));
  }
}

export function durationArbitrary(wide: boolean): fc.Arbitrary<string> {
  const pool = fc.constantFrom(...DURATIONS);
  if (!wide) return pool;
  return fc.oneof(
    pool,
    fc.integer({ min: 1, max: 876_000 }).map((n) => `${n}h`),
    fc.integer({ min: 1, max: 36_500 }).map((n) => `${n}d`),
    fc.integer({ min: 1, max: 5_214 }).map((n) => `${n}w`),
  );
}

export function dayArbitrary(wide: boolean): fc.Arbitrary<string> {
  const pool = fc.constantFrom(...DAYS);
  if (!wide) return pool;
  const min = new Date("1000-01-01T00:00:00Z");
  const max = new Date("9999-12-31T00:00:00Z");
  return fc.oneof(
    pool,
    fc.date({ min, max, noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  );
}

export function eventNameArbitrary(wide: boolean): fc.Arbitrary<string> {
  const pool = fc.constantFrom(...EVENT_NAMES);
  return wide ? fc.oneof(pool, fc.constantFrom(...TRICKY_EVENT_NAMES), stringArbitrary(true, 1)) : pool;
}

/** A random valid path: `trait.…`/`computed.…` for traits, any (sometimes `products.…`) for properties. */
export function pathArbitrary(of: "trait" | "property"): fc.Arbitrary<Field> {
  const segments = fc.array(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/), {
    minLength: 1,
    maxLength: 3,
  });
  const root =
    of === "trait" ? fc.constantFrom("trait", "computed") : fc.constantFrom("products", "properties", "");
  return fc
    .tuple(root, segments, fc.constantFrom(...VALUE_KINDS))
    .map(([first, rest, kind]) => ({ path: [first, ...rest].filter((s) => s !== "").join("."), kind }));
}
