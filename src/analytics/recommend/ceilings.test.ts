import { describe, expect, it } from "vitest";
import { ceilingRecommenders } from "./ceilings.js";
import type { Purchase } from "./types.js";

const line = (customerId: string, itemId: string, time: number): Purchase => ({ customerId, itemId, time });

// Training: six customers bought b with q, six others x with y (EASE links b to q).
const train = [
  ...["c0", "c1", "c2", "c3", "c4", "c5"].flatMap((c) => [line(c, "b", 1), line(c, "q", 2)]),
  ...["c6", "c7", "c8", "c9", "c10", "c11"].flatMap((c) => [line(c, "x", 1), line(c, "y", 2)]),
];
// Test period: z sold to four customers, y to three, q to one; u never sold.
const test = [
  ...["t1", "t2", "t3", "t4"].map((c) => line(c, "z", 200)),
  ...["t1", "t2", "t3"].map((c) => line(c, "y", 200)),
  line("t5", "q", 200),
];

describe("ceilingRecommenders", () => {
  it("lists the test period's bestsellers by distinct buyers, skipping owned items", () => {
    const [bestsellers] = ceilingRecommenders(test);
    expect(bestsellers!.name).toBe("ceiling: test bestsellers");
    const recommend = bestsellers!.build(train, [], new Set());
    expect(recommend([], new Set(), 10, 100)).toEqual(["z", "y", "q"]);
    expect(recommend([], new Set(["z"]), 2, 100)).toEqual(["y", "q"]);
  });

  it("blends a person's EASE scores with the bestsellers by weight, over items that sold", () => {
    const [, personalFirst, popularFirst] = ceilingRecommenders(test, [1e-9, 1e6]);
    const history = [line("c0", "b", 1)];
    const owned = new Set(["b"]);
    expect(personalFirst!.name).toBe("ceiling: ease + test bestsellers ×1e-9");
    expect(personalFirst!.build(train, [], new Set())(history, owned, 1, 100)).toEqual(["q"]);
    expect(popularFirst!.build(train, [], new Set())(history, owned, 3, 100)).toEqual(["z", "y", "q"]);
  });
});
