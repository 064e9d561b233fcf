/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): log-likelihood,
 * maximum-likelihood fit and predictions. Purchases follow Poisson(λ), λ ~ Gamma(r, α); after
 * each purchase the customer drops out with probability p ~ Beta(a, b).
 *
 * Predictions share one expectation, `bgNbdWindow` (Euler-transformed closed form with a
 * quadrature fallback), which has no singularity at a = 1 and stays finite everywhere.
 */

import { bgNbdWindow } from "./bg-nbd-window.js";
import { fitModel } from "./fit-model.js";
import { groupRfm, type RfmGroups } from "./rfm-groups.js";
import { lbeta, lgamma, logAddExp, logisticOfNegative } from "./special-functions.js";
import type { FitResult, PurchaseModel, RfmTriple } from "./types.js";
import { validateRfm } from "./validate-rfm.js";

/** BG/NBD parameters: r, α (purchase-rate gamma), a, b (dropout-probability beta). */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/**
 * Sample log-likelihood (FHL 2005 eq. 6, in logs):
 * ln L = ln Γ(r+x) − ln Γ(r) + r ln α + ln[ B(a,b+x)/B(a,b) (α+T)^−(r+x)
 *        + 1{x>0} B(a+1,b+x−1)/B(a,b) (α+t_x)^−(r+x) ].
 */
export function bgNbdLogLikelihood(params: BgNbdParams, groups: RfmGroups): number {
  const { r, alpha, a, b } = params;
  const lbAB = lbeta(a, b);
  const constant = -lgamma(r) + r * Math.log(alpha);
  const perX = Array.from(groups.distinctX, (x) => ({
    base: lgamma(r + x) + constant,
    stay: lbeta(a, b + x) - lbAB,
    drop: x > 0 ? lbeta(a + 1, b + x - 1) - lbAB : Number.NEGATIVE_INFINITY,
  }));
  let total = 0;
  for (let i = 0; i < groups.x.length; i++) {
    const rx = r + groups.x[i]!;
    const terms = perX[groups.xIndex[i]!]!;
    const stay = terms.stay - rx * Math.log(alpha + groups.T[i]!);
    const drop = terms.drop - rx * Math.log(alpha + groups.tx[i]!);
    total += groups.count[i]! * (terms.base + logAddExp(stay, drop));
  }
  return total;
}

/**
 * Fits BG/NBD by maximum likelihood. Degenerate data give `{ ok: false, issues }`; a fit that runs
 * to the edge of the parameter space (a → 0) is `ok` with `atBoundary` and warnings.
 *
 * @example
 * const fit = fitBgNbd(summary.customers);
 * if (fit.ok) console.log(fit.params, fit.logLikelihood, fit.atBoundary);
 */
export function fitBgNbd(customers: readonly RfmTriple[]): FitResult<BgNbdParams> {
  const issues = validateRfm(customers);
  if (issues.length > 0) return { ok: false, issues };
  const groups = groupRfm(customers);
  const meanAge = customers.reduce((s, c) => s + c.age, 0) / customers.length;
  const toParams = (p: readonly number[]): BgNbdParams => ({ r: p[0]!, alpha: p[1]!, a: p[2]!, b: p[3]! });
  return fitModel({
    names: ["r", "alpha", "a", "b"],
    scales: [1, meanAge, 1, 1],
    start: [1, meanAge, 1, 1],
    toParams,
    logLikelihood: (params) => bgNbdLogLikelihood(params, groups),
    hints: bgNbdHints,
    customers: customers.length,
  });
}

/** Shape parameters beyond this have lost their heterogeneity (the gamma or beta collapses). */
const DEGENERATE_SHAPE = 1e4;

/** What a boundary fit means for BG/NBD, in words. */
function bgNbdHints(p: BgNbdParams, atBoundary: readonly string[]): string[] {
  const hints: string[] = [];
  const hit = (...names: string[]) => names.some((n) => atBoundary.includes(n));
  if (hit("r", "alpha") && p.r > DEGENERATE_SHAPE) {
    hints.push(
      `r, α → ∞ with r/α = ${(p.r / p.alpha).toPrecision(4)}: purchase rates do not vary between customers`,
    );
  }
  if (hit("a", "b") && p.a < 1e-3) {
    hints.push(
      "a → 0: the dropout probability is essentially zero, BG/NBD reduces to the NBD model and b is not identified",
    );
  } else if (hit("a", "b") && p.a > DEGENERATE_SHAPE) {
    const mean = p.a / (p.a + p.b);
    hints.push(
      `a, b → ∞ with a/(a+b) = ${mean.toPrecision(4)}: every customer has the same dropout probability`,
    );
  }
  return hints;
}

/** Predictions of a fitted BG/NBD model. */
export function bgNbdModel(params: BgNbdParams): PurchaseModel {
  const { r, alpha, a, b } = params;
  return {
    name: "bg-nbd",
    expectedTransactions: (t) => bgNbdWindow(a, b, r, t / alpha),
    conditionalExpectedTransactions: (c, t) => conditionalPath(params, c, [t])[0] ?? 0,
    conditionalExpectedPath: (c, horizons) => conditionalPath(params, c, horizons),
    probabilityAlive: (c) => bgNbdProbabilityAlive(params, c),
  };
}

/** E[Y(t) | x, t_x, T] = P(alive) · window(t) for each horizon t. */
function conditionalPath(params: BgNbdParams, c: RfmTriple, horizons: readonly number[]): number[] {
  const { r, alpha, a, b } = params;
  const x = c.frequency;
  const alive = bgNbdProbabilityAlive(params, c);
  return horizons.map((t) => alive * bgNbdWindow(a, b + x, r + x, t / (alpha + c.age)));
}

/** P(alive | x, t_x, T) = 1 / (1 + 1{x>0} a/(b+x−1) ((α+T)/(α+t_x))^(r+x)). */
export function bgNbdProbabilityAlive(params: BgNbdParams, c: RfmTriple): number {
  const { r, alpha, a, b } = params;
  const x = c.frequency;
  if (x === 0) return 1;
  const logOdds =
    Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + c.age) - Math.log(alpha + c.recency));
  return logisticOfNegative(logOdds);
}
