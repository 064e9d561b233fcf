import { describe, expect, it } from "vitest";
import { bgNbdModel } from "./bg-nbd.js";
import { bgNbdWindow, logitQuadrature } from "./bg-nbd-window.js";

const relativeError = (actual: number, expected: number) => Math.abs(actual / expected - 1);

describe("bgNbdWindow", () => {
  it("closed form and logit quadrature agree where both apply", () => {
    const cases: [number, number, number, number][] = [
      [0.79, 2.43, 0.24, 5],
      [0.79, 4.43, 2.24, 0.8],
      [0.02, 0.09, 42.6, 4.2],
      [3.5, 120, 7, 0.3],
      [1, 3, 0.5, 2],
    ];
    for (const [a, B, A, kappa] of cases) {
      expect(relativeError(logitQuadrature(a, B, A, kappa), bgNbdWindow(a, B, A, kappa))).toBeLessThan(1e-8);
    }
  });

  it("falls back to quadrature where the series would cancel or crawl", () => {
    // a ≫ 1 and A ≫ C: the series alternates with terms near 1e16; the answer is ≈ E[1/p] = C/(a−1).
    const value = bgNbdWindow(45.46, 8.69, 240.6, 1.52);
    expect(relativeError(value, (45.46 + 8.69 - 1) / (45.46 - 1))).toBeLessThan(1e-3);
    // κ = t/α = 5000 (z ≈ 1): a horizon far longer than the rate scale.
    const long = bgNbdWindow(0.8, 2.4, 0.25, 5000);
    expect(relativeError(long, logitQuadrature(0.8, 2.4, 0.25, 5000))).toBeLessThan(1e-12);
    expect(long).toBeGreaterThan(bgNbdWindow(0.8, 2.4, 0.25, 500));
  });

  it("uses the small-p series at the no-dropout boundary, where the closed form cancels", () => {
    // Online Retail's boundary fit: a ≈ 2e-6, b ≈ 6e7; W is then almost exactly A·κ.
    for (const [a, B, A, kappa] of [
      [1.9e-6, 6e7, 0.744, 52 / 9.05],
      [0.3, 5e4, 3.7, 2.5],
    ] as const) {
      const value = bgNbdWindow(a, B, A, kappa);
      expect(relativeError(value, logitQuadrature(a, B, A, kappa))).toBeLessThan(1e-10);
      expect(value).toBeLessThanOrEqual(A * kappa);
    }
  });

  it("is finite and within [0, Aκ] across extreme parameters", () => {
    let seed = 7;
    const uniform = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const logUniform = () => Math.exp(-16 + 32 * uniform());
    for (let k = 0; k < 300; k++) {
      const model = bgNbdModel({ r: logUniform(), alpha: logUniform(), a: logUniform(), b: logUniform() });
      const customer = { frequency: Math.floor(uniform() * 40), recency: 20 * uniform(), age: 20 };
      for (const value of [
        model.expectedTransactions(52),
        model.conditionalExpectedTransactions(customer, 52),
      ]) {
        expect(Number.isFinite(value) && value >= 0).toBe(true);
      }
    }
  });
});
