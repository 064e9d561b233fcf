/**
 * Maps item-level purchases to category-level purchases for the timing model.
 */
import type { CategoryPurchase } from "./types.js";

/**
 * Keeps purchases whose item has a category; `categoryOf` decides the level (leaf, or a coarser
 * one such as "jackets" for all jacket items).
 *
 * @example
 * toCategoryPurchases(purchases, (id) => catalogue.get(id)?.categoryPath.at(-1));
 */
export function toCategoryPurchases(
  purchases: readonly { readonly customerId: string; readonly itemId: string; readonly time: number }[],
  categoryOf: (itemId: string) => string | undefined,
): CategoryPurchase[] {
  const out: CategoryPurchase[] = [];
  for (const p of purchases) {
    const category = categoryOf(p.itemId);
    if (category !== undefined) out.push({ customerId: p.customerId, category, time: p.time });
  }
  return out;
}
