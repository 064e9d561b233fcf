/**
 * Cross-sell from complementary items. Takes association rules `{a, b} ⇒ c` in the basket
 * module's shape (or those of {@link minePairRules}) and answers, for the items a person owns,
 * which consequents complete their purchases: dishwasher ⇒ dishwasher tabs.
 */
import type { AssociationRule, ItemFilter, Recommendation } from "./types.js";

/** Rules indexed by their first antecedent item. */
export interface ComplementIndex {
  readonly byFirstAntecedent: ReadonlyMap<string, readonly AssociationRule[]>;
}

/** A scored complementary item and the owned items that led to it. */
export interface ComplementScore {
  readonly score: number;
  readonly because: readonly string[];
}

/**
 * Indexes rules with lift above `minLift` (default 1: only positively associated items) and
 * confidence of at least `minConfidence` (default 0).
 */
export function buildComplementIndex(
  rules: readonly AssociationRule[],
  options: { readonly minLift?: number; readonly minConfidence?: number } = {},
): ComplementIndex {
  const minLift = options.minLift ?? 1;
  const minConfidence = options.minConfidence ?? 0;
  const byFirstAntecedent = new Map<string, AssociationRule[]>();
  for (const rule of rules) {
    const first = rule.antecedent[0];
    if (first === undefined || rule.lift <= minLift || rule.confidence < minConfidence) continue;
    let list = byFirstAntecedent.get(first);
    if (!list) {
      list = [];
      byFirstAntecedent.set(first, list);
    }
    list.push(rule);
  }
  return { byFirstAntecedent };
}

/**
 * Scores consequents of rules whose whole antecedent is owned. `owned` maps each owned item to a
 * weight in (0, 1] (recency); a rule scores `confidence × least antecedent weight`, and an item
 * reached by several rules keeps its best one.
 */
export function complementScores(
  index: ComplementIndex,
  owned: ReadonlyMap<string, number>,
): Map<string, ComplementScore> {
  const out = new Map<string, ComplementScore>();
  for (const item of owned.keys()) {
    for (const rule of index.byFirstAntecedent.get(item) ?? []) {
      let weight = 1;
      for (const a of rule.antecedent) weight = Math.min(weight, owned.get(a) ?? 0);
      const score = rule.confidence * weight;
      if (score <= 0 || (out.get(rule.consequent)?.score ?? 0) >= score) continue;
      out.set(rule.consequent, { score, because: rule.antecedent });
    }
  }
  return out;
}

/**
 * Cross-sell list for a set of owned items; owned items themselves are not offered again.
 *
 * @example
 * crossSell(index, ["dishwasher-x"]); // [{ itemId: "tabs-40", reason: "complementary", because: ["dishwasher-x"], ... }]
 */
export function crossSell(
  index: ComplementIndex,
  ownedItems: Iterable<string>,
  options: { readonly n?: number; readonly filter?: ItemFilter } = {},
): Recommendation[] {
  const owned = new Map([...ownedItems].map((item) => [item, 1] as const));
  return [...complementScores(index, owned)]
    .filter(([itemId]) => !owned.has(itemId) && (options.filter?.(itemId) ?? true))
    .sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.n ?? 10)
    .map(([itemId, s]) => ({ itemId, score: s.score, reason: "complementary", because: s.because }));
}
