/**
 * Placement suggestions: item pairs with high lift, to shelve (or list on one page) near each
 * other. Lift, not support, decides here: it says the two are bought together far more often than
 * their popularity alone would explain.
 */
import type { AssociationRule } from "./association-rules.js";
import { compareCodeUnits } from "./encode-transactions.js";
import { pairsFromRules } from "./rule-pairs.js";

/** Two items to place near each other. */
export interface PlacementSuggestion {
  readonly items: readonly [string, string];
  readonly lift: number;
  readonly count: number;
  readonly support: number;
}

/** Options of {@link placementSuggestions}. */
export interface PlacementOptions {
  /** Minimum lift (default 2). */
  readonly minLift?: number;
  /** Minimum number of baskets holding both (default 1; raise it to avoid flukes of rare items). */
  readonly minCount?: number;
  /** Keep at most this many pairs (default: all). */
  readonly limit?: number;
}

/**
 * Pairs from the 1 ⇒ 1 rules with lift ≥ `minLift`, highest lift first (count breaks ties).
 *
 * @example placementSuggestions(rules, { minLift: 3, minCount: 20, limit: 10 })
 */
export function placementSuggestions(
  rules: readonly AssociationRule[],
  options: PlacementOptions = {},
): PlacementSuggestion[] {
  const minLift = options.minLift ?? 2;
  const minCount = options.minCount ?? 1;
  const out: PlacementSuggestion[] = [];
  for (const pair of pairsFromRules(rules)) {
    if (pair.lift < minLift || pair.count < minCount) continue;
    out.push({ items: [pair.a, pair.b], lift: pair.lift, count: pair.count, support: pair.support });
  }
  out.sort(
    (x, y) =>
      y.lift - x.lift ||
      y.count - x.count ||
      compareCodeUnits(x.items[0], y.items[0]) ||
      compareCodeUnits(x.items[1], y.items[1]),
  );
  return options.limit === undefined ? out : out.slice(0, options.limit);
}
