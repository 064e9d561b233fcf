import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildInteractionMatrix, byBasket } from "./interaction-matrix.js";
import {
  alsoBought,
  buildItemSimilarity,
  buildItemSimilarityFromPurchases,
  neighboursOf,
} from "./item-similarity.js";
import { selectTopK } from "./top-k.js";
import type { Purchase } from "./types.js";

const buy = (customerId: string, ...items: string[]): Purchase[] =>
  items.map((itemId) => ({ customerId, itemId, time: 0 }));

// a: bought by c1 c2 c3; b: c1 c2; c: c3 c4; d: c4
const purchases = [
  ...buy("c1", "a", "b", "a"),
  ...buy("c2", "a", "b"),
  ...buy("c3", "a", "c"),
  ...buy("c4", "c", "d"),
];

describe("buildInteractionMatrix", () => {
  it("encodes distinct row items in both directions", () => {
    const m = buildInteractionMatrix(purchases);
    expect(m.itemIds).toEqual(["a", "b", "c", "d"]);
    expect(m.rowIds).toEqual(["c1", "c2", "c3", "c4"]);
    expect([...m.rowItems.subarray(m.rowOffsets[0]!, m.rowOffsets[1]!)]).toEqual([0, 1]);
    expect([...m.itemRows.subarray(m.itemOffsets[0]!, m.itemOffsets[1]!)]).toEqual([0, 1, 2]);
  });

  it("matches a naive set-based encoding", () => {
    const lines = fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 14 })), {
      maxLength: 200,
    });
    fc.assert(
      fc.property(lines, (pairs) => {
        const m = buildInteractionMatrix(
          pairs.map(([c, i]) => ({ customerId: `c${c}`, itemId: `i${i}`, time: 0 })),
        );
        const naive = new Set(pairs.map(([c, i]) => `c${c}|i${i}`));
        const encoded = new Set<string>();
        m.rowIds.forEach((row, r) => {
          for (let at = m.rowOffsets[r]!; at < m.rowOffsets[r + 1]!; at++)
            encoded.add(`${row}|${m.itemIds[m.rowItems[at]!]}`);
        });
        return (
          encoded.size === naive.size &&
          [...naive].every((key) => encoded.has(key)) &&
          m.itemRows.length === naive.size
        );
      }),
    );
  });

  it("groups lines into baskets by order id or by customer and time", () => {
    const lines: Purchase[] = [
      { customerId: "c1", itemId: "a", time: 1 },
      { customerId: "c1", itemId: "b", time: 1 },
      { customerId: "c1", itemId: "a", time: 2 },
      { customerId: "c2", itemId: "a", time: 3, orderId: "o9" },
    ];
    expect(buildInteractionMatrix(lines, byBasket).rowIds).toHaveLength(3);
  });
});

describe("buildItemSimilarity", () => {
  it("scores co-occurrence, cosine and lift", () => {
    const options = { minCoCount: 1 };
    const coocc = neighboursOf(
      buildItemSimilarityFromPurchases(purchases, { ...options, measure: "cooccurrence" }),
      "a",
    );
    expect(coocc).toEqual([
      { itemId: "b", score: 2, coCount: 2 },
      { itemId: "c", score: 1, coCount: 1 },
    ]);
    const cosine = neighboursOf(
      buildItemSimilarityFromPurchases(purchases, { ...options, measure: "cosine" }),
      "a",
    );
    expect(cosine[0]!.score).toBeCloseTo(2 / Math.sqrt(3 * 2), 12);
    const lift = neighboursOf(
      buildItemSimilarityFromPurchases(purchases, { ...options, measure: "lift" }),
      "c",
    );
    expect(lift.map((n) => n.itemId)).toEqual(["d", "a"]);
    expect(lift[0]!.score).toBeCloseTo((1 * 4) / (2 * 1), 12);
  });

  it("drops pairs below minCoCount and keeps at most topK neighbours", () => {
    const sim = buildItemSimilarityFromPurchases(purchases, { measure: "cooccurrence" });
    expect(neighboursOf(sim, "a").map((n) => n.itemId)).toEqual(["b"]);
    const top1 = buildItemSimilarityFromPurchases(purchases, { minCoCount: 1, topK: 1 });
    expect(neighboursOf(top1, "a")).toHaveLength(1);
    expect(neighboursOf(top1, "unknown")).toEqual([]);
  });

  it("damps customers with many items when asked to", () => {
    const heavy = buy("w", "x", "y", "p1", "p2", "p3", "p4", "p5", "p6");
    const light = [...buy("l1", "x", "z"), ...buy("l2", "x", "z"), ...buy("l3", "x", "y")];
    const plain = buildItemSimilarityFromPurchases([...heavy, ...light], { minCoCount: 1 });
    const damped = buildItemSimilarityFromPurchases([...heavy, ...light], {
      minCoCount: 1,
      rowWeighting: "inverse-sqrt",
    });
    const score = (sim: typeof plain, id: string) =>
      neighboursOf(sim, "x").find((n) => n.itemId === id)!.score;
    expect(score(damped, "z") / score(damped, "y")).toBeGreaterThan(score(plain, "z") / score(plain, "y"));
  });

  it("matches brute-force cosine on random data", () => {
    const lines = fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 9 })), {
      maxLength: 80,
    });
    fc.assert(
      fc.property(lines, (pairs) => {
        const ps = pairs.map(([c, i]) => ({ customerId: `c${c}`, itemId: `i${i}`, time: 0 }));
        const sim = buildItemSimilarity(buildInteractionMatrix(ps), { minCoCount: 1, topK: 100 });
        const buyers = new Map<string, Set<string>>();
        for (const p of ps) buyers.set(p.itemId, (buyers.get(p.itemId) ?? new Set()).add(p.customerId));
        for (const [i, bi] of buyers) {
          for (const n of neighboursOf(sim, i)) {
            const bj = buyers.get(n.itemId)!;
            const c = [...bi].filter((x) => bj.has(x)).length;
            if (
              Math.abs(n.score - c / Math.sqrt(bi.size * bj.size)) > 1e-12 ||
              n.score <= 0 ||
              n.score > 1 + 1e-12
            )
              return false;
          }
        }
        return true;
      }),
    );
  });

  it("answers 'customers also bought' through the filter", () => {
    const sim = buildItemSimilarityFromPurchases(purchases, { minCoCount: 1 });
    expect(alsoBought(sim, "a", { filter: (id) => id !== "b" })).toEqual([
      { itemId: "c", score: expect.any(Number), reason: "also_bought", because: ["a"] },
    ]);
  });
});

describe("selectTopK", () => {
  it("equals sorting and slicing", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 60 }),
        fc.integer({ min: 0, max: 10 }),
        (scores, k) => {
          const expected = scores
            .map((s, i) => ({ s, i }))
            .sort((a, b) => b.s - a.s || a.i - b.i)
            .slice(0, k)
            .map((x) => x.i);
          const got = selectTopK(
            scores.length,
            (i) => i,
            (i) => scores[i]!,
            k,
          );
          return JSON.stringify(got) === JSON.stringify(expected);
        },
      ),
    );
  });
});
