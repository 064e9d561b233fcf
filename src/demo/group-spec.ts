/**
 * The shape of the demo catalogue's source data: one `GroupSpec` per leaf category ("group"),
 * from which `catalogue.ts` derives the products. Groups are also the unit the shopping
 * simulation reasons in (a household "needs milk", then picks one milk product).
 */

/** One leaf category of the demo shop and the products in it. */
export interface GroupSpec {
  /** Stable key, also the prefix of every product id in the group (`pasta` → `pasta-01`). */
  readonly key: string;
  /** Category path from the root, e.g. `["Lebensmittel", "Nudeln & Reis", "Nudeln"]`. */
  readonly path: readonly string[];
  /** Brands, assigned to the items round-robin. */
  readonly brands: readonly string[];
  /** Product names without the brand; the first ones are the most popular. */
  readonly items: readonly string[];
  /** List price band in EUR; items are spread over it. */
  readonly price: readonly [number, number];
  /** Extra catalogue tags (`sensitive:*`, `warranty`, `seasonal:winter`, ...). */
  readonly tags?: readonly string[];
  /** Typical days between two purchases by a household that buys it regularly; marks it `replenishable`. */
  readonly cycleDays?: number;
  /** Sold in the web shop too (fresh food is store-only). Default true. */
  readonly online?: boolean;
  /** Food and drink taxed at the reduced VAT rate. */
  readonly reducedVat?: boolean;
  /** What shoppers type into the web shop's search box when they look for this. */
  readonly queries?: readonly string[];
}
