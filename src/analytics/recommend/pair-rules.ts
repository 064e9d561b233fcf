/**
 * Single-item association rules `i ⇒ j` mined from basket co-occurrence, for cross-sell when no
 * rules from the basket module are at hand (and for the offline evaluation). Baskets are orders,
 * or a customer's lines at one instant.
 */
import { accumulateCoCounts, createCoCountScratch, resetCoCounts } from "./co-occurrence.js";
import { buildInteractionMatrix, byBasket, itemSupport } from "./interaction-matrix.js";
import { selectTopK } from "./top-k.js";
import type { AssociationRule, Purchase } from "./types.js";

/** A mined pair rule with its absolute and relative support. */
export interface PairRule extends AssociationRule {
  readonly support: number;
  readonly count: number;
}

/** Thresholds of {@link minePairRules}. */
export interface PairRuleOptions {
  /** Minimum baskets holding both items; default 5. */
  readonly minCount?: number;
  /** Default 0.1. */
  readonly minConfidence?: number;
  /** Default 1 (strictly above). */
  readonly minLift?: number;
  /** Rules kept per antecedent, best confidence first; default 20. */
  readonly maxPerItem?: number;
}

/**
 * Mines `i ⇒ j` rules with support = c_ij / B, confidence = c_ij / n_i, lift = confidence / (n_j / B)
 * over B baskets.
 *
 * @example
 * const index = buildComplementIndex(minePairRules(purchases, { minConfidence: 0.2 }));
 */
export function minePairRules(purchases: readonly Purchase[], options: PairRuleOptions = {}): PairRule[] {
  const minCount = options.minCount ?? 5;
  const minConfidence = options.minConfidence ?? 0.1;
  const minLift = options.minLift ?? 1;
  const maxPerItem = options.maxPerItem ?? 20;
  const matrix = buildInteractionMatrix(purchases, byBasket);
  const baskets = matrix.rowIds.length;
  const scratch = createCoCountScratch(matrix.itemIds.length);
  const rules: PairRule[] = [];
  for (let i = 0; i < matrix.itemIds.length; i++) {
    const ni = itemSupport(matrix, i);
    if (ni < minCount) continue;
    const touched = accumulateCoCounts(matrix, i, scratch);
    const lift = (j: number): number => (scratch.counts[j]! * baskets) / (ni * itemSupport(matrix, j));
    const keep = (j: number): number => {
      const c = scratch.counts[j]!;
      return c >= minCount && c / ni >= minConfidence && lift(j) > minLift ? c : Number.NEGATIVE_INFINITY;
    };
    for (const j of selectTopK(touched, (t) => scratch.touched[t]!, keep, maxPerItem)) {
      const count = scratch.counts[j]!;
      rules.push({
        antecedent: [matrix.itemIds[i]!],
        consequent: matrix.itemIds[j]!,
        confidence: count / ni,
        lift: lift(j),
        support: count / baskets,
        count,
      });
    }
    resetCoCounts(scratch, touched);
  }
  return rules;
}
