/**
 * Calendar days as integers (epoch days, UTC): parsing the date formats the CLV inputs use and
 * formatting them back. Times of day are ignored, since the models work on purchase days.
 */

/** Accepted date layouts; `auto` takes ISO, yyyymmdd and dd.mm.yyyy, which are unambiguous. */
export type DateFormat = "auto" | "iso" | "yyyymmdd" | "dmy" | "mdy";

/** The layouts `parseDay` understands, for option validation and help texts. */
export const DATE_FORMATS: readonly DateFormat[] = ["auto", "iso", "yyyymmdd", "dmy", "mdy"];

const MS_PER_DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[ T])/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DAY_FIRST_DOT = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:$|\s)/;
const SEPARATED = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:$|\s)/;

/**
 * Epoch day of a date string, or undefined when it does not parse or is not a real date.
 *
 * @example parseDay("19970930", "auto") === parseDay("1997-09-30", "iso") // true
 */
export function parseDay(text: string, format: DateFormat = "auto"): number | undefined {
  const s = text.trim();
  const parts = matchParts(s, format);
  return parts === undefined ? undefined : toEpochDay(parts[0], parts[1], parts[2]);
}

/** YYYY-MM-DD of an epoch day. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function matchParts(s: string, format: DateFormat): [number, number, number] | undefined {
  const ymd = (m: RegExpMatchArray | null, y: number, mo: number, d: number) =>
    m ? ([Number(m[y]), Number(m[mo]), Number(m[d])] as [number, number, number]) : undefined;
  switch (format) {
    case "iso":
      return ymd(s.match(ISO), 1, 2, 3);
    case "yyyymmdd":
      return ymd(s.match(COMPACT), 1, 2, 3);
    case "dmy":
      return ymd(s.match(SEPARATED), 3, 2, 1);
    case "mdy":
      return ymd(s.match(SEPARATED), 3, 1, 2);
    case "auto":
      return (
        ymd(s.match(ISO), 1, 2, 3) ?? ymd(s.match(COMPACT), 1, 2, 3) ?? ymd(s.match(DAY_FIRST_DOT), 3, 2, 1)
      );
  }
}

function toEpochDay(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return ms / MS_PER_DAY;
}
