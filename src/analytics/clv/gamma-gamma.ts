/**
 * Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value";
 * Colombo & Jiang 1999): a customer's transaction values are Gamma(p, ν), ν ~ Gamma(q, γ). Fitted
 * on repeat buyers' mean repeat-transaction value m_x, as BTYD's `spend.*` and lifetimes do.
 */
import { fitModel } from "./fit-model.js";
import { lgamma } from "./special-functions.js";
import type { ClvIssue, FitResult } from "./types.js";

/** Gamma-Gamma parameters. */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** What the spend model sees of a customer: x and m_x. */
export interface SpendObservation {
  readonly frequency: number;
  readonly monetaryValue: number;
}

/**
 * Log-likelihood with the full density of m_x given x (BTYD's convention, so that CDNOW gives
 * −4055.92): ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m_x + px ln x − (px+q) ln(γ + x m_x).
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, rows: readonly SpendObservation[]): number {
  return preparedLogLikelihood(params, prepareSpend(rows));
}

/** Columns of the spend data with ln m_x precomputed and the distinct frequencies indexed. */
interface PreparedSpend {
  readonly x: Float64Array;
  readonly m: Float64Array;
  readonly logM: Float64Array;
  readonly distinctX: Float64Array;
  readonly xIndex: Int32Array;
}

function prepareSpend(rows: readonly SpendObservation[]): PreparedSpend {
  const distinct = [...new Set(rows.map((r) => r.frequency))];
  const position = new Map(distinct.map((v, i) => [v, i]));
  return {
    x: Float64Array.from(rows, (r) => r.frequency),
    m: Float64Array.from(rows, (r) => r.monetaryValue),
    logM: Float64Array.from(rows, (r) => Math.log(r.monetaryValue)),
    distinctX: Float64Array.from(distinct),
    xIndex: Int32Array.from(rows, (r) => position.get(r.frequency) ?? 0),
  };
}

function preparedLogLikelihood(params: GammaGammaParams, data: PreparedSpend): number {
  const { p, q, gamma } = params;
  const constant = -lgamma(q) + q * Math.log(gamma);
  // Terms in x alone are shared by every customer with that frequency.
  const xTerms = Array.from(data.distinctX, (x) => lgamma(p * x + q) - lgamma(p * x) + p * x * Math.log(x));
  let total = 0;
  for (let i = 0; i < data.x.length; i++) {
    const px = p * data.x[i]!;
    const m = data.m[i]!;
    total +=
      xTerms[data.xIndex[i]!]! + (px - 1) * data.logM[i]! - (px + q) * Math.log(gamma + m * data.x[i]!);
  }
  return total + data.x.length * constant;
}

/**
 * Fits Gamma-Gamma on the customers with x > 0 and m_x > 0 (the others carry no spend
 * information). Warns when q ≤ 1 (no finite mean spend) and when x and m_x are correlated,
 * which the model assumes they are not.
 */
export function fitGammaGamma(customers: readonly SpendObservation[]): FitResult<GammaGammaParams> {
  const rows = customers.filter(
    (c) => c.frequency > 0 && c.monetaryValue > 0 && Number.isFinite(c.monetaryValue),
  );
  const issues = spendIssues(rows);
  if (issues.length > 0) return { ok: false, issues };
  const meanSpend = rows.reduce((s, c) => s + c.monetaryValue, 0) / rows.length;
  const prepared = prepareSpend(rows);
  const toParams = (v: readonly number[]): GammaGammaParams => ({ p: v[0]!, q: v[1]!, gamma: v[2]! });
  return fitModel({
    names: ["p", "q", "gamma"],
    scales: [1, 1, meanSpend],
    start: [1, 2, meanSpend],
    toParams,
    logLikelihood: (params) => preparedLogLikelihood(params, prepared),
    hints: (fitted) => spendWarnings(fitted, rows),
    customers: rows.length,
  });
}

/**
 * E[M | x, m_x] = (γ + x m_x) p / (p x + q − 1): the posterior mean transaction value; for x = 0
 * the population mean pγ / (q − 1). +Infinity when that mean does not exist (p x + q ≤ 1).
 *
 * @example expectedAverageSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, { frequency: 2, monetaryValue: 22.35 }) // ≈ 24.66
 */
export function expectedAverageSpend(params: GammaGammaParams, customer: SpendObservation): number {
  const { p, q, gamma } = params;
  const x = customer.frequency;
  const m = x > 0 ? customer.monetaryValue : 0;
  const denominator = p * x + q - 1;
  return denominator > 0 ? ((gamma + m * x) * p) / denominator : Number.POSITIVE_INFINITY;
}

function spendIssues(rows: readonly SpendObservation[]): ClvIssue[] {
  if (rows.length === 0) {
    return [
      { code: "no_repeat_purchases", message: "no repeat buyer with a positive mean spend: nothing to fit" },
    ];
  }
  if (rows.length < 2) {
    return [{ code: "too_few_customers", message: `need at least 2 repeat buyers, got ${rows.length}` }];
  }
  return [];
}

function spendWarnings(params: GammaGammaParams, rows: readonly SpendObservation[]): string[] {
  const warnings: string[] = [];
  if (params.q <= 1)
    warnings.push(`q = ${params.q.toPrecision(4)} ≤ 1: the population mean spend is infinite`);
  if (params.p > 1e4)
    warnings.push("p → ∞: a customer's transaction values barely vary around their own mean");
  if (params.q > 1e4) warnings.push("q, γ → ∞: mean transaction values do not vary between customers");
  const rho = correlation(
    rows.map((r) => r.frequency),
    rows.map((r) => r.monetaryValue),
  );
  if (Math.abs(rho) > 0.3) {
    warnings.push(
      `frequency and spend are correlated (ρ = ${rho.toFixed(2)}); Gamma-Gamma assumes independence`,
    );
  }
  return warnings;
}

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}
