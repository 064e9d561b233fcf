import { describe, expect, it } from "vitest";
import { fitBgNbd } from "./bg-nbd.js";
import { fitGammaGamma } from "./gamma-gamma.js";
import { fitParetoNbd } from "./pareto-nbd.js";
import type { RfmTriple } from "./types.js";

const codes = (result: { ok: boolean; issues?: readonly { code: string }[] }) =>
  result.ok ? [] : (result.issues ?? []).map((i) => i.code);
const fits = [fitBgNbd, fitParetoNbd];

describe("degenerate inputs give issues, not exceptions", () => {
  it("no customers", () => {
    for (const fitModel of fits) expect(codes(fitModel([]))).toEqual(["no_customers"]);
  });

  it("one customer", () => {
    for (const fitModel of fits) {
      expect(codes(fitModel([{ frequency: 3, recency: 10, age: 20 }]))).toEqual(["too_few_customers"]);
    }
  });

  it("nobody came back", () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ frequency: 0, recency: 0, age: 5 + i }));
    for (const fitModel of fits) expect(codes(fitModel(rows))).toEqual(["no_repeat_purchases"]);
  });

  it("all zero", () => {
    const rows = Array.from({ length: 5 }, () => ({ frequency: 0, recency: 0, age: 0 }));
    for (const fitModel of fits)
      expect(codes(fitModel(rows))).toEqual(["no_repeat_purchases", "no_observation_time"]);
  });

  it("impossible summaries", () => {
    const bad: RfmTriple[] = [
      { frequency: 2, recency: 30, age: 20 },
      { frequency: 1, recency: 1, age: 2 },
    ];
    for (const fitModel of fits) expect(codes(fitModel(bad))).toEqual(["invalid_input"]);
    expect(codes(fitBgNbd([{ frequency: Number.NaN, recency: 0, age: 1 }]))).toEqual(["invalid_input"]);
  });

  it("Gamma-Gamma without repeat buyers", () => {
    expect(codes(fitGammaGamma([{ frequency: 0, monetaryValue: 0 }]))).toEqual(["no_repeat_purchases"]);
    expect(codes(fitGammaGamma([{ frequency: 2, monetaryValue: 10 }]))).toEqual(["too_few_customers"]);
  });
});

describe("awkward but valid inputs finish with finite values", () => {
  it("everyone buys at a constant pace: a boundary, not a crash", () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ frequency: 10, recency: 20, age: 20 + (i % 3) }));
    for (const fitModel of fits) {
      const result = fitModel(rows);
      if (!result.ok) throw new Error("fit failed");
      expect(Number.isFinite(result.logLikelihood)).toBe(true);
      expect(Object.values(result.params).every(Number.isFinite)).toBe(true);
      expect(result.atBoundary.length).toBeGreaterThan(0);
    }
  });

  it("identical spends drive Gamma-Gamma to a boundary with finite values", () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ frequency: 1 + (i % 4), monetaryValue: 25 }));
    const result = fitGammaGamma(rows);
    if (!result.ok) throw new Error("fit failed");
    expect(Object.values(result.params).every(Number.isFinite)).toBe(true);
    expect(result.atBoundary.length).toBeGreaterThan(0);
  });
});
