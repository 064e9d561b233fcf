/**
 * Interest measures of an association rule X ⇒ Y from three counts, computed with the same
 * formulas (and the same floating-point operations) as arules.
 */

/** Quality measures of one rule. */
export interface RuleMeasures {
  /** Transactions holding X ∪ Y. */
  readonly count: number;
  /** count / N. */
  readonly support: number;
  /** count / count(X); 1 when X is empty and N = count. */
  readonly confidence: number;
  /** count(X) / N, the antecedent's support (1 for an empty antecedent). */
  readonly coverage: number;
  /** confidence / supp(Y), computed as confidence × N / count(Y) like arules. */
  readonly lift: number;
  /** supp(X ∪ Y) − supp(X) × supp(Y). */
  readonly leverage: number;
  /** (1 − supp(Y)) / (1 − confidence); `Infinity` when confidence = 1. */
  readonly conviction: number;
}

/**
 * Measures of X ⇒ Y from count(X ∪ Y), count(X) (N for an empty X), count(Y) and N.
 *
 * @example ruleMeasures(12, 19, 327, 9835).lift // 18.9956…
 */
export function ruleMeasures(
  count: number,
  antecedentCount: number,
  consequentCount: number,
  n: number,
): RuleMeasures {
  const confidence = antecedentCount > 0 ? count / antecedentCount : 1;
  const consequentSupport = consequentCount / n;
  const coverage = antecedentCount / n;
  const support = count / n;
  return {
    count,
    support,
    confidence,
    coverage,
    lift: (confidence * n) / consequentCount,
    leverage: support - coverage * consequentSupport,
    conviction: confidence >= 1 ? Number.POSITIVE_INFINITY : (1 - consequentSupport) / (1 - confidence),
  };
}
