/**
 * The support threshold and length bounds, validated once and turned into the integer count
 * the miner compares against, exactly as arules (Borgelt's apriori/eclat C code) does.
 */
import type { BasketIssue, BasketResult, MiningOptions } from "./types.js";

/** arules' default `maxlen` for apriori and eclat. */
export const DEFAULT_MAX_LENGTH = 10;

/** Validated mining parameters. */
export interface MiningThresholds {
  readonly transactionCount: number;
  readonly minCount: number;
  readonly minLength: number;
  readonly maxLength: number;
}

/**
 * Smallest absolute count that makes an itemset frequent: `ceil(support × N)` computed in double
 * precision like arules' `(int)ceil(tacnt * supp)`, but never below 1 (an itemset that occurs in
 * no transaction is not frequent).
 *
 * @example minimumCount(0.001, 9835) // 10
 */
export function minimumCount(support: number, transactionCount: number): number {
  return Math.max(1, Math.ceil(transactionCount * support));
}

/** Checks `options` and derives the integer thresholds for a database of `transactionCount` baskets. */
export function resolveThresholds(
  options: MiningOptions,
  transactionCount: number,
): BasketResult<MiningThresholds> {
  const issues: BasketIssue[] = [];
  const { support } = options;
  if (!Number.isFinite(support) || support <= 0 || support > 1) {
    issues.push({ code: "invalid_support", message: `support must be in (0, 1], got ${support}` });
  }
  const minLength = options.minLength ?? 1;
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (!Number.isInteger(minLength) || minLength < 1) {
    issues.push({ code: "invalid_length", message: `minLength must be an integer ≥ 1, got ${minLength}` });
  }
  if (!(Number.isInteger(maxLength) || maxLength === Number.POSITIVE_INFINITY) || maxLength < minLength) {
    issues.push({
      code: "invalid_length",
      message: `maxLength must be an integer ≥ minLength (${minLength}), got ${maxLength}`,
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: { transactionCount, minCount: minimumCount(support, transactionCount), minLength, maxLength },
  };
}
