/**
 * Category-level baskets: rewrites product transactions as transactions of categories (or of a
 * category-path prefix at a given depth) before mining, so rules read "pasta ⇒ sauces" instead
 * of one rule per SKU.
 */
import { BasketError, type LabelTransaction } from "./types.js";

/** Options of {@link toCategoryTransactions}. */
export interface CategoryOptions {
  /** Use the first `depth` levels of each path (default: the whole path). */
  readonly depth?: number;
  /** Products without a category: dropped (default) or kept under their own id. */
  readonly unknown?: "drop" | "keep";
  /** Joins path levels into one label (default `" > "`). */
  readonly separator?: string;
}

/**
 * Maps every product to its category label and removes repeats inside each basket.
 *
 * @example
 * const categories = new Map([["sku-1", ["Food", "Pasta"]], ["sku-2", ["Food", "Sauces"]]]);
 * toCategoryTransactions([["sku-1", "sku-2"]], categories, { depth: 1 }); // [["Food"]]
 */
export function toCategoryTransactions(
  transactions: readonly LabelTransaction[],
  categories: ReadonlyMap<string, readonly string[]>,
  options: CategoryOptions = {},
): string[][] {
  const depth = options.depth ?? Number.POSITIVE_INFINITY;
  if (depth !== Number.POSITIVE_INFINITY && (!Number.isInteger(depth) || depth < 1)) {
    throw new BasketError("invalid_argument", `depth must be an integer ≥ 1, got ${depth}`);
  }
  const separator = options.separator ?? " > ";
  const keepUnknown = options.unknown === "keep";
  const labelOf = new Map<string, string | undefined>();
  const label = (product: string): string | undefined => {
    if (labelOf.has(product)) return labelOf.get(product);
    const path = categories.get(product);
    const value =
      path && path.length > 0 ? path.slice(0, depth).join(separator) : keepUnknown ? product : undefined;
    labelOf.set(product, value);
    return value;
  };
  return transactions.map((basket) => {
    const seen = new Set<string>();
    for (const product of basket) {
      const category = label(product);
      if (category !== undefined) seen.add(category);
    }
    return [...seen];
  });
}
