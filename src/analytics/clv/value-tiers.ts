/**
 * Quantile value tiers on CLV (or any score) and churn risk = 1 − P(alive), the two summaries
 * a marketer acts on: "who is worth most" and "who is slipping away".
 */

/** Tier of each value (0 = lowest) and the quantile cut points between tiers. */
export interface ValueTiers {
  /** `labels[tiers[i]]` is the tier of `values[i]`. */
  readonly tiers: number[];
  /** Ascending cut points; a value above `cutPoints[j]` is in tier j + 1 or higher. */
  readonly cutPoints: number[];
  readonly labels: readonly string[];
}

/** Default tier names, lowest first. */
export const DEFAULT_TIER_LABELS: readonly string[] = ["low", "medium", "high", "top"];

/**
 * Splits values into `labels.length` tiers at equally spaced quantiles (linear interpolation,
 * R's type 7). Ties at a cut point go to the lower tier. Non-finite values are placed with the
 * nearest end (−∞ and NaN lowest, +∞ highest).
 *
 * @example valueTiers([1, 2, 3, 4], ["low", "high"]).tiers // [0, 0, 1, 1]
 */
export function valueTiers(
  values: readonly number[],
  labels: readonly string[] = DEFAULT_TIER_LABELS,
): ValueTiers {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  const count = Math.max(1, labels.length);
  const cutPoints: number[] = [];
  for (let j = 1; j < count; j++) cutPoints.push(quantile(finite, j / count));
  const tiers = values.map((v) => {
    if (Number.isNaN(v) || v === Number.NEGATIVE_INFINITY) return 0;
    let tier = 0;
    while (tier < cutPoints.length && v > (cutPoints[tier] ?? Number.POSITIVE_INFINITY)) tier++;
    return tier;
  });
  return { tiers, cutPoints, labels };
}

/** Type-7 quantile of sorted values; 0 for an empty list. */
export function quantile(sorted: readonly number[], probability: number): number {
  if (sorted.length === 0) return 0;
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, probability));
  const lo = Math.floor(h);
  const below = sorted[lo] ?? 0;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] ?? below;
  return below + (h - lo) * (above - below);
}

/** Churn risk 1 − P(alive), clamped to [0, 1]; NaN counts as certain churn. */
export function churnRisk(probabilityAlive: number): number {
  if (Number.isNaN(probabilityAlive)) return 1;
  return Math.min(1, Math.max(0, 1 - probabilityAlive));
}
