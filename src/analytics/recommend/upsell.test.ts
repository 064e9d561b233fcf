import { describe, expect, it } from "vitest";
import type { CatalogItem } from "./types.js";
import { buildUpsellIndex, upsell, upsellCandidates } from "./upsell.js";

const camera = (id: string, price: number): CatalogItem => ({
  id,
  name: id,
  categoryPath: ["Photo", "Cameras"],
  price,
});
const catalogue: CatalogItem[] = [
  camera("c100", 100),
  camera("c120", 120),
  camera("c200", 200),
  camera("c250", 250),
  camera("c400", 400),
  camera("c900", 900),
  { id: "strap", name: "strap", categoryPath: ["Photo", "Accessories", "Straps"], price: 10 },
];

describe("upsell", () => {
  it("prefers the next price band and stops at the price ratio", () => {
    const index = buildUpsellIndex(catalogue, { maxPriceRatio: 3 });
    // Bands of 6 cameras: [100 120] [200 250] [400 900].
    expect([...upsellCandidates(index, "c100")]).toEqual([
      ["c200", 1],
      ["c250", 1],
    ]);
    expect([...upsellCandidates(index, "c200")]).toEqual([["c400", 1]]);
    expect(upsellCandidates(index, "c900").size).toBe(0);
  });

  it("adds accessories of the bought item's category", () => {
    const index = buildUpsellIndex(catalogue, {
      accessories: [{ category: ["Photo", "Cameras"], accessories: [["Photo", "Accessories"]] }],
    });
    expect(upsell(index, ["c250"])).toEqual([
      { itemId: "c400", score: 1, reason: "upsell", because: ["c250"] },
      { itemId: "strap", score: 0.8, reason: "upsell", because: ["c250"] },
    ]);
    expect(upsell(index, ["strap"])).toEqual([]);
  });
});
