import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS } from "./intervals.js";
import { fitPopulation, shrinkPersonMean } from "./population.js";
import { buildTimingModel, predictNextPurchase } from "./timing-model.js";
import type { CategoryPurchase } from "./types.js";

const logIntervals = fc.array(fc.array(fc.double({ min: 0, max: 8, noNaN: true }), { maxLength: 6 }), {
  minLength: 1,
  maxLength: 30,
});

describe("fitPopulation", () => {
  it("recovers between and within variance from a balanced design", () => {
    // Person means 5 ± 0.5, within-person deviations ±0.1: τ² ≈ 0.25·(4/3)/… , σ² = 0.01·(4/3).
    const people = [4.5, 5, 5.5].map((m) => [m - 0.1, m + 0.1, m - 0.1, m + 0.1]);
    const fitted = fitPopulation("x", people)!;
    expect(fitted.mu).toBeCloseTo(5, 10);
    expect(fitted.sigma2).toBeCloseTo(0.04 / 3, 10);
    expect(fitted.tau2).toBeCloseTo(0.25 - 0.04 / 3 / 4, 10);
    expect(fitted.k).toBeCloseTo(fitted.sigma2 / fitted.tau2, 10);
  });

  it("always yields finite positive variances and k", () => {
    fc.assert(
      fc.property(logIntervals, (people) => {
        const fitted = fitPopulation("x", people);
        if (people.every((ys) => ys.length === 0)) return fitted === undefined;
        return (
          fitted !== undefined &&
          Number.isFinite(fitted.mu) &&
          fitted.sigma2 > 0 &&
          fitted.tau2 > 0 &&
          fitted.k > 0 &&
          Number.isFinite(fitted.k)
        );
      }),
    );
  });
});

describe("shrinkPersonMean", () => {
  it("moves closer to the own mean with every further interval at that mean", () => {
    fc.assert(
      fc.property(
        logIntervals,
        fc.double({ min: 0, max: 8, noNaN: true }),
        fc.integer({ min: 0, max: 20 }),
        (people, own, n) => {
          const fitted = fitPopulation("x", people);
          if (!fitted) return true;
          const fewer = shrinkPersonMean(fitted, Array(n).fill(own));
          const more = shrinkPersonMean(fitted, Array(n + 1).fill(own));
          return (
            Math.abs(more.mean - own) <= Math.abs(fewer.mean - own) + 1e-12 &&
            more.ownWeight > fewer.ownWeight &&
            more.ownWeight < 1 &&
            more.variance < fewer.variance
          );
        },
      ),
    );
  });
});

const purchases = fc.array(
  fc.record({
    customerId: fc.constantFrom("a", "b", "c", "d"),
    category: fc.constantFrom("milk", "jackets"),
    time: fc
      .integer({ min: 0, max: 3650 })
      .map((d) => Date.UTC(2015, 0, 1) + d * DAY_MS + (d % 7) * 3_600_000),
  }),
  { maxLength: 60 },
);

describe("predictNextPurchase", () => {
  it("predicts positive, finite, ordered dates whenever it predicts", () => {
    fc.assert(
      fc.property(purchases, (list: CategoryPurchase[]) => {
        const model = buildTimingModel(list);
        for (const p of list) {
          const r = predictNextPurchase(model, p.customerId, p.category);
          if (!r.ok) continue;
          const { typicalIntervalDays, lastPurchase, notDueBefore, predictedNext, overdueAfter } =
            r.prediction;
          if (!(typicalIntervalDays > 0 && Number.isFinite(typicalIntervalDays))) return false;
          if (
            !(lastPurchase < notDueBefore && notDueBefore <= predictedNext && predictedNext <= overdueAfter)
          )
            return false;
          if (!Number.isFinite(overdueAfter)) return false;
        }
        return true;
      }),
    );
  });

  it("follows the person's own rhythm more, the longer their history", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 12 }), (ownDays, n) => {
        const others: CategoryPurchase[] = [];
        for (let p = 0; p < 20; p++) {
          for (let o = 0; o < 4; o++)
            others.push({ customerId: `o${p}`, category: "x", time: (o * (20 + p) + p) * DAY_MS });
        }
        const typical = (count: number): number => {
          const own = Array.from({ length: count + 1 }, (_, o) => ({
            customerId: "me",
            category: "x",
            time: o * ownDays * DAY_MS,
          }));
          const r = predictNextPurchase(buildTimingModel([...others, ...own]), "me", "x");
          return r.ok ? r.prediction.typicalIntervalDays : Number.NaN;
        };
        const gap = (days: number): number => Math.abs(Math.log(days) - Math.log(Math.max(1, ownDays)));
        return gap(typical(n + 1)) <= gap(typical(n)) + 1e-9;
      }),
    );
  });
});
