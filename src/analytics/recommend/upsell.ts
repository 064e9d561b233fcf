/**
 * Up-sell: for a bought item, dearer items of the same leaf category in a higher price band (entry
 * camera ⇒ mid-range camera), and accessories, i.e. items in categories configured as accessories
 * of the bought item's category (cameras ⇒ lenses, bags). Price bands are quantile bands of the
 * prices within each leaf category. Profiles are never used to raise a price (scenario 7): this
 * only chooses which of the shop's list-priced items to show.
 */
import { categoryKey, categoryKeys, indexCatalogue, isWithinCategory } from "./catalogue.js";
import type { ComplementScore } from "./complements.js";
import type { CatalogItem, ItemFilter, Recommendation } from "./types.js";

/** Items in any of `accessories` are accessories of items in `category` (prefixes). */
export interface AccessoryRule {
  readonly category: readonly string[];
  readonly accessories: readonly (readonly string[])[];
}

/** Options of {@link buildUpsellIndex}. */
export interface UpsellOptions {
  /** Quantile bands per leaf category; default 3 (entry, mid, premium). */
  readonly priceBands?: number;
  /** Up-sell only up to this multiple of the bought price; default 3. */
  readonly maxPriceRatio?: number;
  readonly accessories?: readonly AccessoryRule[];
}

/** Catalogue prepared for up-sell look-ups. */
export interface UpsellIndex {
  readonly byId: ReadonlyMap<string, CatalogItem>;
  readonly leafItems: ReadonlyMap<string, readonly CatalogItem[]>;
  readonly band: ReadonlyMap<string, number>;
  readonly categoryItems: ReadonlyMap<string, readonly CatalogItem[]>;
  readonly accessories: readonly AccessoryRule[];
  readonly maxPriceRatio: number;
}

/** Weight of an accessory relative to a next-band up-sell. */
const ACCESSORY_SCORE = 0.8;

function groupBy(items: readonly CatalogItem[], keysOf: (item: CatalogItem) => string[]) {
  const groups = new Map<string, CatalogItem[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      let list = groups.get(key);
      if (!list) {
        list = [];
        groups.set(key, list);
      }
      list.push(item);
    }
  }
  return groups;
}

/** Prepares the catalogue: leaf groups sorted by price, each item's price band, category members. */
export function buildUpsellIndex(
  catalogue: readonly CatalogItem[],
  options: UpsellOptions = {},
): UpsellIndex {
  const bands = options.priceBands ?? 3;
  const leafItems = groupBy(catalogue, (item) => [categoryKey(item.categoryPath)]);
  const band = new Map<string, number>();
  for (const list of leafItems.values()) {
    list.sort((a, b) => a.price - b.price);
    let firstAtPrice = 0;
    list.forEach((item, rank) => {
      if (rank > 0 && item.price > list[rank - 1]!.price) firstAtPrice = rank;
      band.set(item.id, Math.floor((firstAtPrice * bands) / list.length));
    });
  }
  return {
    byId: indexCatalogue(catalogue),
    leafItems,
    band,
    categoryItems: groupBy(catalogue, (item) => categoryKeys(item.categoryPath)),
    accessories: options.accessories ?? [],
    maxPriceRatio: options.maxPriceRatio ?? 3,
  };
}

/** Up-sell candidates for one bought item: next band scores 1, two bands up 1/2, accessories 0.8. */
export function upsellCandidates(index: UpsellIndex, itemId: string): Map<string, number> {
  const out = new Map<string, number>();
  const bought = index.byId.get(itemId);
  if (!bought) return out;
  const ownBand = index.band.get(itemId) ?? 0;
  for (const other of index.leafItems.get(categoryKey(bought.categoryPath)) ?? []) {
    const otherBand = index.band.get(other.id) ?? 0;
    if (otherBand <= ownBand || other.price <= bought.price) continue;
    if (other.price > bought.price * index.maxPriceRatio) continue;
    out.set(other.id, 1 / (otherBand - ownBand));
  }
  for (const rule of index.accessories) {
    if (!isWithinCategory(bought.categoryPath, rule.category)) continue;
    for (const path of rule.accessories) {
      for (const accessory of index.categoryItems.get(categoryKey(path)) ?? []) {
        if (accessory.id !== itemId)
          out.set(accessory.id, Math.max(out.get(accessory.id) ?? 0, ACCESSORY_SCORE));
      }
    }
  }
  return out;
}

/** Up-sell scores over all owned items (weights in (0, 1], e.g. recency); best source item wins. */
export function upsellScores(
  index: UpsellIndex,
  owned: ReadonlyMap<string, number>,
): Map<string, ComplementScore> {
  const out = new Map<string, ComplementScore>();
  for (const [itemId, weight] of owned) {
    for (const [candidate, score] of upsellCandidates(index, itemId)) {
      const weighted = score * weight;
      if ((out.get(candidate)?.score ?? 0) < weighted)
        out.set(candidate, { score: weighted, because: [itemId] });
    }
  }
  return out;
}

/**
 * Up-sell list for a set of owned items; owned items are not offered again.
 *
 * @example
 * upsell(buildUpsellIndex(catalogue, { accessories: [{ category: ["Cameras"], accessories: [["Camera bags"]] }] }), ["cam-entry"]);
 */
export function upsell(
  index: UpsellIndex,
  ownedItems: Iterable<string>,
  options: { readonly n?: number; readonly filter?: ItemFilter } = {},
): Recommendation[] {
  const owned = new Map([...ownedItems].map((item) => [item, 1] as const));
  return [...upsellScores(index, owned)]
    .filter(([itemId]) => !owned.has(itemId) && (options.filter?.(itemId) ?? true))
    .sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.n ?? 10)
    .map(([itemId, s]) => ({ itemId, score: s.score, reason: "upsell", because: s.because }));
}
