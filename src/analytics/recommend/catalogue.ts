/**
 * Catalogue helpers: lookup by id, category keys and prefix tests on category paths
 * (`["Electronics", "Cameras"]` is inside `["Electronics"]`).
 */
import type { CatalogItem } from "./types.js";

/** Separator of category path segments in a category key. */
const SEPARATOR = " > ";

/** A string key for a category path: `["Electronics", "Cameras"]` → `"Electronics > Cameras"`. */
export function categoryKey(path: readonly string[]): string {
  return path.join(SEPARATOR);
}

/** Keys of every ancestor of a path and of the path itself, root first. */
export function categoryKeys(path: readonly string[]): string[] {
  return path.map((_, depth) => categoryKey(path.slice(0, depth + 1)));
}

/** Whether `path` equals `prefix` or lies below it. An empty prefix contains everything. */
export function isWithinCategory(path: readonly string[], prefix: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, depth) => path[depth] === segment);
}

/** Catalogue items by id. */
export function indexCatalogue(catalogue: readonly CatalogItem[]): ReadonlyMap<string, CatalogItem> {
  return new Map(catalogue.map((item) => [item.id, item]));
}

/** Ids of items flagged `replenishable`. */
export function replenishableItems(catalogue: readonly CatalogItem[]): ReadonlySet<string> {
  return new Set(catalogue.filter((item) => item.replenishable === true).map((item) => item.id));
}
