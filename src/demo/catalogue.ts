/**
 * The demo shop's product range, derived once from the group source data: product ids, brands,
 * list prices (EUR, and CHF for Swiss customers), category paths and tags. `demoShop()` is the
 * simulation's view (groups with popularity weights); `demoCatalogue()` the public product list.
 */
import type { Product } from "../protocol/index.js";
import { DRUGSTORE_GROUPS } from "./catalogue-drugstore.js";
import { ELECTRO_GROUPS } from "./catalogue-electro.js";
import { FRESH_GROUPS } from "./catalogue-fresh.js";
import { HOUSEHOLD_GROUPS } from "./catalogue-household.js";
import { LEISURE_GROUPS } from "./catalogue-leisure.js";
import { PANTRY_GROUPS } from "./catalogue-pantry.js";
import type { GroupSpec } from "./group-spec.js";

/** CHF list price = EUR list price × this, rounded to 5 Rappen (Swiss shelf prices run higher). */
const CHF_FACTOR = 1.1;

/** One sellable product with what the simulation needs beside the public record. */
export interface DemoItem {
  readonly product: Product;
  readonly groupIndex: number;
  readonly groupKey: string;
  /** Food and drink: taxed at the reduced VAT rate. */
  readonly reducedVat: boolean;
  /** Tagged `warranty` (appliances, electronics): may get a warranty registration. */
  readonly warranty: boolean;
  /** Tagged `durable` or costs 20 EUR or more: may get a review. */
  readonly reviewable: boolean;
  readonly priceEur: number;
  readonly priceChf: number;
  /** `categoryPath` joined with " > ", as line items carry it. */
  readonly category: string;
}

/** One leaf category with its products, most popular first. */
export interface DemoGroup {
  readonly spec: GroupSpec;
  readonly index: number;
  readonly items: readonly DemoItem[];
  /** Cumulative Zipf popularity over `items`, ending at 1. */
  readonly cumulative: readonly number[];
  readonly online: boolean;
  readonly warranty: boolean;
  /** Months (1–12) in which it is bought as a regular or impulse item; undefined: all year. */
  readonly season: readonly number[] | undefined;
}

/** The whole shop, indexed for the simulation. */
export interface DemoShop {
  readonly groups: readonly DemoGroup[];
  readonly items: readonly DemoItem[];
  /** The group with this key; throws on a key that is not in the source data (a bug in the demo). */
  group(key: string): DemoGroup;
}

let shop: DemoShop | undefined;

/** The shop, built on first use. */
export function demoShop(): DemoShop {
  shop ??= buildShop([
    ...FRESH_GROUPS,
    ...PANTRY_GROUPS,
    ...DRUGSTORE_GROUPS,
    ...HOUSEHOLD_GROUPS,
    ...ELECTRO_GROUPS,
    ...LEISURE_GROUPS,
  ]);
  return shop;
}

/**
 * The shop's product range as catalogue records (list prices in EUR), a fresh copy on each call.
 * @example
 * const dishwashers = demoCatalogue().filter((p) => p.categoryPath.includes("Geschirrspüler"));
 */
export function demoCatalogue(): Product[] {
  return demoShop().items.map(({ product }) => ({
    ...product,
    categoryPath: [...product.categoryPath],
    tags: [...product.tags],
  }));
}

/** Picks an item of a group by popularity for a uniform `u` in [0, 1). */
export function itemAt(group: DemoGroup, u: number): DemoItem {
  const { cumulative, items } = group;
  for (let i = 0; i < cumulative.length; i++) {
    if (u < (cumulative[i] as number)) return items[i] as DemoItem;
  }
  return items[items.length - 1] as DemoItem;
}

function buildShop(specs: readonly GroupSpec[]): DemoShop {
  const byKey = new Map<string, DemoGroup>();
  const groups = specs.map((spec, index) => {
    const group = buildGroup(spec, index);
    if (byKey.has(spec.key)) throw new Error(`duplicate demo group key ${spec.key}`);
    byKey.set(spec.key, group);
    return group;
  });
  return {
    groups,
    items: groups.flatMap((g) => g.items),
    group(key) {
      const found = byKey.get(key);
      if (!found) throw new Error(`unknown demo group key ${key}`);
      return found;
    },
  };
}

function buildGroup(spec: GroupSpec, index: number): DemoGroup {
  const tags = [...(spec.tags ?? [])];
  if (spec.cycleDays !== undefined) tags.push("replenishable");
  const category = spec.path.join(" > ");
  const items = spec.items.map((name, j): DemoItem => {
    const brand = spec.brands[j % spec.brands.length] as string;
    const priceEur = shelfPrice(
      spec.price[0] + (spec.price[1] - spec.price[0]) * spread(j, spec.items.length),
    );
    const product: Product = {
      id: `${spec.key}-${String(j + 1).padStart(2, "0")}`,
      name: `${brand} ${name}`,
      categoryPath: [...spec.path],
      price: priceEur,
      currency: "EUR",
      brand,
      tags: [...tags],
    };
    return {
      product,
      groupIndex: index,
      groupKey: spec.key,
      reducedVat: spec.reducedVat === true,
      warranty: tags.includes("warranty"),
      reviewable: tags.includes("durable") || priceEur >= 20,
      priceEur,
      priceChf: Math.round(priceEur * CHF_FACTOR * 20) / 20,
      category,
    };
  });
  const weights = items.map((_, j) => 1 / (j + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let running = 0;
  const cumulative = weights.map((w) => {
    running += w / total;
    return running;
  });
  cumulative[cumulative.length - 1] = 1;
  return {
    spec,
    index,
    items,
    cumulative,
    online: spec.online ?? true,
    warranty: tags.includes("warranty"),
    season: seasonOf(tags),
  };
}

/** Seasonal consumables sell in season; seasonal durables (jackets, grills) are planned separately. */
function seasonOf(tags: readonly string[]): readonly number[] | undefined {
  if (tags.includes("seasonal:summer")) return [4, 5, 6, 7, 8, 9];
  if (tags.includes("seasonal:winter") && !tags.includes("durable")) return [10, 11, 12, 1, 2, 3];
  return undefined;
}

/** Where item j of n sits in its group's price band: a fixed scatter, so popularity is not price order. */
function spread(j: number, n: number): number {
  if (n === 1) return 0.5;
  return (j * 0.618_034 + 0.15) % 1;
}

/** Rounds to a shelf price: 1.49, 12.99, 449.00. */
function shelfPrice(raw: number): number {
  if (raw < 10) return Math.round((Math.floor(raw * 10) / 10 + 0.09) * 100) / 100;
  if (raw < 100) return Math.floor(raw) + 0.99;
  return Math.round(raw / 10) * 10 - 1;
}
