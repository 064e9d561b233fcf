/**
 * Shared types of the market-basket context: inputs, options, issues and the error class for
 * invariant violations. Algorithms live in their own modules; this file holds no logic beyond
 * the error class.
 */

/** One transaction (basket) as item labels, e.g. product ids or names. */
export type LabelTransaction = readonly string[];

/** One transaction as non-negative integer item ids (pre-encoded input, the fast path). */
export type IdTransaction = ArrayLike<number>;

/** Either form of transaction list accepted by the miner. */
export type BasketInput = readonly LabelTransaction[] | readonly IdTransaction[];

/** An expected, user-facing problem with the input or the options (results as values). */
export type BasketIssue =
  | { code: "invalid_support"; message: string }
  | { code: "invalid_confidence"; message: string }
  | { code: "invalid_length"; message: string }
  | { code: "invalid_item_id"; message: string };

/** A value or the issues that prevented it. */
export type BasketResult<T> = { ok: true; value: T } | { ok: false; issues: BasketIssue[] };

/** Codes of {@link BasketError}: caller bugs, not bad data. */
export type BasketErrorCode = "invalid_argument" | "incomplete_table";

/** Thrown for invariant violations (programming errors) inside the basket context. */
export class BasketError extends Error {
  override readonly name = "BasketError";
  readonly code: BasketErrorCode;

  constructor(code: BasketErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Options of {@link mineFrequentItemsets}. */
export interface MiningOptions {
  /** Minimum relative support in (0, 1]; an itemset is frequent when count ≥ ceil(support × N). */
  readonly support: number;
  /** Smallest itemset size reported (default 1). Smaller sets are still mined, just not reported. */
  readonly minLength?: number;
  /** Largest itemset size mined (default 10, as arules' `maxlen`). */
  readonly maxLength?: number;
}
