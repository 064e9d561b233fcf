/**
 * Retention periods as ISO-8601 durations (`P3Y`, `P18M`, `P90D`, `P2W`, `PT12H`): checked when a
 * declaration loads, and spelled out for the record of processing.
 */

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNITS = ["year", "month", "week", "day", "hour", "minute", "second"] as const;

export function isIsoDuration(text: string): boolean {
  return DURATION.test(text);
}

/**
 * `P3Y` → "3 years", `P1Y6M` → "1 year 6 months"; anything else is returned as it is.
 *
 * @example describeDuration("P90D") // "90 days"
 */
export function describeDuration(text: string): string {
  const match = DURATION.exec(text);
  if (match === null) return text;
  const parts: string[] = [];
  UNITS.forEach((unit, i) => {
    const value = match[i + 1];
    if (value === undefined) return;
    const n = Number(value);
    parts.push(`${n} ${unit}${n === 1 ? "" : "s"}`);
  });
  return parts.join(" ");
}

/** Approximate length in days (years of 365, months of 30 days), for comparing and sorting. */
export function durationDays(text: string): number {
  const match = DURATION.exec(text);
  if (match === null) return Number.NaN;
  const days = [365, 30, 7, 1, 1 / 24, 1 / 1440, 1 / 86_400];
  return days.reduce((sum, perUnit, i) => sum + Number(match[i + 1] ?? 0) * perUnit, 0);
}
