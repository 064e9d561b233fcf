/**
 * Turns label transactions (arrays of strings) into dense integer transactions plus a label
 * dictionary, the form the FP-Growth miner works on.
 */
import type { LabelTransaction } from "./types.js";

/** Transactions as dense ids into `labels`; labels are sorted by UTF-16 code units. */
export interface EncodedTransactions {
  readonly labels: readonly string[];
  readonly transactions: readonly Int32Array[];
}

/**
 * Encodes items to dense ids. Ids follow the sorted label order, so itemsets come out with their
 * items in a stable, locale-independent order. Duplicates inside a transaction are kept here and
 * counted once by the miner.
 *
 * @example encodeTransactions([["milk", "bread"], ["milk"]]).labels // ["bread", "milk"]
 */
export function encodeTransactions(transactions: readonly LabelTransaction[]): EncodedTransactions {
  const firstSeen = new Map<string, number>();
  for (const basket of transactions) {
    for (const label of basket) if (!firstSeen.has(label)) firstSeen.set(label, firstSeen.size);
  }
  const labels = [...firstSeen.keys()].sort(compareCodeUnits);
  const idOf = new Map<string, number>();
  for (let i = 0; i < labels.length; i++) idOf.set(labels[i]!, i);
  const encoded = transactions.map((basket) => {
    const ids = new Int32Array(basket.length);
    for (let i = 0; i < basket.length; i++) ids[i] = idOf.get(basket[i]!)!;
    return ids;
  });
  return { labels, transactions: encoded };
}

/** Plain code-unit comparison: deterministic on every platform, unlike `localeCompare`. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
