/**
 * Public entry point for frequent-itemset mining: accepts label or id transactions, validates the
 * options, ranks the items and runs FP-Growth. Results match arules' apriori/eclat exactly
 * (same minimum count, same itemsets, same counts).
 */
import { encodeTransactions } from "./encode-transactions.js";
import { growItemsets } from "./fp-growth.js";
import { type ItemsetTable, ItemsetTableBuilder } from "./itemset-table.js";
import { resolveThresholds } from "./minimum-count.js";
import { rankDatabase } from "./ranked-database.js";
import type { BasketInput, BasketResult, IdTransaction, LabelTransaction, MiningOptions } from "./types.js";

/**
 * Finds every itemset whose count is at least `ceil(support × N)`, with `minLength ≤ size ≤
 * maxLength` (defaults 1 and 10, as arules). An item repeated inside one transaction counts once.
 *
 * @example
 * const result = mineFrequentItemsets([["milk", "bread"], ["milk"]], { support: 0.5 });
 * if (result.ok) listItemsets(result.value); // {milk}: 2, {bread}: 1, {bread, milk}: 1
 */
export function mineFrequentItemsets(input: BasketInput, options: MiningOptions): BasketResult<ItemsetTable> {
  let ids: readonly IdTransaction[];
  let labels: readonly string[] | undefined;
  if (holdsLabels(input)) {
    const encoded = encodeTransactions(input);
    ids = encoded.transactions;
    labels = encoded.labels;
  } else {
    ids = input;
  }
  const thresholds = resolveThresholds(options, ids.length);
  if (!thresholds.ok) return thresholds;
  const { minCount, minLength, maxLength, transactionCount } = thresholds.value;
  const ranked = rankDatabase(ids, minCount);
  if (!ranked.ok) return ranked;
  const out = new ItemsetTableBuilder();
  growItemsets(ranked.value, { minCount, minLength, maxLength }, out);
  const meta = { transactionCount, minCount, minLength, maxLength, labels };
  return { ok: true, value: out.build(meta, ranked.value.rankToId) };
}

function holdsLabels(input: BasketInput): input is readonly LabelTransaction[] {
  for (const basket of input) if (basket.length > 0) return typeof basket[0] === "string";
  return false;
}
