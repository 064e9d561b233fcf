/**
 * Shared value types of the recommend context: purchases and catalogue items as they come in,
 * association rules as the basket module hands them over, and recommendations as they go out.
 *
 * Privacy: recommendations are personalisation. The caller must check the person's consent for
 * personalised offers before calling any per-person function here; this module never sees
 * consent and assumes it was given. Sensitive items and categories are kept out with an
 * {@link ItemFilter} (see `createItemFilter`).
 */

/** One purchased line. `time` is epoch milliseconds. */
export interface Purchase {
  readonly customerId: string;
  readonly itemId: string;
  readonly time: number;
  readonly quantity?: number;
  readonly price?: number;
  /** Order/invoice id; when absent, lines of one customer at the same `time` form one basket. */
  readonly orderId?: string;
}

/** One product of the shop's own range. `categoryPath` runs from the root to the leaf. */
export interface CatalogItem {
  readonly id: string;
  readonly name: string;
  readonly categoryPath: readonly string[];
  readonly price: number;
  readonly brand?: string;
  readonly tags?: readonly string[];
  /** Bought again and again (tabs, coffee): may be recommended although already owned. */
  readonly replenishable?: boolean;
  /** Special-category or otherwise sensitive (health, sexuality, ...): never recommended by default. */
  readonly sensitive?: boolean;
}

/** An association rule `antecedent ⇒ consequent`, e.g. from the basket module. */
export interface AssociationRule {
  readonly antecedent: readonly string[];
  readonly consequent: string;
  readonly confidence: number;
  readonly lift: number;
}

/** Why an item was recommended. */
export type RecommendationReason = "also_bought" | "complementary" | "upsell" | "buy_again" | "popular";

/** One recommended item with its explanation: "because you bought {because}". */
export interface Recommendation {
  readonly itemId: string;
  readonly score: number;
  readonly reason: RecommendationReason;
  /** Items of the person's history that led to this one; empty for `popular`. */
  readonly because: readonly string[];
}

/** Decides whether an item may be recommended at all (sensitivity, own range, ...). */
export type ItemFilter = (itemId: string) => boolean;

/** Codes of {@link RecommendError}: caller bugs or broken invariants, not bad data. */
export type RecommendErrorCode = "invalid_argument" | "not_positive_definite";

/** Thrown for invariant violations (programming errors) inside the recommend context. */
export class RecommendError extends Error {
  override readonly name = "RecommendError";
  readonly code: RecommendErrorCode;

  constructor(code: RecommendErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
