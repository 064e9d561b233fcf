/**
 * Discounted customer lifetime value from a purchase-count model and a spend model, and a
 * per-customer scoring that puts CLV, P(alive) and churn risk side by side.
 *
 * CLV formula (discrete discounting per period, as in Fader, Hardie & Lee's "CLV" notes):
 *
 *   CLV_i = margin · E[M_i] · Σ_{k=1}^{H} (E[Y_i(k)] − E[Y_i(k−1)]) / (1 + d)^k
 *
 * where E[Y_i(k)] is the expected number of transactions of customer i in (T, T + k] given
 * (x, t_x, T), E[M_i] the Gamma-Gamma expected average spend, H the horizon in periods and d the
 * discount rate per period (`periodDiscountRate` converts an annual rate).
 */
import { expectedAverageSpend, type GammaGammaParams } from "./gamma-gamma.js";
import { PERIOD_DAYS } from "./rfm-summary.js";
import type { ClvIssue, CustomerRfm, Period, PurchaseModel, RfmTriple } from "./types.js";
import { churnRisk } from "./value-tiers.js";

/** Horizon (whole periods), discount rate per period and an optional margin on spend. */
export interface ClvOptions {
  readonly horizon: number;
  readonly discountRate: number;
  /** Share of revenue that is profit; 1 (revenue CLV) by default. */
  readonly margin?: number;
}

/** One customer's forecast over the horizon. */
export interface CustomerScore {
  readonly customerId: string;
  readonly probabilityAlive: number;
  /** 1 − P(alive). */
  readonly churnRisk: number;
  /** E[Y(H) | x, t_x, T]. */
  readonly expectedTransactions: number;
  readonly expectedSpend: number;
  readonly clv: number;
}

/** Scores, or the option issues that prevented scoring. */
export type ScoreResult =
  | { readonly ok: true; readonly scores: CustomerScore[] }
  | { readonly ok: false; readonly issues: readonly ClvIssue[] };

/** Per-period rate equivalent to an annual one: (1 + annual)^(days per period / 365.25) − 1. */
export function periodDiscountRate(annualRate: number, period: Period): number {
  return (1 + annualRate) ** (PERIOD_DAYS[period] / 365.25) - 1;
}

/** Σ_{k=1}^{H} (E[Y(k)] − E[Y(k−1)]) / (1 + d)^k: discounted expected transactions. */
export function discountedTransactions(
  model: PurchaseModel,
  customer: RfmTriple,
  horizon: number,
  discountRate: number,
): number {
  const steps = Array.from({ length: horizon + 1 }, (_, k) => k);
  const path = model.conditionalExpectedPath(customer, steps);
  let total = 0;
  for (let k = 1; k <= horizon; k++) total += ((path[k] ?? 0) - (path[k - 1] ?? 0)) / (1 + discountRate) ** k;
  return total;
}

/**
 * CLV, P(alive), churn risk and expected transactions for every customer. Without spend
 * parameters the expected spend is each customer's own m_x (or 0), which makes `clv` a
 * discounted revenue at observed prices.
 *
 * @example
 * const result = scoreCustomers(bgNbdModel(fit.params), gg.params, customers, { horizon: 52, discountRate: periodDiscountRate(0.1, "week") });
 */
export function scoreCustomers(
  model: PurchaseModel,
  spend: GammaGammaParams | undefined,
  customers: readonly CustomerRfm[],
  options: ClvOptions,
): ScoreResult {
  const issues = optionIssues(options);
  if (issues.length > 0) return { ok: false, issues };
  const margin = options.margin ?? 1;
  const scores = customers.map((c) => {
    const probabilityAlive = model.probabilityAlive(c);
    const expectedSpend = spend === undefined ? c.monetaryValue : expectedAverageSpend(spend, c);
    const discounted = discountedTransactions(model, c, options.horizon, options.discountRate);
    return {
      customerId: c.customerId,
      probabilityAlive,
      churnRisk: churnRisk(probabilityAlive),
      expectedTransactions: model.conditionalExpectedTransactions(c, options.horizon),
      expectedSpend,
      clv: discounted === 0 ? 0 : margin * expectedSpend * discounted,
    };
  });
  return { ok: true, scores };
}

function optionIssues(options: ClvOptions): ClvIssue[] {
  const issues: ClvIssue[] = [];
  if (!Number.isInteger(options.horizon) || options.horizon < 1 || options.horizon > 100_000) {
    issues.push({ code: "invalid_option", message: "horizon must be a whole number of periods, 1 … 100000" });
  }
  if (!(options.discountRate > -1) || !Number.isFinite(options.discountRate)) {
    issues.push({ code: "invalid_option", message: "discount rate must be a finite number above −1" });
  }
  const margin = options.margin ?? 1;
  if (!Number.isFinite(margin) || margin < 0) {
    issues.push({ code: "invalid_option", message: "margin must be a finite number ≥ 0" });
  }
  return issues;
}
