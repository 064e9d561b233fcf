/**
 * The times the database can be given. JavaScript reads years up to ±275760, but `toISOString`
 * writes years outside 0000–9999 with a sign that PostgreSQL does not read, PostgreSQL has no
 * year 0, and PGlite reads years below 100 back as 19xx or 20xx. So every time that comes from
 * outside (a message's timestamps, a filter's bound) must have a four-digit year, 1000-01-01 …
 * 9999-12-31 (UTC): any other would fail inside the query as a 500, in a batch taking every
 * message of it down too, or come back as another time.
 */

const EARLIEST = Date.parse("1000-01-01T00:00:00.000Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");

/** The range, in the words an error message uses. */
export const STORABLE_TIME_RANGE = "between 1000-01-01 and 9999-12-31";

/** Whether `ms` (epoch milliseconds) is a time the database can hold. */
export function isStorableTime(ms: number): boolean {
  return ms >= EARLIEST && ms <= LATEST;
}

/** `ms` moved into the storable range, for bounds whose meaning survives it (a cutoff). */
export function clampToStorableTime(ms: number): number {
  return Math.min(LATEST, Math.max(EARLIEST, ms));
}

/** An ISO-8601 string or epoch milliseconds as epoch milliseconds, or NaN when unreadable. */
export function timeMs(value: unknown): number {
  if (typeof value === "string") return Date.parse(value);
  return typeof value === "number" ? value : Number.NaN;
}
