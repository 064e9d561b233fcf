import { describe, expect, it } from "vitest";
import { buildEase, easeScores, easeWeights, fitEase, gramMatrix } from "./ease.js";
import { buildInteractionMatrix } from "./interaction-matrix.js";
import type { Purchase } from "./types.js";

const DAY = 86_400_000;
const buy = (customerId: string, time: number, ...items: string[]): Purchase[] =>
  items.map((itemId) => ({ customerId, itemId, time }));

/** Weight of `from` towards `to` in a fitted model. */
const weight = (model: ReturnType<typeof buildEase>, from: string, to: string): number =>
  model.weights[model.itemIndex.get(from)! * model.itemIds.length + model.itemIndex.get(to)!]!;

describe("easeWeights", () => {
  it("matches the two-item closed form B[i][j] = c / (n_i + λ)", () => {
    // (G + λI)⁻¹ = [r, −c; −c, p] / det, so B[0][1] = −P[0][1] / P[1][1] = c / p.
    const b = easeWeights(Float64Array.of(2, 1, 1, 2), 2, 1);
    expect([...b]).toEqual([0, 1 / 3, 1 / 3, 0].map((v) => expect.closeTo(v, 14)));
    // a bought by 3 customers, b by 1, both by 1: owning b says more about a than a about b.
    const model = buildEase(
      buildInteractionMatrix([...buy("1", 0, "a", "b"), ...buy("2", 0, "a"), ...buy("3", 0, "a")]),
      {
        lambda: 2,
        minBuyers: 1,
      },
    );
    expect(weight(model, "a", "b")).toBeCloseTo(1 / (3 + 2), 14);
    expect(weight(model, "b", "a")).toBeCloseTo(1 / (1 + 2), 14);
  });

  it("solves min ‖X − XB‖² + λ‖B‖² with a zero diagonal (stationarity off the diagonal)", () => {
    const purchases = [
      ...buy("1", 0, "a", "b", "c"),
      ...buy("2", 0, "a", "b"),
      ...buy("3", 0, "b", "c", "d"),
      ...buy("4", 0, "a", "d", "e"),
      ...buy("5", 0, "c", "e"),
      ...buy("6", 0, "a", "b", "e"),
    ];
    const matrix = buildInteractionMatrix(purchases);
    const n = matrix.itemIds.length;
    const lambda = 0.7;
    const gram = gramMatrix(
      matrix,
      Int32Array.from({ length: n }, (_, i) => i),
      n,
    );
    const b = easeWeights(gram.slice(), n, lambda);
    for (let i = 0; i < n; i++) {
      expect(b[i * n + i]).toBe(0);
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        // Gradient of the objective w.r.t. B[i][j]: ((G + λI)·B − G)[i][j] must vanish.
        let s = lambda * b[i * n + j]! - gram[i * n + j]!;
        for (let k = 0; k < n; k++) s += gram[i * n + k]! * b[k * n + j]!;
        expect(s).toBeCloseTo(0, 12);
      }
    }
  });

  it("rejects λ ≤ 0", () => {
    expect(() => easeWeights(Float64Array.of(1), 1, 0)).toThrow(/lambda/);
  });
});

describe("gramMatrix", () => {
  it("counts shared customers, or sums products of entry weights, over the kept items only", () => {
    const matrix = buildInteractionMatrix([...buy("1", 0, "a", "b", "c"), ...buy("2", 0, "a", "b")]);
    const keep = Int32Array.of(0, 1, -1); // drop c
    expect([...gramMatrix(matrix, keep, 2)]).toEqual([2, 2, 2, 2]);
    const weights = Float64Array.of(1, 0.5, 9, 2, 1); // customer 1: a 1, b 0.5, c 9; customer 2: a 2, b 1
    expect([...gramMatrix(matrix, keep, 2, weights)]).toEqual([1 + 4, 0.5 + 2, 0.5 + 2, 0.25 + 1]);
  });
});

describe("buildEase and fitEase", () => {
  const purchases = [
    ...buy("1", 0, "a", "b"),
    ...buy("2", 0, "a", "b"),
    ...buy("3", 300 * DAY, "a", "c"),
    ...buy("4", 300 * DAY, "a", "c"),
    ...buy("5", 300 * DAY, "d"),
  ];

  it("leaves out items with fewer than minBuyers buyers, and beyond maxItems the least bought", () => {
    const matrix = buildInteractionMatrix(purchases);
    expect(buildEase(matrix, { minBuyers: 2 }).itemIds).toEqual(["a", "b", "c"]);
    expect(buildEase(matrix, { minBuyers: 1, maxItems: 2 }).itemIds).toEqual(["a", "b"]);
  });

  it("weighs recent co-purchases more with a half-life, and equally without", () => {
    const plain = fitEase(purchases, { lambda: 1, minBuyers: 1, halfLifeDays: Number.POSITIVE_INFINITY });
    expect(weight(plain.model, "a", "c")).toBeCloseTo(weight(plain.model, "a", "b"), 14);
    const recent = fitEase(purchases, { lambda: 1, minBuyers: 1, halfLifeDays: 60 }).model;
    expect(weight(recent, "a", "c")).toBeGreaterThan(2 * weight(recent, "a", "b"));
  });

  it("scores a history as the weighted sum of its items' rows", () => {
    const { model } = fitEase(purchases, { lambda: 1, minBuyers: 1, halfLifeDays: Number.POSITIVE_INFINITY });
    const scores = easeScores(
      model,
      new Map([
        ["b", 1],
        ["c", 0.5],
        ["unknown", 1],
      ]),
    );
    const expected = model.itemIds.map((to) => weight(model, "b", to) + 0.5 * weight(model, "c", to));
    expect([...scores]).toEqual(expected.map((v) => expect.closeTo(v, 14)));
  });
});
