/**
 * Purchase occasions and inter-purchase intervals. Purchases closer together than a minimum gap
 * (default one day: several lines of one shopping trip, or a top-up the next morning) form one
 * occasion, so that intervals are never zero and their logarithm is always finite.
 */

/** Milliseconds per day. */
export const DAY_MS = 86_400_000;

/**
 * Sorted occasion start times: a purchase less than `minGapDays` after the current occasion's
 * start joins that occasion.
 *
 * @example
 * purchaseOccasions([t, t + 3_600_000, t + 7 * DAY_MS], 1); // [t, t + 7 days]
 */
export function purchaseOccasions(times: readonly number[], minGapDays = 1): number[] {
  const sorted = times.filter(Number.isFinite).sort((a, b) => a - b);
  const occasions: number[] = [];
  for (const time of sorted) {
    const last = occasions.at(-1);
    if (last === undefined || time - last >= minGapDays * DAY_MS) occasions.push(time);
  }
  return occasions;
}

/** Days between consecutive occasions (each at least `minGapDays`). */
export function interPurchaseIntervals(times: readonly number[], minGapDays = 1): number[] {
  const occasions = purchaseOccasions(times, minGapDays);
  return occasions.slice(1).map((time, i) => Math.max(minGapDays, (time - occasions[i]!) / DAY_MS));
}
