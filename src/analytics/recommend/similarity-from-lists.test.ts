import { describe, expect, it } from "vitest";
import { buildItemSimilarityFromPurchases, neighboursOf } from "./item-similarity.js";
import { similarityFromLists } from "./similarity-from-lists.js";
import type { Purchase } from "./types.js";

const purchases: Purchase[] = [
  ["c1", "a"],
  ["c1", "b"],
  ["c2", "a"],
  ["c2", "b"],
  ["c2", "c"],
  ["c3", "b"],
  ["c3", "c"],
  ["c4", "a"],
  ["c4", "c"],
].map(([customerId, itemId]) => ({ customerId: customerId!, itemId: itemId!, time: 0 }));

describe("similarityFromLists", () => {
  it("gives back the neighbours the stored lists were made from", () => {
    const built = buildItemSimilarityFromPurchases(purchases, { minCoCount: 1 });
    const lists = built.itemIds.map((itemId) => ({ itemId, neighbours: neighboursOf(built, itemId) }));
    const rebuilt = similarityFromLists(lists, new Map([["a", 3]]));
    for (const itemId of built.itemIds)
      expect(neighboursOf(rebuilt, itemId)).toEqual(neighboursOf(built, itemId));
    expect(neighboursOf(rebuilt, "unknown")).toEqual([]);
  });

  it("indexes items that appear only as neighbours, with empty lists of their own", () => {
    const sim = similarityFromLists(
      [{ itemId: "x", neighbours: [{ itemId: "y", score: 0.5, coCount: 2 }] }],
      new Map(),
    );
    expect(neighboursOf(sim, "y")).toEqual([]);
    expect(neighboursOf(sim, "x")).toEqual([{ itemId: "y", score: 0.5, coCount: 2 }]);
  });
});
