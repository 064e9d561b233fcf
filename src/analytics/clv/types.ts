/**
 * Shared shapes of the CLV context: one customer's calibration summary, the issues that make a
 * fit impossible (returned as values), the diagnostics every fit carries, and the interface that
 * the two purchase-count models (BG/NBD, Pareto/NBD) implement for prediction.
 */

/** Time unit of recency, age and horizons. */
export type Period = "day" | "week";

/** The minimal summary the purchase models need: x, t_x and T in periods. */
export interface RfmTriple {
  /** x: repeat transactions (days with a purchase after the first one) in the calibration period. */
  readonly frequency: number;
  /** t_x: time of the last repeat transaction since the first purchase (0 when x = 0). */
  readonly recency: number;
  /** T: time from the first purchase to the end of the calibration period. */
  readonly age: number;
}

/** One customer's calibration summary (and hold-out counts when a hold-out end was given). */
export interface CustomerRfm extends RfmTriple {
  readonly customerId: string;
  /** m_x: mean value of the repeat transactions (the first purchase excluded); 0 when x = 0. */
  readonly monetaryValue: number;
  /** Epoch day (days since 1970-01-01, UTC) of the first purchase. */
  readonly firstPurchaseDay: number;
  /** Transactions (merged per day) in the hold-out period, when one was given. */
  readonly holdoutFrequency?: number;
  /** Length of the hold-out period in periods, when one was given. */
  readonly holdoutLength?: number;
}

/** Why a summary or a fit could not be produced. */
export type ClvIssueCode =
  | "no_transactions"
  | "no_customers"
  | "too_few_customers"
  | "no_repeat_purchases"
  | "no_observation_time"
  | "invalid_option"
  | "invalid_input"
  | "not_finite";

/** An expected failure, returned rather than thrown. */
export interface ClvIssue {
  readonly code: ClvIssueCode;
  readonly message: string;
}

/** How the optimiser ended: reported on every successful fit. */
export interface FitDiagnostics {
  /** The simplex met its tolerances and a restart no longer improved the likelihood. */
  readonly converged: boolean;
  /** Parameters whose likelihood is no worse at the edge of the search box (run off to 0 or ∞). */
  readonly atBoundary: readonly string[];
  readonly warnings: readonly string[];
  readonly iterations: number;
  readonly evaluations: number;
  readonly restarts: number;
}

/** A fitted model, or the issues that prevented fitting. */
export type FitResult<P> =
  | ({
      readonly ok: true;
      readonly params: P;
      readonly logLikelihood: number;
      /** Customers (or, for Gamma-Gamma, repeat customers) the fit used. */
      readonly customers: number;
      readonly elapsedMs: number;
    } & FitDiagnostics)
  | { readonly ok: false; readonly issues: readonly ClvIssue[] };

/** What the purchase-count models predict (BG/NBD and Pareto/NBD share it). */
export interface PurchaseModel {
  readonly name: "bg-nbd" | "pareto-nbd";
  /** E[X(t)]: expected repeat transactions of a new customer in (0, t]. */
  expectedTransactions(t: number): number;
  /** E[Y(t) | x, t_x, T]: expected transactions of this customer in (T, T + t]. */
  conditionalExpectedTransactions(customer: RfmTriple, t: number): number;
  /** E[Y(t) | x, t_x, T] at several horizons, sharing the P(alive) computation. */
  conditionalExpectedPath(customer: RfmTriple, horizons: readonly number[]): number[];
  /** P(alive | x, t_x, T) at the end of the calibration period. */
  probabilityAlive(customer: RfmTriple): number;
}
