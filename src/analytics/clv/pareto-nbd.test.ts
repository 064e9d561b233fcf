import { beforeAll, describe, expect, it } from "vitest";
import { loadCdnowSummary } from "../../../test/fixtures/cdnow/load-cdnow.js";
import { bgNbdLogLikelihood } from "./bg-nbd.js";
import { fitParetoNbd, type ParetoNbdParams, paretoNbdLogLikelihood, paretoNbdModel } from "./pareto-nbd.js";
import { logDropoutIntegral } from "./pareto-nbd-integral.js";
import { groupRfm } from "./rfm-groups.js";
import { lgamma } from "./special-functions.js";
import type { CustomerRfm } from "./types.js";

const relativeError = (actual: number, expected: number) => Math.abs(actual / expected - 1);
/** BTYD 2.4.3 estimates on the same data (reference/btyd_output.txt). */
const BTYD: ParetoNbdParams = { r: 0.553105, alpha: 10.57423, s: 0.606305, beta: 11.671682 };

let customers: CustomerRfm[];
beforeAll(() => {
  customers = loadCdnowSummary();
});

describe("Pareto/NBD on the CDNOW sample (weeks, calibration to 1997-09-30)", () => {
  it("reproduces the published estimates and log-likelihood within 1e-3", () => {
    const fit = fitParetoNbd(customers);
    if (!fit.ok) throw new Error("fit failed");
    expect(fit.converged).toBe(true);
    expect(fit.atBoundary).toEqual([]);
    const expected = { r: 0.5531, alpha: 10.574, s: 0.6063, beta: 11.672 };
    for (const key of ["r", "alpha", "s", "beta"] as const) {
      expect(relativeError(fit.params[key], expected[key])).toBeLessThan(1e-3);
    }
    // The maximum is a hair above BTYD's (−9594.97619) and CLVTools' (−9594.97618) end points.
    expect(fit.logLikelihood).toBeCloseTo(-9594.9762, 3);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(-9594.97619);
  });

  it("gives BTYD's log-likelihood at BTYD's estimates", () => {
    expect(paretoNbdLogLikelihood(BTYD, groupRfm(customers))).toBeCloseTo(-9594.9762, 3);
  });

  it("gives BTYD's unconditional expectations and hold-out forecast", () => {
    const model = paretoNbdModel(BTYD);
    const expected = [0.05101, 0.09963, 0.14614, 0.19076, 0.23369, 1.21345, 1.90993];
    [1, 2, 3, 4, 5, 39, 78].forEach((t, i) => {
      expect(Math.abs(model.expectedTransactions(t) - (expected[i] ?? 0))).toBeLessThan(6e-6);
    });
    const predicted = customers.reduce((sum, c) => sum + model.conditionalExpectedTransactions(c, 39), 0);
    expect(predicted).toBeCloseTo(1665.496, 2);
  });

  it("gives the BTYD walkthrough's E[Y(52)] = 25.46 and P(alive) = 0.9979", () => {
    const model = paretoNbdModel({ r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 });
    const customer = { frequency: 26, recency: 30.86, age: 31 };
    expect(model.conditionalExpectedTransactions(customer, 52)).toBeCloseTo(25.45491, 4);
    expect(model.probabilityAlive(customer)).toBeCloseTo(0.9979178, 6);
  });
});

describe("the dropout integral", () => {
  /** Composite Simpson with many panels on ∫ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ. */
  const quadrature = (p: ParetoNbdParams, x: number, tx: number, T: number) => {
    const n = 200_000;
    const h = (T - tx) / n;
    let sum = 0;
    for (let i = 0; i <= n; i++) {
      const tau = tx + i * h;
      const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
      sum += w * (p.alpha + tau) ** -(p.r + x) * (p.beta + tau) ** -(p.s + 1);
    }
    return Math.log((sum * h) / 3);
  };

  const cases: [string, ParetoNbdParams, number, number, number][] = [
    ["close scales (hypergeometric tails)", BTYD, 3, 10, 30],
    ["β ≫ α (binomial series)", { r: 0.7, alpha: 9, s: 0.01, beta: 1e6 }, 2, 5, 30],
    ["β > α across the switch (both)", { r: 0.7, alpha: 1, s: 0.6, beta: 40 }, 1, 2, 30],
    ["α ≫ β with many purchases (2F1 near z = 1)", { r: 0.5, alpha: 100, s: 0.8, beta: 1 }, 20, 0, 30],
    ["a short interval (quadrature)", BTYD, 5, 29.9999, 30],
  ];
  for (const [name, params, x, tx, T] of cases) {
    it(`matches quadrature: ${name}`, () => {
      const value = logDropoutIntegral(params.r, params.alpha, params.s, params.beta, { x, tx, T });
      expect(Math.abs(value - quadrature(params, x, tx, T))).toBeLessThan(1e-9);
    });
  }

  it("is −∞ when the last purchase is at the end of calibration, and finite for huge x", () => {
    expect(logDropoutIntegral(0.5, 10, 0.6, 12, { x: 4, tx: 30, T: 30 })).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isFinite(logDropoutIntegral(0.5, 10, 0.6, 12, { x: 400, tx: 3, T: 60 }))).toBe(true);
  });
});

describe("the no-dropout limit", () => {
  it("Pareto/NBD (s → 0, β → ∞) and BG/NBD (a → 0) both tend to the NBD likelihood", () => {
    const groups = groupRfm(customers);
    let nbd = 0;
    const r = 0.4;
    const alpha = 6;
    for (let i = 0; i < groups.x.length; i++) {
      const x = groups.x[i]!;
      const term = lgamma(r + x) - lgamma(r) + r * Math.log(alpha) - (r + x) * Math.log(alpha + groups.T[i]!);
      nbd += groups.count[i]! * term;
    }
    const pareto = paretoNbdLogLikelihood({ r, alpha, s: 1e-9, beta: 1e9 }, groups);
    const bg = bgNbdLogLikelihood({ r, alpha, a: 1e-9, b: 1e9 }, groups);
    expect(pareto).toBeCloseTo(nbd, 4);
    expect(bg).toBeCloseTo(nbd, 4);
  });
});
