import { describe, expect, it } from "vitest";
import { createItemFilter } from "./item-filter.js";
import { buildPopularity, popularItems } from "./popularity.js";
import type { CatalogItem, Purchase } from "./types.js";

const lines: Purchase[] = [
  ["c1", "tea"],
  ["c2", "tea"],
  ["c3", "tea"],
  ["c1", "mug"],
  ["c2", "mug"],
  ["c1", "coffee"],
  ["c1", "coffee"],
].map(([customerId, itemId]) => ({ customerId: customerId!, itemId: itemId!, time: 0 }));
const catalogue: CatalogItem[] = [
  { id: "tea", name: "Tea", categoryPath: ["Food", "Hot drinks"], price: 3 },
  { id: "coffee", name: "Coffee", categoryPath: ["Food", "Hot drinks"], price: 5 },
  { id: "mug", name: "Mug", categoryPath: ["Home"], price: 7, sensitive: false },
];

describe("popularity", () => {
  const model = buildPopularity(lines, catalogue);

  it("ranks by distinct buyers, globally and per category", () => {
    expect(model.ranked).toEqual(["tea", "mug", "coffee"]);
    expect(model.counts.get("coffee")).toBe(1);
    expect(popularItems(model, { category: ["Food", "Hot drinks"] }).map((r) => r.itemId)).toEqual([
      "tea",
      "coffee",
    ]);
    expect(popularItems(model, { category: ["Food"], n: 1 })).toEqual([
      { itemId: "tea", score: 1, reason: "popular", because: [] },
    ]);
  });

  it("skips excluded and filtered items", () => {
    const filter = createItemFilter({ allowedItems: ["mug", "coffee"] });
    expect(popularItems(model, { exclude: new Set(["mug"]), filter }).map((r) => r.itemId)).toEqual([
      "coffee",
    ]);
  });
});
