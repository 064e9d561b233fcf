/**
 * Popularity baseline: items ranked by the number of distinct customers who bought them, globally
 * and within every category (each level of the category path). Also the fallback that fills a
 * personal list when a person's history yields too few candidates.
 */
import { categoryKey, categoryKeys } from "./catalogue.js";
import type { CatalogItem, ItemFilter, Purchase, Recommendation } from "./types.js";

/** Ranked item lists; `counts` holds distinct customers per item. */
export interface PopularityModel {
  readonly ranked: readonly string[];
  readonly counts: ReadonlyMap<string, number>;
  readonly byCategory: ReadonlyMap<string, readonly string[]>;
  readonly maxCount: number;
}

/** Options of {@link popularItems}. */
export interface PopularOptions {
  readonly n?: number;
  /** Items to leave out (typically those the person owns). */
  readonly exclude?: ReadonlySet<string>;
  readonly filter?: ItemFilter;
  /** Rank within this category (a path or a prefix of one) instead of globally. */
  readonly category?: readonly string[];
}

/**
 * Counts distinct customers per item; with a catalogue, also ranks within categories.
 *
 * @example
 * const pop = buildPopularity(purchases, catalogue);
 * popularItems(pop, { n: 5, category: ["Kitchen"] });
 */
export function buildPopularity(
  purchases: readonly Purchase[],
  catalogue: readonly CatalogItem[] = [],
): PopularityModel {
  const buyers = new Map<string, Set<string>>();
  for (const p of purchases) {
    let set = buyers.get(p.itemId);
    if (!set) {
      set = new Set();
      buyers.set(p.itemId, set);
    }
    set.add(p.customerId);
  }
  return popularityFromCounts(
    new Map([...buyers].map(([item, set]) => [item, set.size] as const)),
    catalogue,
  );
}

/** {@link buildPopularity} from buyer counts per item that were computed (and stored) before. */
export function popularityFromCounts(
  counts: ReadonlyMap<string, number>,
  catalogue: readonly CatalogItem[] = [],
): PopularityModel {
  const ranked = [...counts.keys()].sort(
    (a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0),
  );
  const rank = new Map(ranked.map((item, i) => [item, i] as const));
  const byCategory = new Map<string, string[]>();
  for (const item of catalogue) {
    if (!counts.has(item.id)) continue;
    for (const key of categoryKeys(item.categoryPath)) {
      let list = byCategory.get(key);
      if (!list) {
        list = [];
        byCategory.set(key, list);
      }
      list.push(item.id);
    }
  }
  for (const list of byCategory.values()) list.sort((a, b) => rank.get(a)! - rank.get(b)!);
  return { ranked, counts, byCategory, maxCount: counts.get(ranked[0] ?? "") ?? 0 };
}

/** The most popular items that are neither excluded nor filtered out; reason `popular`. */
export function popularItems(model: PopularityModel, options: PopularOptions = {}): Recommendation[] {
  const n = options.n ?? 10;
  const list = options.category ? (model.byCategory.get(categoryKey(options.category)) ?? []) : model.ranked;
  const out: Recommendation[] = [];
  for (const itemId of list) {
    if (out.length >= n) break;
    if (options.exclude?.has(itemId) || (options.filter && !options.filter(itemId))) continue;
    out.push({
      itemId,
      score: (model.counts.get(itemId) ?? 0) / Math.max(1, model.maxCount),
      reason: "popular",
      because: [],
    });
  }
  return out;
}
