import { describe, expect, it } from "vitest";
import { productSchema } from "../protocol/index.js";
import { demoShop } from "./catalogue.js";
import { COMPLEMENT_RULES, FOLLOW_UP_RULES, OWNERSHIP_REPLENISHES } from "./co-purchase.js";
import { demoCatalogue } from "./index.js";
import { PERSONAS } from "./personas.js";

describe("demoCatalogue", () => {
  const catalogue = demoCatalogue();

  it("has a few hundred valid products with unique ids", () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(300);
    expect(catalogue.length).toBeLessThanOrEqual(600);
    expect(new Set(catalogue.map((p) => p.id)).size).toBe(catalogue.length);
    for (const product of catalogue) expect(productSchema.parse(product)).toEqual(product);
  });

  it("spans the shop's departments in a category tree", () => {
    const roots = new Set(catalogue.map((p) => p.categoryPath[0]));
    for (const root of [
      "Lebensmittel",
      "Getränke",
      "Drogerie",
      "Baby",
      "Haushalt",
      "Haushalt & Elektro",
      "Elektronik",
      "Bekleidung",
      "Sport & Outdoor",
      "Garten",
    ]) {
      expect(roots).toContain(root);
    }
    for (const product of catalogue) expect(product.categoryPath.length).toBeGreaterThanOrEqual(3);
    const names = catalogue.map((p) => p.name).join("\n");
    expect(names).toMatch(/Geschirrspüler/);
    expect(names).toMatch(/Spülmaschinentabs/);
    expect(names).toMatch(/Winterparka|Daunenjacke/);
  });

  it("tags sensitive and replenishable items", () => {
    const tagged = (tag: string) => catalogue.filter((p) => p.tags.includes(tag));
    expect(tagged("sensitive:alcohol").every((p) => p.categoryPath[0] === "Getränke")).toBe(true);
    expect(tagged("sensitive:alcohol").length).toBeGreaterThan(10);
    expect(tagged("sensitive:baby").every((p) => p.categoryPath[0] === "Baby")).toBe(true);
    expect(tagged("sensitive:health").length).toBeGreaterThan(10);
    expect(tagged("replenishable").map((p) => p.id)).toEqual(
      expect.arrayContaining(["milk-01", "dish-tabs-01", "diapers-01"]),
    );
    expect(tagged("replenishable").map((p) => p.id)).not.toContain("dishwasher-01");
  });

  it("has entry and higher-value cameras for up-selling", () => {
    const price = (tag: string) => catalogue.filter((p) => p.tags.includes(tag)).map((p) => p.price ?? 0);
    expect(Math.max(...price("tier:entry"))).toBeLessThan(Math.min(...price("tier:premium")));
  });

  it("returns a copy callers may change", () => {
    const first = demoCatalogue();
    (first[0] as { tags: string[] }).tags.push("changed");
    expect(demoCatalogue()[0]?.tags).not.toContain("changed");
  });

  it("refers only to groups that exist", () => {
    const shop = demoShop();
    const keys = [
      ...COMPLEMENT_RULES.flatMap((r) => [r.antecedent, r.consequent]),
      ...FOLLOW_UP_RULES.flatMap((r) => [r.after, r.buy]),
      ...Object.entries(OWNERSHIP_REPLENISHES).flat(2),
      ...PERSONAS.flatMap((p) => [...p.regular, ...p.impulse, ...Object.keys(p.durables)]),
    ];
    for (const key of keys) expect(() => shop.group(key)).not.toThrow();
    expect(PERSONAS.reduce((sum, p) => sum + p.weight, 0)).toBeCloseTo(1, 6);
  });
});
