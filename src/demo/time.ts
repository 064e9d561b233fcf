/**
 * Calendar helpers of the simulation, on epoch milliseconds. Local time is approximated as UTC+1
 * (no daylight saving): plenty for "stores open 8–20, closed on Sundays".
 */
import { civilFromDays, daysFromCivil, formatDay } from "./calendar.js";
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
  return calendarDay(Math.floor((t + LOCAL_OFFSET) / DAY)).month;
}

/** The first day at or after `t` whose month is in `months` (looks at most a year ahead); 10:00 local on a month's first day. */
export function nextInSeason(t: number, months: readonly number[]): number {
  let day = t;
  for (let i = 0; i < 13; i++) {
    const local = Math.floor((day + LOCAL_OFFSET) / DAY);
    const { year, month } = civilFromDays(local);
    if (months.includes(month)) return day;
    day = daysFromCivil(year, month + 1, 1) * DAY - LOCAL_OFFSET + 10 * HOUR;
  }
  return day;
}

/** `t` as an ISO-8601 UTC timestamp, exactly as `Date.prototype.toISOString` writes it (but faster). */
export function isoTime(t: number): string {
  const ms = Math.floor(t);
  const day = Math.floor(ms / DAY);
  let rest = ms - day * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${calendarDay(day).date}T${PAD[h]}:${PAD[m]}:${PAD[sec]}.${PAD3[rest - sec * 1000]}Z`;
}

/** `t` as a local YYYY-MM-DD date. */
export function isoDate(t: number): string {
  return calendarDay(Math.floor((t + LOCAL_OFFSET) / DAY)).date;
}

const PAD: readonly string[] = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const PAD3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

/** Calendar facts of a day number (days since 1970-01-01), cached: formatting dates is hot. */
interface CalendarDay {
  readonly date: string;
  readonly month: number;
}
const DAYS = new Map<number, CalendarDay>();

let lastDay = Number.NaN;
let lastCalendarDay: CalendarDay = { date: "", month: 0 };

function calendarDay(day: number): CalendarDay {
  // Consecutive messages mostly fall on the same day.
  if (day === lastDay) return lastCalendarDay;
  let found = DAYS.get(day);
  if (found === undefined) {
    found = { date: formatDay(day), month: civilFromDays(day).month };
    DAYS.set(day, found);
  }
  lastDay = day;
  lastCalendarDay = found;
  return found;
}
