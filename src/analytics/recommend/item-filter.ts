/**
 * The filter hook that keeps items out of every recommendation list: sensitive items and
 * categories (special-category data must not leak into offers, see scenario 7), items outside the
 * shop's own range, and anything else the caller decides.
 */
import { indexCatalogue, isWithinCategory } from "./catalogue.js";
import type { CatalogItem, ItemFilter } from "./types.js";

/** Options of {@link createItemFilter}. */
export interface ItemFilterOptions {
  readonly catalogue?: readonly CatalogItem[];
  /** Drop items flagged `sensitive` in the catalogue; default true. */
  readonly excludeSensitive?: boolean;
  /** Drop items inside any of these category paths (prefixes), e.g. `[["Pharmacy"]]`. */
  readonly excludeCategories?: readonly (readonly string[])[];
  /** Only these items may be recommended ("only from the shop's own range"). */
  readonly allowedItems?: Iterable<string>;
  /** With a catalogue: only catalogue items may be recommended; default true. */
  readonly catalogueOnly?: boolean;
  /** Further predicate, applied last. */
  readonly custom?: ItemFilter;
}

/**
 * Builds an {@link ItemFilter}: an item passes when it is allowed, in the catalogue (if one is
 * given), not sensitive and not in an excluded category. Items not in the catalogue have no
 * category, so only `allowedItems` and `catalogueOnly` can keep them out.
 *
 * @example
 * const filter = createItemFilter({ catalogue, excludeCategories: [["Health"]] });
 * recommendForPerson(model, history, { filter });
 */
export function createItemFilter(options: ItemFilterOptions = {}): ItemFilter {
  const byId = indexCatalogue(options.catalogue ?? []);
  const allowed = options.allowedItems ? new Set(options.allowedItems) : undefined;
  const excludeSensitive = options.excludeSensitive ?? true;
  const catalogueOnly = options.catalogue !== undefined && (options.catalogueOnly ?? true);
  const excluded = options.excludeCategories ?? [];
  return (itemId) => {
    if (allowed && !allowed.has(itemId)) return false;
    const item = byId.get(itemId);
    if (!item) return !catalogueOnly && (options.custom?.(itemId) ?? true);
    if (excludeSensitive && item.sensitive === true) return false;
    if (excluded.some((prefix) => isWithinCategory(item.categoryPath, prefix))) return false;
    return options.custom?.(itemId) ?? true;
  };
}
