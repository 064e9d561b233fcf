import { describe, expect, it } from "vitest";
import { loadCdnowSummary } from "../../../test/fixtures/cdnow/load-cdnow.js";
import { bgNbdModel } from "./bg-nbd.js";
import { discountedTransactions, periodDiscountRate, scoreCustomers } from "./customer-value.js";
import { expectedAverageSpend } from "./gamma-gamma.js";
import { paretoNbdModel } from "./pareto-nbd.js";

const bg = bgNbdModel({ r: 0.242598, alpha: 4.413684, a: 0.79299, b: 2.426167 });
const pnbd = paretoNbdModel({ r: 0.553105, alpha: 10.57423, s: 0.606305, beta: 11.671682 });
const spend = { p: 6.249349, q: 3.744256, gamma: 15.444307 };
const customers = loadCdnowSummary().slice(0, 200);

describe("discounted CLV", () => {
  it("without discounting is E[M] · E[Y(H)]", () => {
    const c = customers[0]!;
    const result = scoreCustomers(bg, spend, [c], { horizon: 52, discountRate: 0 });
    if (!result.ok) throw new Error("scoring failed");
    const score = result.scores[0]!;
    expect(score.clv).toBeCloseTo(
      expectedAverageSpend(spend, c) * bg.conditionalExpectedTransactions(c, 52),
      10,
    );
    expect(score.expectedTransactions).toBeCloseTo(bg.conditionalExpectedTransactions(c, 52), 12);
    expect(score.churnRisk).toBeCloseTo(1 - bg.probabilityAlive(c), 12);
  });

  it("sums per-period increments discounted by (1 + d)^k", () => {
    const c = customers[5]!;
    const d = 0.01;
    let manual = 0;
    for (let k = 1; k <= 10; k++) {
      const step =
        pnbd.conditionalExpectedTransactions(c, k) - pnbd.conditionalExpectedTransactions(c, k - 1);
      manual += step / (1 + d) ** k;
    }
    expect(discountedTransactions(pnbd, c, 10, d)).toBeCloseTo(manual, 12);
  });

  it("falls as the discount rate rises and applies the margin", () => {
    const c = customers[0]!;
    const at = (discountRate: number, margin = 1) => {
      const result = scoreCustomers(bg, spend, [c], { horizon: 104, discountRate, margin });
      return result.ok ? (result.scores[0]?.clv ?? Number.NaN) : Number.NaN;
    };
    expect(at(0.002)).toBeLessThan(at(0));
    expect(at(0.02)).toBeLessThan(at(0.002));
    expect(at(0.002, 0.3)).toBeCloseTo(0.3 * at(0.002), 10);
  });

  it("converts annual to per-period rates", () => {
    expect((1 + periodDiscountRate(0.1, "week")) ** (365.25 / 7)).toBeCloseTo(1.1, 12);
    expect(periodDiscountRate(0.1, "day")).toBeCloseTo(1.1 ** (1 / 365.25) - 1, 15);
  });

  it("scores every customer with finite numbers", () => {
    const result = scoreCustomers(pnbd, spend, customers, {
      horizon: 52,
      discountRate: periodDiscountRate(0.1, "week"),
    });
    if (!result.ok) throw new Error("scoring failed");
    expect(result.scores).toHaveLength(200);
    for (const s of result.scores) {
      expect(Number.isFinite(s.clv) && s.clv >= 0).toBe(true);
      expect(s.churnRisk).toBeGreaterThanOrEqual(0);
      expect(s.churnRisk).toBeLessThanOrEqual(1);
    }
  });

  it("rejects impossible options as issues", () => {
    const result = scoreCustomers(bg, spend, customers, { horizon: 0.5, discountRate: -2, margin: -1 });
    expect(result.ok ? [] : result.issues.map((i) => i.code)).toEqual([
      "invalid_option",
      "invalid_option",
      "invalid_option",
    ]);
  });
});
