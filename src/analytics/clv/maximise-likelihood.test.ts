import { describe, expect, it } from "vitest";
import { maximiseLikelihood } from "./maximise-likelihood.js";

describe("maximiseLikelihood", () => {
  it("finds an interior maximum and reports no boundary", () => {
    const outcome = maximiseLikelihood({
      names: ["u", "v"],
      scales: [1, 10],
      start: [1, 10],
      logLikelihood: ([u = 1, v = 1]) => -((Math.log(u) - 1) ** 2) - (Math.log(v / 10) + 0.5) ** 2,
    });
    if (!outcome.ok) throw new Error("failed");
    expect(outcome.params[0]).toBeCloseTo(Math.E, 5);
    expect(outcome.params[1]).toBeCloseTo(10 * Math.exp(-0.5), 5);
    expect(outcome).toMatchObject({ converged: true, atBoundary: [], warnings: [] });
  });

  it("flags a parameter whose likelihood keeps rising towards 0, and one that is flat", () => {
    const outcome = maximiseLikelihood({
      names: ["shrinks", "free", "fixed"],
      scales: [1, 1, 1],
      start: [1, 1, 1],
      logLikelihood: ([s = 1, , f = 1]) => -s - (Math.log(f) - 2) ** 2,
    });
    if (!outcome.ok) throw new Error("failed");
    expect(outcome.atBoundary).toEqual(["shrinks", "free"]);
    expect(outcome.params[2]).toBeCloseTo(Math.exp(2), 4);
    expect(outcome.warnings.join("\n")).toContain("shrinks");
  });

  it("moves quickly along a ridge to infinity and stops at the edge of the box", () => {
    // Depends only on u/v: the maximum is a whole ray, u = v → ∞ is as good as anywhere.
    const outcome = maximiseLikelihood({
      names: ["u", "v"],
      scales: [1, 1],
      start: [1, 2],
      logLikelihood: ([u = 1, v = 1]) => -((Math.log(u / v) - 1) ** 2) + Math.log(u) * 1e-3,
    });
    if (!outcome.ok) throw new Error("failed");
    expect(outcome.atBoundary).toContain("u");
    expect(outcome.iterations).toBeLessThan(5000);
    expect(Math.log(outcome.params[0]! / outcome.params[1]!)).toBeCloseTo(1, 2);
  });

  it("answers a likelihood that is nowhere finite with an issue", () => {
    const outcome = maximiseLikelihood({
      names: ["x"],
      scales: [1],
      start: [1],
      logLikelihood: () => Number.NaN,
    });
    expect(outcome.ok ? [] : outcome.issues.map((i) => i.code)).toEqual(["not_finite"]);
  });
});
