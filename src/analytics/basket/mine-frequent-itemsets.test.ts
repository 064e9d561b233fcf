import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { itemsKey } from "./fixtures.test-helpers.js";
import { type ItemsetTable, listItemsets } from "./itemset-table.js";
import { mineFrequentItemsets } from "./mine-frequent-itemsets.js";
import { minimumCount } from "./minimum-count.js";
import type { BasketInput, MiningOptions } from "./types.js";

function mine(input: BasketInput, options: MiningOptions): ItemsetTable {
  const result = mineFrequentItemsets(input, options);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** Itemsets as "a | b" → count, order-independent. */
function asMap(table: ItemsetTable): Map<string, number> {
  return new Map(listItemsets(table).map((set) => [itemsKey(set.items), set.count]));
}

/** Every frequent itemset by enumerating all subsets of the item universe. */
function bruteForce(baskets: string[][], minCount: number, minLength: number, maxLength: number) {
  const universe = [...new Set(baskets.flat())].sort();
  const sets = baskets.map((basket) => new Set(basket));
  const out = new Map<string, number>();
  for (let mask = 1; mask < 1 << universe.length; mask++) {
    const items = universe.filter((_, i) => mask & (1 << i));
    if (items.length < minLength || items.length > maxLength) continue;
    const count = sets.filter((set) => items.every((item) => set.has(item))).length;
    if (count >= minCount) out.set(items.join(" | "), count);
  }
  return out;
}

describe("mineFrequentItemsets", () => {
  it("computes the minimum count as ceil(support × N) like arules", () => {
    expect(minimumCount(0.001, 9835)).toBe(10);
    expect(minimumCount(0.01, 9835)).toBe(99);
    expect(minimumCount(0.0005, 88162)).toBe(45);
    expect(minimumCount(0.0002, 88162)).toBe(18);
    expect(minimumCount(0.5, 3)).toBe(2);
    expect(minimumCount(1, 0)).toBe(1);
  });

  it("returns no itemsets for empty input or empty baskets", () => {
    expect(mine([], { support: 0.1 }).size).toBe(0);
    expect(mine([[], []], { support: 0.5 }).size).toBe(0);
    expect(mine([], { support: 0.1 }).transactionCount).toBe(0);
  });

  it("keeps at support 1 only what every basket holds", () => {
    const table = mine(
      [
        ["bag", "milk", "bread"],
        ["bag", "milk"],
        ["milk", "bag", "eggs"],
      ],
      { support: 1 },
    );
    expect(asMap(table)).toEqual(
      new Map([
        ["bag", 3],
        ["milk", 3],
        ["bag | milk", 3],
      ]),
    );
  });

  it("counts an item repeated inside one basket once", () => {
    const table = mine([["a", "a", "b"], ["a"], ["b", "b"]], { support: 0.1 });
    expect(asMap(table)).toEqual(
      new Map([
        ["a", 2],
        ["b", 2],
        ["a | b", 1],
      ]),
    );
    const ids = mine([[7, 7, 7], [7]], { support: 1 });
    expect(asMap(ids)).toEqual(new Map([["7", 2]]));
  });

  it("stops at maxLength 1 and hides sets below minLength", () => {
    const baskets = [
      ["a", "b", "c"],
      ["a", "b"],
      ["a", "c"],
    ];
    expect([...asMap(mine(baskets, { support: 0.5, maxLength: 1 })).keys()].sort()).toEqual(["a", "b", "c"]);
    expect(asMap(mine(baskets, { support: 0.5, minLength: 2 }))).toEqual(
      new Map([
        ["a | b", 2],
        ["a | c", 2],
      ]),
    );
    expect(asMap(mine(baskets, { support: 0.3, minLength: 3, maxLength: 3 }))).toEqual(
      new Map([["a | b | c", 1]]),
    );
  });

  it("handles an item present in every basket (and identical baskets: a single-path tree)", () => {
    const everywhere = mine([["x", "a"], ["x", "b"], ["x", "a", "b"], ["x"]], { support: 0.25 });
    expect(asMap(everywhere)).toEqual(
      new Map([
        ["x", 4],
        ["a", 2],
        ["b", 2],
        ["a | x", 2],
        ["b | x", 2],
        ["a | b", 1],
        ["a | b | x", 1],
      ]),
    );
    const identical = mine(
      Array.from({ length: 5 }, () => ["p", "q", "r", "s"]),
      { support: 1 },
    );
    expect(identical.size).toBe(15);
    expect([...identical.counts].every((count) => count === 5)).toBe(true);
  });

  it("accepts ids as number arrays or Int32Arrays, sparse huge ids included", () => {
    const big = 2_000_000_000;
    const table = mine([[big, 3], Int32Array.of(3, big), [3]], { support: 0.6 });
    expect(asMap(table)).toEqual(
      new Map([
        ["3", 3],
        [String(big), 2],
        [`2000000000 | 3`, 2],
      ]),
    );
    expect(table.labels).toBeUndefined();
  });

  it("reports invalid options and ids as issues", () => {
    const codes = (input: BasketInput, options: MiningOptions) => {
      const result = mineFrequentItemsets(input, options);
      return result.ok ? [] : result.issues.map((issue) => issue.code);
    };
    expect(codes([["a"]], { support: 0 })).toEqual(["invalid_support"]);
    expect(codes([["a"]], { support: 1.5 })).toEqual(["invalid_support"]);
    expect(codes([["a"]], { support: Number.NaN })).toEqual(["invalid_support"]);
    expect(codes([["a"]], { support: 0.5, minLength: 0 })).toContain("invalid_length");
    expect(codes([["a"]], { support: 0.5, minLength: 3, maxLength: 2 })).toEqual(["invalid_length"]);
    expect(codes([[1, -2]], { support: 0.5 })).toEqual(["invalid_item_id"]);
    expect(codes([[1.5]], { support: 0.5 })).toEqual(["invalid_item_id"]);
  });

  it("agrees with brute-force enumeration on random small databases", () => {
    const basket = fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e", "f", "g"), { maxLength: 7 });
    fc.assert(
      fc.property(
        fc.array(basket, { maxLength: 40 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 4 }),
        (baskets, support, minLength, extra) => {
          const maxLength = minLength + extra;
          const table = mine(baskets, { support, minLength, maxLength });
          const expected = bruteForce(baskets, minimumCount(support, baskets.length), minLength, maxLength);
          expect(asMap(table)).toEqual(expected);
          expect(asMap(table).size).toBe(table.size);
        },
      ),
      { numRuns: 300 },
    );
  });
});
