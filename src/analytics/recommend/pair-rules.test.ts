import { describe, expect, it } from "vitest";
import { buildComplementIndex, crossSell } from "./complements.js";
import { minePairRules } from "./pair-rules.js";
import type { Purchase } from "./types.js";

const basket = (orderId: string, ...items: string[]): Purchase[] =>
  items.map((itemId) => ({ customerId: `c-${orderId}`, itemId, time: 0, orderId }));

// 10 baskets: bread+butter in 4, bread alone in 2, butter alone in 1, jam alone in 3.
const purchases = [
  ...[1, 2, 3, 4].flatMap((n) => basket(`bb${n}`, "bread", "butter")),
  ...[1, 2].flatMap((n) => basket(`b${n}`, "bread")),
  ...basket("u1", "butter"),
  ...[1, 2, 3].flatMap((n) => basket(`j${n}`, "jam")),
];

describe("minePairRules", () => {
  it("computes support, confidence and lift per basket", () => {
    const rules = minePairRules(purchases, { minCount: 2, minConfidence: 0 });
    const breadToButter = rules.find((r) => r.antecedent[0] === "bread" && r.consequent === "butter")!;
    expect(breadToButter.count).toBe(4);
    expect(breadToButter.support).toBeCloseTo(0.4, 12);
    expect(breadToButter.confidence).toBeCloseTo(4 / 6, 12);
    expect(breadToButter.lift).toBeCloseTo(4 / 6 / 0.5, 12);
    expect(rules).toHaveLength(2);
    expect(minePairRules(purchases, { minCount: 5 })).toEqual([]);
  });
});

describe("crossSell", () => {
  it("needs the whole antecedent and ignores rules without positive lift", () => {
    const index = buildComplementIndex([
      { antecedent: ["pasta", "tomatoes"], consequent: "parmesan", confidence: 0.5, lift: 3 },
      { antecedent: ["pasta"], consequent: "water", confidence: 0.9, lift: 1 },
    ]);
    expect(crossSell(index, ["pasta"])).toEqual([]);
    expect(crossSell(index, ["tomatoes", "pasta"])).toEqual([
      { itemId: "parmesan", score: 0.5, reason: "complementary", because: ["pasta", "tomatoes"] },
    ]);
  });
});
