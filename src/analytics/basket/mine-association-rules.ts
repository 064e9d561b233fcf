/**
 * One call from transactions to rules, like arules' `apriori(data, parameter = list(support,
 * confidence, minlen, maxlen))`: mines every frequent itemset up to `maxLength` and derives the
 * rules of length `minLength … maxLength`.
 */
import { type AssociationRule, generateRules } from "./association-rules.js";
import type { ItemsetTable } from "./itemset-table.js";
import { mineFrequentItemsets } from "./mine-frequent-itemsets.js";
import type { BasketInput, BasketResult } from "./types.js";

/** Options of {@link mineAssociationRules}; lengths count |X| + |Y| as arules' minlen/maxlen. */
export interface AprioriOptions {
  readonly support: number;
  readonly confidence: number;
  /** Default 1: rules `{} ⇒ {y}` appear when supp(y) ≥ confidence, as in arules. */
  readonly minLength?: number;
  /** Default 10, as arules. */
  readonly maxLength?: number;
  readonly consequents?: "single" | "multi";
}

/** The itemsets mined and the rules derived from them. */
export interface AprioriResult {
  readonly itemsets: ItemsetTable;
  readonly rules: AssociationRule[];
}

/**
 * Mines frequent itemsets and association rules in one go.
 *
 * @example
 * const result = mineAssociationRules(baskets, { support: 0.001, confidence: 0.5 });
 * if (result.ok) console.log(result.value.rules.length); // 5668 on Groceries
 */
export function mineAssociationRules(
  input: BasketInput,
  options: AprioriOptions,
): BasketResult<AprioriResult> {
  const mined = mineFrequentItemsets(input, {
    support: options.support,
    ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
  });
  if (!mined.ok) return mined;
  const rules = generateRules(mined.value, {
    minConfidence: options.confidence,
    ...(options.minLength === undefined ? {} : { minLength: options.minLength }),
    ...(options.consequents === undefined ? {} : { consequents: options.consequents }),
  });
  if (!rules.ok) return rules;
  return { ok: true, value: { itemsets: mined.value, rules: rules.value } };
}
