import { describe, expect, it } from "vitest";
import { evaluateRecommenders } from "./evaluate.js";
import type { NamedRecommender } from "./evaluation-recommenders.js";
import { rankingMetrics } from "./ranking-metrics.js";
import type { Purchase } from "./types.js";

describe("rankingMetrics", () => {
  it("computes hit rate, precision, recall and NDCG at k", () => {
    const m = rankingMetrics(["a", "x", "b", "y"], new Set(["a", "b", "c"]), 4);
    expect(m.hit).toBe(1);
    expect(m.precision).toBe(0.5);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(m.ndcg).toBeCloseTo((1 + 1 / Math.log2(4)) / idcg, 12);
    expect(rankingMetrics(["x"], new Set(["a"]), 10)).toEqual({ hit: 0, precision: 0, recall: 0, ndcg: 0 });
    expect(rankingMetrics(["a"], new Set(["a"]), 1).ndcg).toBe(1);
  });
});

describe("evaluateRecommenders", () => {
  const split = 100;
  const line = (customerId: string, itemId: string, time: number): Purchase => ({ customerId, itemId, time });
  const purchases = [
    line("c1", "a", 1),
    line("c1", "b", 200), // target
    line("c1", "a", 201), // re-bought: not a target
    line("c2", "a", 1),
    line("c2", "a", 300), // only a re-buy: c2 is not evaluated
    line("c3", "b", 300), // no history: not evaluated
    line("c4", "r", 1),
    line("c4", "r", 300), // replenishable: a target
  ];
  const seen: { exclude: string[]; now: number }[] = [];
  const oracle: NamedRecommender = {
    name: "oracle",
    build: (train) => {
      expect(train.every((p) => p.time < split)).toBe(true);
      return (_history, exclude, _k, now) => {
        seen.push({ exclude: [...exclude], now });
        return ["b", "r"];
      };
    },
  };
  const catalogue = [{ id: "r", name: "refill", categoryPath: [], price: 1, replenishable: true }];

  it("follows the temporal-split protocol", () => {
    const report = evaluateRecommenders(purchases, {
      splitTime: split,
      k: 1,
      catalogue,
      recommenders: [oracle],
    });
    expect(report).toMatchObject({ trainLines: 3, testLines: 5, customersEvaluated: 2, meanTargets: 1 });
    expect(seen).toEqual([
      { exclude: ["a"], now: split },
      { exclude: [], now: split },
    ]);
    expect(report.results[0]).toMatchObject({ name: "oracle", hitRate: 0.5, precision: 0.5, recall: 0.5 });
  });

  it("ranks the default recommenders on a toy log", () => {
    const report = evaluateRecommenders(purchases, { splitTime: split, k: 2 });
    expect(report.results.map((r) => r.name)).toEqual([
      "popularity",
      "random",
      "co-occurrence",
      "item-cosine",
      "item-lift",
      "ease-dense",
      "ease-top100",
      "personalised",
    ]);
  });
});
