import { describe, expect, it } from "vitest";
import { toCategoryTransactions } from "./category-transactions.js";
import { mineFrequentItemsets } from "./mine-frequent-itemsets.js";
import { BasketError } from "./types.js";

const categories = new Map<string, readonly string[]>([
  ["spaghetti", ["Food", "Pasta", "Long"]],
  ["penne", ["Food", "Pasta", "Short"]],
  ["pesto", ["Food", "Sauces"]],
  ["soap", ["Home", "Bath"]],
  ["mystery", []],
]);
const baskets = [["spaghetti", "penne", "pesto"], ["penne", "soap"], ["unknown-sku", "pesto"], ["mystery"]];

describe("toCategoryTransactions", () => {
  it("maps products to full category paths and removes repeats", () => {
    expect(toCategoryTransactions(baskets, categories)).toEqual([
      ["Food > Pasta > Long", "Food > Pasta > Short", "Food > Sauces"],
      ["Food > Pasta > Short", "Home > Bath"],
      ["Food > Sauces"],
      [],
    ]);
  });

  it("cuts paths at a depth, so sibling products merge", () => {
    expect(toCategoryTransactions(baskets, categories, { depth: 2 })[0]).toEqual([
      "Food > Pasta",
      "Food > Sauces",
    ]);
    expect(toCategoryTransactions(baskets, categories, { depth: 1 })).toEqual([
      ["Food"],
      ["Food", "Home"],
      ["Food"],
      [],
    ]);
  });

  it("keeps unknown products under their own id on request", () => {
    const kept = toCategoryTransactions(baskets, categories, { depth: 1, unknown: "keep", separator: "/" });
    expect(kept[2]).toEqual(["unknown-sku", "Food"]);
    expect(kept[3]).toEqual(["mystery"]);
  });

  it("feeds the miner", () => {
    const result = mineFrequentItemsets(toCategoryTransactions(baskets, categories, { depth: 2 }), {
      support: 0.5,
    });
    expect(result.ok && result.value.size).toBe(2); // Food > Pasta and Food > Sauces; their pair occurs once
  });

  it("rejects a depth below 1", () => {
    expect(() => toCategoryTransactions(baskets, categories, { depth: 0 })).toThrow(BasketError);
  });
});
