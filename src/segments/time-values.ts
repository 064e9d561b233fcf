/**
 * Durations, calendar days and instants as the segment language reads them. Everything is UTC
 * and every unit has a fixed length (no months or years, whose length depends on the calendar and
 * on the database session's time zone), so the in-memory evaluator and the SQL compiler cannot
 * disagree about where a window starts.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Duration units: hours, days, weeks. */
export const DURATION_UNITS = { h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;

/** `90d`: a positive whole number without leading zeros, then h, d or w. */
export const DURATION_PATTERN = /^[1-9][0-9]*[hdw]$/;

/** The longest duration accepted anywhere: 100 years of days. */
export const MAX_DURATION_MS = 36_500 * DAY_MS;

/** A duration in milliseconds, or undefined when it is not written like `90d`. */
export function durationMs(duration: string): number | undefined {
  if (!DURATION_PATTERN.test(duration)) return undefined;
  const unit = duration.slice(-1) as DurationUnit;
  return Number(duration.slice(0, -1)) * DURATION_UNITS[unit];
}

/** `2026-03-31`: a calendar day, as absolute windows take them. */
export const CALENDAR_DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC at the start of a calendar day, or undefined when the day does not exist. */
export function dayStartMs(day: string): number | undefined {
  const m = CALENDAR_DAY_PATTERN.exec(day);
  if (m === null) return undefined;
  return utcMs(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, 0);
}

/**
 * A date-valued trait or property: `2026-03-01` (midnight UTC) or `2026-03-01T10:15:00Z`, seconds
 * and fraction optional, `Z` or a `±hh:mm` offset required (a time without one would depend on
 * the reader's zone). Fractions below a millisecond are dropped, which is exact for the `>=`, `<`
 * and `<=` tests against whole milliseconds the windows make.
 */
const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Milliseconds since the epoch of an ISO date or date-time string, or undefined when it is not one. */
export function instantMs(value: string): number | undefined {
  const m = INSTANT_PATTERN.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", fraction = "", zone = "Z"] = m;
  const ms = Number(fraction.padEnd(3, "0").slice(0, 3));
  const local = utcMs(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms);
  if (local === undefined) return undefined;
  if (zone === "Z") return local;
  const offsetHours = Number(zone.slice(1, 3));
  const offsetMinutes = Number(zone.slice(4, 6));
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const sign = zone.startsWith("-") ? -1 : 1;
  return local - sign * (offsetHours * HOUR_MS + offsetMinutes * 60_000);
}

/** Date.UTC that refuses out-of-range fields instead of rolling them over (Feb 30 → Mar 2). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number) {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear rather than Date.UTC, which reads years 0–99 as 1900–1999.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date.getTime();
}
