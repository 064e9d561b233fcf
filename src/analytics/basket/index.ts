/**
 * Public surface of market-basket analysis: FP-Growth frequent itemsets and association rules
 * that match R's arules exactly, product-facing outputs built on the rules, category-level
 * baskets and readers for the two text formats. Pure algorithms: no storage, no server.
 */
export {
  type AssociationRule,
  byLiftThenCount,
  generateRules,
  type RuleOptions,
} from "./association-rules.js";
export { type CategoryOptions, toCategoryTransactions } from "./category-transactions.js";
export {
  type ComplementaryPair,
  type ComplementaryPairOptions,
  complementaryPairs,
} from "./complementary-pairs.js";
export { type AlsoBought, type AlsoBoughtOptions, customersAlsoBought } from "./customers-also-bought.js";
export { type EncodedTransactions, encodeTransactions } from "./encode-transactions.js";
export { groupTabularRecords, type TabularColumns } from "./group-tabular-records.js";
export { countBySize, type Itemset, type ItemsetTable, itemLabel, listItemsets } from "./itemset-table.js";
export { type AprioriOptions, type AprioriResult, mineAssociationRules } from "./mine-association-rules.js";
export { mineFrequentItemsets } from "./mine-frequent-itemsets.js";
export { DEFAULT_MAX_LENGTH, minimumCount } from "./minimum-count.js";
export {
  type PlacementOptions,
  type PlacementSuggestion,
  placementSuggestions,
} from "./placement-suggestions.js";
export {
  type BasketSeparator,
  detectSeparator,
  readBasketLines,
  splitBasketLine,
} from "./read-basket-lines.js";
export { type AssociationRuleJson, ruleToJson } from "./rule-json.js";
export { type RuleMeasures, ruleMeasures } from "./rule-measures.js";
export {
  BasketError,
  type BasketErrorCode,
  type BasketInput,
  type BasketIssue,
  type BasketResult,
  type IdTransaction,
  type LabelTransaction,
  type MiningOptions,
} from "./types.js";
