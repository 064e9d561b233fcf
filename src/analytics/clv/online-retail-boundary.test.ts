import { describe, expect, it } from "vitest";
import { loadOnlineRetailSummary } from "../../../test/fixtures/online-retail-clv/load-online-retail-clv.js";
import { bgNbdModel, fitBgNbd } from "./bg-nbd.js";
import { fitParetoNbd, paretoNbdModel } from "./pareto-nbd.js";

/** UCI Online Retail, weekly, calibration to 2011-06-30: the fit runs off to a → 0 (no dropout). */
describe("the Online Retail boundary case", () => {
  const customers = loadOnlineRetailSummary();

  it("has the 2,960 customers of the reference selection", () => {
    expect(customers).toHaveLength(2960);
  });

  it("BG/NBD reports a → 0 (and b unidentified) with finite values and the reference LL", () => {
    const fit = fitBgNbd(customers);
    if (!fit.ok) throw new Error("fit failed");
    expect(fit.atBoundary).toContain("a");
    expect(fit.warnings.some((w) => w.includes("a → 0"))).toBe(true);
    expect(fit.params.r).toBeCloseTo(0.744, 3);
    expect(fit.params.alpha).toBeCloseTo(9.05, 1);
    expect(fit.params.a).toBeLessThan(0.001);
    // BTYD stopped at a = 0.0008, b = 503 with −15325.457; the supremum is a hair higher.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(-15325.457);
    expect(fit.logLikelihood).toBeLessThan(-15325.4);
    for (const v of Object.values(fit.params)) expect(Number.isFinite(v)).toBe(true);
    const model = bgNbdModel(fit.params);
    for (const c of customers.slice(0, 200)) {
      expect(Number.isFinite(model.conditionalExpectedTransactions(c, 52))).toBe(true);
      expect(model.probabilityAlive(c)).toBeGreaterThan(0.99);
    }
  });

  it("Pareto/NBD reaches the same no-dropout limit and says so", () => {
    const fit = fitParetoNbd(customers);
    if (!fit.ok) throw new Error("fit failed");
    expect(fit.atBoundary.some((p) => p === "s" || p === "beta")).toBe(true);
    expect(fit.logLikelihood).toBeCloseTo(-15325.455, 2);
    const model = paretoNbdModel(fit.params);
    expect(Number.isFinite(model.conditionalExpectedTransactions(customers[0]!, 52))).toBe(true);
  });
});
