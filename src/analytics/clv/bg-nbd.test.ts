import { beforeAll, describe, expect, it } from "vitest";
import { loadCdnowSummary } from "../../../test/fixtures/cdnow/load-cdnow.js";
import { type BgNbdParams, bgNbdLogLikelihood, bgNbdModel, fitBgNbd } from "./bg-nbd.js";
import { hyp2f1 } from "./hypergeometric.js";
import { groupRfm } from "./rfm-groups.js";
import type { CustomerRfm } from "./types.js";

const relativeError = (actual: number, expected: number) => Math.abs(actual / expected - 1);
/** BTYD 2.4.3 estimates on the same data (reference/btyd_output.txt). */
const BTYD: BgNbdParams = { r: 0.242598, alpha: 4.413684, a: 0.79299, b: 2.426167 };

let customers: CustomerRfm[];
beforeAll(() => {
  customers = loadCdnowSummary();
});

describe("BG/NBD on the CDNOW sample (weeks, calibration to 1997-09-30)", () => {
  it("reproduces the published estimates and log-likelihood within 1e-3", () => {
    const fit = fitBgNbd(customers);
    if (!fit.ok) throw new Error("fit failed");
    expect(fit.converged).toBe(true);
    expect(fit.atBoundary).toEqual([]);
    expect(fit.warnings).toEqual([]);
    const expected = { r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 };
    for (const key of ["r", "alpha", "a", "b"] as const) {
      expect(relativeError(fit.params[key], expected[key])).toBeLessThan(1e-3);
    }
    expect(fit.logLikelihood).toBeCloseTo(-9582.4292, 3);
    expect(fit.customers).toBe(2357);
  });

  it("does not depend on the time unit: daily periods give α × 7 and LL − Σx ln 7", () => {
    const weekly = fitBgNbd(customers);
    const daily = fitBgNbd(customers.map((c) => ({ ...c, recency: c.recency * 7, age: c.age * 7 })));
    if (!weekly.ok || !daily.ok) throw new Error("fit failed");
    expect(relativeError(daily.params.alpha, 7 * weekly.params.alpha)).toBeLessThan(1e-5);
    expect(relativeError(daily.params.r, weekly.params.r)).toBeLessThan(1e-5);
    expect(daily.logLikelihood).toBeCloseTo(weekly.logLikelihood - 2457 * Math.log(7), 4);
  });

  it("gives BTYD's log-likelihood at BTYD's estimates", () => {
    expect(bgNbdLogLikelihood(BTYD, groupRfm(customers))).toBeCloseTo(-9582.4292, 3);
  });

  it("gives BTYD's unconditional expectations E[X(t)]", () => {
    const model = bgNbdModel(BTYD);
    const expected = [0.05318, 0.10323, 0.15063, 0.19576, 0.23892, 1.19501, 1.85794];
    [1, 2, 3, 4, 5, 39, 78].forEach((t, i) => {
      expect(model.expectedTransactions(t)).toBeCloseTo(expected[i] ?? 0, 5);
    });
  });

  it("gives the published per-customer expectation and P(alive)", () => {
    const model = bgNbdModel(BTYD);
    const customer = { frequency: 2, recency: 30.43, age: 38.86 };
    expect(model.conditionalExpectedTransactions(customer, 39)).toBeCloseTo(1.226, 3);
    expect(model.conditionalExpectedTransactions(customer, 39)).toBeCloseTo(1.225897, 5);
    expect(model.probabilityAlive(customer)).toBeCloseTo(0.7266073, 6);
  });

  it("forecasts BTYD's hold-out total (weeks 40–78; 1,882 actual)", () => {
    const model = bgNbdModel(BTYD);
    const predicted = customers.reduce((sum, c) => sum + model.conditionalExpectedTransactions(c, 39), 0);
    expect(predicted).toBeCloseTo(1653.392, 2);
    expect(customers.reduce((sum, c) => sum + (c.holdoutFrequency ?? 0), 0)).toBe(1882);
  });
});

describe("BG/NBD predictions", () => {
  /** FHL (2005) eq. 10 as written, with the hypergeometric evaluated directly. */
  const direct = (p: BgNbdParams, x: number, tx: number, T: number, t: number) => {
    const C = p.a + p.b + x - 1;
    const z = t / (p.alpha + T + t);
    const f = hyp2f1(p.r + x, p.b + x, C, z).value;
    const bracket = (C / (p.a - 1)) * (1 - ((p.alpha + T) / (p.alpha + T + t)) ** (p.r + x) * f);
    const odds = x > 0 ? (p.a / (p.b + x - 1)) * ((p.alpha + T) / (p.alpha + tx)) ** (p.r + x) : 0;
    return bracket / (1 + odds);
  };

  it("agree with the textbook formula away from a = 1", () => {
    const params = { r: 0.8, alpha: 6, a: 2.7, b: 5.5 };
    const model = bgNbdModel(params);
    for (const [x, tx, T, t] of [
      [0, 0, 20, 10],
      [3, 12.5, 30, 26],
      [12, 28, 30, 52],
    ] as const) {
      const value = model.conditionalExpectedTransactions({ frequency: x, recency: tx, age: T }, t);
      expect(relativeError(value, direct(params, x, tx, T, t))).toBeLessThan(1e-10);
    }
  });

  it("are continuous through a = 1, where the textbook formula divides by zero", () => {
    const at = (a: number) => bgNbdModel({ r: 0.5, alpha: 5, a, b: 3 }).expectedTransactions(30);
    expect(Number.isFinite(at(1))).toBe(true);
    expect(relativeError(at(1), (at(1 - 1e-7) + at(1 + 1e-7)) / 2)).toBeLessThan(1e-9);
  });

  it("tend to the NBD (no dropout) forecast r·t/α as a → 0", () => {
    const model = bgNbdModel({ r: 0.74, alpha: 9, a: 1e-7, b: 5e7 });
    expect(relativeError(model.expectedTransactions(52), (0.74 * 52) / 9)).toBeLessThan(1e-5);
    const customer = { frequency: 4, recency: 20, age: 30 };
    const nbd = ((0.74 + 4) / (9 + 30)) * 52;
    expect(relativeError(model.conditionalExpectedTransactions(customer, 52), nbd)).toBeLessThan(1e-5);
  });

  it("are 0 for an empty window and P(alive) is 1 for a one-time buyer", () => {
    const model = bgNbdModel(BTYD);
    expect(model.conditionalExpectedTransactions({ frequency: 2, recency: 3, age: 5 }, 0)).toBe(0);
    expect(model.probabilityAlive({ frequency: 0, recency: 0, age: 30 })).toBe(1);
  });
});
