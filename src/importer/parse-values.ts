/**
 * Cell parsers shared by the readers: numbers with decimal commas or thousands separators, and
 * dates in the shapes spreadsheets and address books write. A date without a zone is read as UTC
 * (the importer's documented choice: deterministic, and independent of the machine's zone).
 */

const THOUSANDS_DOT = /^[-+]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/;
const DECIMAL_COMMA = /^[-+]?\d*,\d+$/;
const THOUSANDS_COMMA = /^[-+]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/;
const SIMPLE = /^-?\d{1,15}(\.\d{1,15})?$/;
const PLAIN = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * `"12,99"` → 12.99 when `decimalComma`, `"1.299,00"` → 1299, `"1,299.00"` → 1299 otherwise;
 * currency symbols and spaces around the number are ignored. Undefined when not a number.
 */
export function parseNumber(text: string, decimalComma: boolean): number | undefined {
  if (SIMPLE.test(text) && !(decimalComma && THOUSANDS_DOT.test(text))) return Number(text);
  const cleaned = text.replace(/[\s\u00a0\u202f]|^[€£$]|[€£$]$/g, "");
  let normal: string | undefined;
  if (decimalComma && THOUSANDS_DOT.test(cleaned)) normal = cleaned.replaceAll(".", "").replace(",", ".");
  else if (decimalComma && DECIMAL_COMMA.test(cleaned)) normal = cleaned.replace(",", ".");
  else if (!decimalComma && THOUSANDS_COMMA.test(cleaned)) normal = cleaned.replaceAll(",", "");
  else if (PLAIN.test(cleaned)) normal = cleaned;
  if (normal === undefined) return undefined;
  const value = Number(normal);
  return Number.isFinite(value) ? value : undefined;
}

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  offsetMinutes: number;
}

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const BASIC = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?$/i;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;

/**
 * Reads `2010-12-01 08:26:00` (zone optional), `20101201T082600Z`, German `1.12.2010 08:26` and
 * US `12/1/2010 8:26 AM` (day first when the first number is above 12) into an ISO-8601 UTC string.
 */
export function parseDateTime(text: string): string | undefined {
  // Order lines repeat their order's date: remembering the last answer saves most of the work.
  if (text !== lastDateText) {
    lastDateText = text;
    lastDateValue = parseDateTimeUncached(text);
  }
  return lastDateValue;
}

let lastDateText: string | undefined;
let lastDateValue: string | undefined;

function parseDateTimeUncached(text: string): string | undefined {
  const parts = dateParts(text.trim());
  if (parts === undefined) return undefined;
  const local = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
    parts.millis,
  );
  const check = new Date(local);
  const sameDay =
    check.getUTCDate() === parts.day &&
    check.getUTCMonth() === parts.month - 1 &&
    check.getUTCFullYear() === parts.year;
  if (!sameDay || parts.hour > 23 || parts.minute > 59 || parts.second > 59) return undefined;
  return new Date(local - parts.offsetMinutes * 60_000).toISOString();
}

/** The calendar date of `text` as `YYYY-MM-DD` (times and zones ignored), or undefined. */
export function parseCalendarDate(text: string): string | undefined {
  const parts = dateParts(text.trim());
  if (parts === undefined) return undefined;
  const iso = parseDateTime(`${parts.year}-${parts.month}-${parts.day}`);
  return iso?.slice(0, 10);
}

/** Outlook writes a missing date as `0.0.00` or `0/0/00`. */
export function isEmptyDate(text: string): boolean {
  return /^0{1,2}[./-]0{1,2}[./-]0{2,4}$/.test(text.trim());
}

function dateParts(text: string): DateParts | undefined {
  const iso = ISO.exec(text);
  if (iso) return build([iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]], iso[7], iso[8]);
  const basic = BASIC.exec(text);
  if (basic) return build([basic[1], basic[2], basic[3], basic[4], basic[5], basic[6]], undefined, basic[7]);
  const dotted = DOTTED.exec(text);
  if (dotted)
    return build([dotted[3], dotted[2], dotted[1], dotted[4], dotted[5], dotted[6]], undefined, undefined);
  const slashed = SLASHED.exec(text);
  if (!slashed) return undefined;
  const [first, second] = [Number(slashed[1]), Number(slashed[2])];
  const [month, day] = first > 12 ? [second, first] : [first, second];
  const hour = twelveHour(Number(slashed[4] ?? 0), slashed[7]);
  return build(
    [slashed[3], String(month), String(day), String(hour), slashed[5], slashed[6]],
    undefined,
    undefined,
  );
}

/** Fields are year, month, day, hour, minute, second; absent time fields are 0. */
function build(
  fields: (string | undefined)[],
  fraction: string | undefined,
  zone: string | undefined,
): DateParts {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields.map((field) =>
    Number(field ?? 0),
  );
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  return { year, month, day, hour, minute, second, millis, offsetMinutes: offsetOf(zone) };
}

function offsetOf(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === "Z") return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

function twelveHour(hour: number, meridiem: string | undefined): number {
  if (meridiem === undefined) return hour;
  const base = hour % 12;
  return meridiem.toUpperCase() === "PM" ? base + 12 : base;
}
