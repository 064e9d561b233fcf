/**
 * Value types of the timing context: category-level purchases in, per person×category predictions
 * out, and expected failures as values.
 */

/** One purchase in a category (`time` in epoch ms). Map items to categories before building. */
export interface CategoryPurchase {
  readonly customerId: string;
  readonly category: string;
  readonly time: number;
}

/** Population distribution of log inter-purchase intervals (days) in one category. */
export interface CategoryPopulation {
  readonly category: string;
  /** Mean of person means of ln(interval in days). */
  readonly mu: number;
  /** Within-person variance of ln(interval). */
  readonly sigma2: number;
  /** Between-person variance of the person means. */
  readonly tau2: number;
  /** Shrinkage constant σ²/τ²: a person with n intervals keeps weight n/(n+k) on their own mean. */
  readonly k: number;
  /** People with at least one interval, and intervals in all. */
  readonly people: number;
  readonly intervals: number;
}

/** When a person is expected to buy in a category again. Dates are epoch ms. */
export interface TimingPrediction {
  readonly customerId: string;
  readonly category: string;
  readonly lastPurchase: number;
  /** The person's own intervals in days (empty with a single purchase occasion). */
  readonly ownIntervalsDays: readonly number[];
  /** Weight n/(n+k) of the person's own mean log interval. */
  readonly ownWeight: number;
  /** Median of the predictive interval distribution, in days. */
  readonly typicalIntervalDays: number;
  readonly predictedNext: number;
  /** Lower quantile of the predictive distribution: no offers for the category before this. */
  readonly notDueBefore: number;
  /** Upper quantile: after this the person is overdue (perhaps lapsed or buying elsewhere). */
  readonly overdueAfter: number;
}

/** Why no prediction could be made. */
export type TimingIssue =
  | { readonly code: "no_purchase"; readonly customerId: string; readonly category: string }
  | { readonly code: "no_interval_data"; readonly customerId: string; readonly category: string };

/** A prediction or the reason there is none. */
export type TimingResult =
  | { readonly ok: true; readonly prediction: TimingPrediction }
  | { readonly ok: false; readonly issue: TimingIssue };
