import { describe, expect, it } from "vitest";
import { buildEase, easeScores } from "./ease.js";
import { buildEaseSimilarity, easeNeighbours } from "./ease-neighbours.js";
import { buildInteractionMatrix } from "./interaction-matrix.js";
import { neighboursOf } from "./item-similarity.js";
import { neighbourScores } from "./neighbour-scores.js";
import type { Purchase } from "./types.js";

const buy = (customerId: string, ...items: string[]): Purchase[] =>
  items.map((itemId) => ({ customerId, itemId, time: 0 }));

// Two clusters (a b c, d e f) bridged by g; h is bought once.
const purchases = [
  ...buy("1", "a", "b", "c"),
  ...buy("2", "a", "b"),
  ...buy("3", "b", "c"),
  ...buy("4", "a", "c", "g"),
  ...buy("5", "d", "e", "f"),
  ...buy("6", "d", "e", "g"),
  ...buy("7", "e", "f"),
  ...buy("8", "d", "f", "h"),
];
const matrix = buildInteractionMatrix(purchases);
const model = buildEase(matrix, { lambda: 1, minBuyers: 2 });

describe("easeNeighbours", () => {
  it("keeps each item's largest positive weights, best first, with the shared customers", () => {
    const sim = easeNeighbours(matrix, model, 2);
    const a = neighboursOf(sim, "a");
    expect(a.map((x) => x.itemId)).toHaveLength(2);
    const row = model.itemIds.map((to) => ({
      to,
      w: model.weights[model.itemIndex.get("a")! * 7 + model.itemIndex.get(to)!]!,
    }));
    const expected = row
      .filter((x) => x.w > 0)
      .sort((x, y) => y.w - x.w)
      .slice(0, 2);
    expect(a).toEqual(expected.map((x) => ({ itemId: x.to, score: x.w, coCount: x.to === "g" ? 1 : 2 })));
    expect(neighboursOf(sim, "h")).toEqual([]); // one buyer: outside the model
    expect(sim.measure).toBe("ease");
  });

  it("scores like the dense model with the negative weights left out, when all others are kept", () => {
    const sim = easeNeighbours(matrix, model, 100);
    const positive = { ...model, weights: model.weights.map((w) => Math.max(0, w)) };
    for (const history of [["a"], ["a", "d"], ["b", "c", "e"], ["g"]]) {
      const owned = new Map(history.map((id) => [id, 1] as const));
      const dense = easeScores(positive, owned);
      const expected = model.itemIds.flatMap((id, j) =>
        dense[j]! > 0 && !owned.has(id) ? [[id, dense[j]!]] : [],
      );
      const fromLists = neighbourScores(sim, owned, 100, (id) => owned.has(id));
      expect(fromLists.size).toBe(expected.length);
      for (const [id, score] of expected)
        expect(fromLists.get(id as string)?.score).toBeCloseTo(score as number, 14);
    }
  });

  it("ranks a one-item history exactly as the dense model does", () => {
    const sim = easeNeighbours(matrix, model, 100);
    const dense = easeScores(model, new Map([["a", 1]]));
    const denseOrder = model.itemIds
      .map((id, j) => ({ id, s: dense[j]! }))
      .filter((x) => x.s > 0)
      .sort((x, y) => y.s - x.s)
      .map((x) => x.id);
    expect(neighboursOf(sim, "a").map((x) => x.itemId)).toEqual(denseOrder);
  });

  it("is built straight from purchases", () => {
    const sim = buildEaseSimilarity(purchases, { lambda: 1, minBuyers: 2, topK: 2 });
    expect(neighboursOf(sim, "a")).toEqual(neighboursOf(easeNeighbours(matrix, model, 2), "a"));
  });
});
