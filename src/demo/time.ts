/**
 * Calendar helpers of the simulation, on epoch milliseconds. Local time is approximated as UTC+1
 * (no daylight saving): plenty for "stores open 8–20, closed on Sundays".
 */
import type { Rng } from "./rng.js";

/** Milliseconds per day. */
export const DAY = 86_400_000;
const HOUR = 3_600_000;
const LOCAL_OFFSET = HOUR;

/** A time on the same local day as `t`, at a random minute between `fromHour` and `toHour` local time. */
export function atLocalHours(rng: Rng, t: number, fromHour: number, toHour: number): number {
  const dayStart = Math.floor((t + LOCAL_OFFSET) / DAY) * DAY - LOCAL_OFFSET;
  return dayStart + Math.floor(rng.between(fromHour, toHour) * 60) * 60_000 + rng.int(0, 59) * 1000;
}

/** A time during store opening hours on the day of `t`; Sundays move to Saturday. */
export function storeTime(rng: Rng, t: number): number {
  const shifted = weekday(t) === 0 ? t - DAY : t;
  return atLocalHours(rng, shifted, 8, 20);
}

/** A time when people shop online on the day of `t` (07:00–23:00). */
export function webTime(rng: Rng, t: number): number {
  return atLocalHours(rng, t, 7, 23);
}

/** Local weekday of `t`, 0 = Sunday. */
export function weekday(t: number): number {
  return (Math.floor((t + LOCAL_OFFSET) / DAY) + 4) % 7;
}

/** Month of `t`, 1–12. */
export function monthOf(t: number): number {
  return new Date(t + LOCAL_OFFSET).getUTCMonth() + 1;
}

/** The first day at or after `t` whose month is in `months` (checks at most a year ahead). */
export function nextInSeason(t: number, months: readonly number[]): number {
  let day = t;
  for (let i = 0; i < 13; i++) {
    if (months.includes(monthOf(day))) return day;
    const d = new Date(day + LOCAL_OFFSET);
    day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - LOCAL_OFFSET + 10 * HOUR;
  }
  return day;
}

/** `t` as an ISO-8601 timestamp. */
export function isoTime(t: number): string {
  return new Date(t).toISOString();
}

/** `t` as a local YYYY-MM-DD date. */
export function isoDate(t: number): string {
  return new Date(t + LOCAL_OFFSET).toISOString().slice(0, 10);
}
