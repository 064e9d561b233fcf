import { describe, expect, it } from "vitest";
import { loadCdnowSummary, readLifetimesSpendSummary } from "../../../test/fixtures/cdnow/load-cdnow.js";
import { expectedAverageSpend, fitGammaGamma, gammaGammaLogLikelihood } from "./gamma-gamma.js";

const relativeError = (actual: number, expected: number) => Math.abs(actual / expected - 1);

describe("Gamma-Gamma on the CDNOW sample's 946 repeat buyers", () => {
  const customers = loadCdnowSummary();

  it("reproduces p 6.2493, q 3.7443, γ 15.444 and BTYD's log-likelihood", () => {
    const fit = fitGammaGamma(customers);
    if (!fit.ok) throw new Error("fit failed");
    expect(fit.customers).toBe(946);
    expect(fit.converged).toBe(true);
    expect(fit.atBoundary).toEqual([]);
    const expected = { p: 6.2493, q: 3.7443, gamma: 15.444 };
    for (const key of ["p", "q", "gamma"] as const) {
      expect(relativeError(fit.params[key], expected[key])).toBeLessThan(1e-3);
    }
    expect(fit.logLikelihood).toBeCloseTo(-4055.9177, 3);
  });

  it("gives BTYD's log-likelihood at BTYD's estimates", () => {
    const repeaters = customers.filter((c) => c.frequency > 0);
    const ll = gammaGammaLogLikelihood({ p: 6.249349, q: 3.744256, gamma: 15.444307 }, repeaters);
    expect(ll).toBeCloseTo(-4055.9177, 3);
  });

  it("gives the published conditional expected spend of the first 10 customers", () => {
    // Hardie's spreadsheet values (lifetimes' test, which allows ±0.1): they match to the cent
    // with the unrounded estimates and the exact m_x (lifetimes' file rounds m_x to cents).
    const unrounded = { p: 6.249349, q: 3.744256, gamma: 15.444307 };
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    const exact = customers.slice(0, 10).map((c) => expectedAverageSpend(unrounded, c));
    exact.forEach((value, i) => {
      expect(Math.abs(value - (expected[i] ?? 0))).toBeLessThanOrEqual(0.005);
    });
    const rounded = { p: 6.25, q: 3.74, gamma: 15.44 };
    readLifetimesSpendSummary()
      .slice(0, 10)
      .forEach((row, i) => {
        const value = expectedAverageSpend(rounded, { frequency: row.x, monetaryValue: row.zbar });
        expect(Math.abs(value - (expected[i] ?? 0))).toBeLessThan(0.1);
      });
    // BTYD's own check: x = 2, m_x = 22.35 at the rounded parameters.
    expect(expectedAverageSpend(rounded, { frequency: 2, monetaryValue: 22.35 })).toBeCloseTo(24.66371, 4);
  });

  it("uses the population mean pγ/(q−1) for one-time buyers, +∞ when it does not exist", () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    expect(expectedAverageSpend(params, { frequency: 0, monetaryValue: 99 })).toBeCloseTo(35.2189, 3);
    expect(expectedAverageSpend({ p: 2, q: 0.5, gamma: 10 }, { frequency: 0, monetaryValue: 0 })).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});
