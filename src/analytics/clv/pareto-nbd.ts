/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987): log-likelihood, maximum-likelihood fit and
 * predictions. Purchases follow Poisson(λ), λ ~ Gamma(r, α); lifetimes are exponential(μ),
 * μ ~ Gamma(s, β). The likelihood's hypergeometric part is the dropout integral of
 * `pareto-nbd-integral.ts`, evaluated in logs (see there for how it is kept stable).
 */
import { fitModel } from "./fit-model.js";
import { logDropoutIntegral } from "./pareto-nbd-integral.js";
import { groupRfm, type RfmGroups } from "./rfm-groups.js";
import { expm1Ratio, lgamma, logAddExp, logisticOfNegative } from "./special-functions.js";
import type { FitResult, PurchaseModel, RfmTriple } from "./types.js";
import { validateRfm } from "./validate-rfm.js";

/** Pareto/NBD parameters: r, α (purchase-rate gamma), s, β (dropout-rate gamma). */
export interface ParetoNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly s: number;
  readonly beta: number;
}

/**
 * Sample log-likelihood: ln Γ(r+x) − ln Γ(r) + r ln α + s ln β
 *   + ln[(α+T)^−(r+x) (β+T)^−s + s · ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ].
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, groups: RfmGroups): number {
  const { r, alpha, s, beta } = params;
  const constant = -lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const logS = Math.log(s);
  const base = Array.from(groups.distinctX, (x) => lgamma(r + x) + constant);
  let total = 0;
  for (let i = 0; i < groups.x.length; i++) {
    const customer = { x: groups.x[i]!, tx: groups.tx[i]!, T: groups.T[i]! };
    const alive = -(r + customer.x) * Math.log(alpha + customer.T) - s * Math.log(beta + customer.T);
    const dropped = logS + logDropoutIntegral(r, alpha, s, beta, customer);
    total += groups.count[i]! * (base[groups.xIndex[i]!]! + logAddExp(alive, dropped));
  }
  return total;
}

/**
 * Fits Pareto/NBD by maximum likelihood; the same result conventions as `fitBgNbd`.
 *
 * @example
 * const fit = fitParetoNbd(summary.customers);
 * if (fit.ok) paretoNbdModel(fit.params).probabilityAlive(summary.customers[0]);
 */
export function fitParetoNbd(customers: readonly RfmTriple[]): FitResult<ParetoNbdParams> {
  const issues = validateRfm(customers);
  if (issues.length > 0) return { ok: false, issues };
  const groups = groupRfm(customers);
  const meanAge = customers.reduce((sum, c) => sum + c.age, 0) / customers.length;
  const toParams = (p: readonly number[]): ParetoNbdParams => ({
    r: p[0]!,
    alpha: p[1]!,
    s: p[2]!,
    beta: p[3]!,
  });
  return fitModel({
    names: ["r", "alpha", "s", "beta"],
    scales: [1, meanAge, 1, meanAge],
    start: [1, meanAge, 1, meanAge],
    toParams,
    logLikelihood: (params) => paretoNbdLogLikelihood(params, groups),
    hints: paretoNbdHints,
    customers: customers.length,
  });
}

/** Shape parameters beyond this have lost their heterogeneity (the gamma collapses). */
const DEGENERATE_SHAPE = 1e4;

/** What a boundary fit means for Pareto/NBD, in words. */
function paretoNbdHints(p: ParetoNbdParams, atBoundary: readonly string[]): string[] {
  const hints: string[] = [];
  const hit = (...names: string[]) => names.some((n) => atBoundary.includes(n));
  if (hit("r", "alpha") && p.r > DEGENERATE_SHAPE) {
    hints.push(
      `r, α → ∞ with r/α = ${(p.r / p.alpha).toPrecision(4)}: purchase rates do not vary between customers`,
    );
  }
  if (hit("s", "beta") && p.s > DEGENERATE_SHAPE) {
    hints.push(
      `s, β → ∞ with s/β = ${(p.s / p.beta).toPrecision(4)}: every customer has the same dropout rate`,
    );
  } else if (hit("s", "beta")) {
    hints.push(
      "the dropout rate tends to zero (s → 0 or β → ∞): customers barely churn, Pareto/NBD tends to NBD",
    );
  }
  return hints;
}

/** Predictions of a fitted Pareto/NBD model. */
export function paretoNbdModel(params: ParetoNbdParams): PurchaseModel {
  const { r, alpha, s, beta } = params;
  return {
    name: "pareto-nbd",
    // E[X(t)] = rβ / (α(s−1)) · [1 − (β/(β+t))^(s−1)], written without the pole at s = 1.
    expectedTransactions: (t) => (t > 0 ? ((r * beta) / alpha) * expm1Ratio(1 - s, Math.log1p(t / beta)) : 0),
    conditionalExpectedTransactions: (c, t) => conditionalPath(params, c, [t])[0] ?? 0,
    conditionalExpectedPath: (c, horizons) => conditionalPath(params, c, horizons),
    probabilityAlive: (c) => paretoNbdProbabilityAlive(params, c),
  };
}

/**
 * E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive),
 * the bracket over (s − 1) written as expm1Ratio so that s = 1 is no pole.
 */
function conditionalPath(params: ParetoNbdParams, c: RfmTriple, horizons: readonly number[]): number[] {
  const { r, alpha, s, beta } = params;
  const betaT = beta + c.age;
  const rate = (((r + c.frequency) * betaT) / (alpha + c.age)) * paretoNbdProbabilityAlive(params, c);
  return horizons.map((t) => (t > 0 ? rate * expm1Ratio(1 - s, Math.log1p(t / betaT)) : 0));
}

/** P(alive | x, t_x, T): the "still alive" term's share of the likelihood. */
export function paretoNbdProbabilityAlive(params: ParetoNbdParams, c: RfmTriple): number {
  const { r, alpha, s, beta } = params;
  const customer = { x: c.frequency, tx: c.recency, T: c.age };
  const alive = -(r + c.frequency) * Math.log(alpha + c.age) - s * Math.log(beta + c.age);
  const dropped = Math.log(s) + logDropoutIntegral(r, alpha, s, beta, customer);
  return logisticOfNegative(dropped - alive);
}
