/**
 * Which products customers buy again and again, learnt from the purchases themselves: a product
 * is replenishable when enough of its buyers bought it on at least two different days. Shops that
 * tag their catalogue (`replenishable`) need not wait for the data; shops that do not (a wholesaler's
 * export, a new range) get the same "buy it again" behaviour from what their customers do.
 */
import type { Purchase } from "./types.js";

/** Options of {@link repeatPurchaseItems}. */
export interface RepeatPurchaseOptions {
  /** Buyers a product needs before its repeat share means anything; default 10. */
  readonly minBuyers?: number;
  /** Share of buyers who bought it on two or more days; default 0.3. */
  readonly minRepeatShare?: number;
}

const DAY_MS = 86_400_000;

/**
 * @example
 * repeatPurchaseItems(purchases); // Set { "tabs-40", "coffee-500g", ... }
 */
export function repeatPurchaseItems(
  purchases: readonly Purchase[],
  options: RepeatPurchaseOptions = {},
): Set<string> {
  const minBuyers = options.minBuyers ?? 10;
  const minShare = options.minRepeatShare ?? 0.3;
  // item → customer → first day seen, or -1 once a second day was seen
  const days = new Map<string, Map<string, number>>();
  for (const p of purchases) {
    let buyers = days.get(p.itemId);
    if (!buyers) {
      buyers = new Map();
      days.set(p.itemId, buyers);
    }
    const day = Math.floor(p.time / DAY_MS);
    const seen = buyers.get(p.customerId);
    if (seen === undefined) buyers.set(p.customerId, day);
    else if (seen !== -1 && seen !== day) buyers.set(p.customerId, -1);
  }
  const out = new Set<string>();
  for (const [itemId, buyers] of days) {
    if (buyers.size < minBuyers) continue;
    let repeat = 0;
    for (const day of buyers.values()) if (day === -1) repeat++;
    if (repeat / buyers.size >= minShare) out.add(itemId);
  }
  return out;
}
