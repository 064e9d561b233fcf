import { describe, expect, it } from "vitest";
import { explainRecommendation } from "./explain.js";
import { createItemFilter } from "./item-filter.js";
import { buildRecommender, recommendForPerson } from "./recommender.js";
import type { CatalogItem, Purchase } from "./types.js";

const DAY = 86_400_000;
const item = (
  id: string,
  categoryPath: string[],
  price: number,
  extra: Partial<CatalogItem> = {},
): CatalogItem => ({
  id,
  name: id.replace(/-/g, " "),
  categoryPath,
  price,
  ...extra,
});
const catalogue: CatalogItem[] = [
  item("dishwasher-x", ["Appliances", "Dishwashers"], 499),
  item("tabs-40", ["Household", "Dishwasher tabs"], 9.9, { replenishable: true }),
  item("cam-entry", ["Electronics", "Cameras"], 399),
  item("cam-mid", ["Electronics", "Cameras"], 799),
  item("cam-pro", ["Electronics", "Cameras"], 1999),
  item("camera-bag", ["Electronics", "Camera accessories", "Bags"], 49),
  item("pregnancy-test", ["Health", "Pregnancy"], 12, { sensitive: true }),
  item("vitamins", ["Health", "Supplements"], 15),
  item("coffee", ["Groceries", "Coffee"], 8, { replenishable: true }),
  item("milk", ["Groceries", "Dairy"], 1.5),
  item("bread", ["Groceries", "Bakery"], 3),
  item("butter", ["Groceries", "Dairy"], 2.5),
];
const buy = (customerId: string, time: number, ...items: string[]): Purchase[] =>
  items.map((itemId) => ({ customerId, itemId, time }));
const history: Purchase[] = [
  ...Array.from({ length: 6 }, (_, c) => buy(`g${c}`, 0, "milk", "coffee", "bread", "butter")).flat(),
  ...Array.from({ length: 4 }, (_, c) => buy(`h${c}`, 0, "milk", "pregnancy-test", "vitamins")).flat(),
  ...Array.from({ length: 3 }, (_, c) =>
    buy(`k${c}`, 0, "cam-entry", "camera-bag", "other-shop-lens"),
  ).flat(),
];
const model = buildRecommender(history, {
  catalogue,
  rules: [{ antecedent: ["dishwasher-x"], consequent: "tabs-40", confidence: 0.6, lift: 8 }],
  upsell: {
    accessories: [
      { category: ["Electronics", "Cameras"], accessories: [["Electronics", "Camera accessories"]] },
    ],
  },
});
const ownRange = createItemFilter({ catalogue });
const ids = (recs: { itemId: string }[]) => recs.map((r) => r.itemId);

describe("scenario 5: cross-selling and up-selling", () => {
  it("offers dishwasher tabs to a dishwasher buyer, explained", () => {
    const [first] = recommendForPerson(model, buy("p", 0, "dishwasher-x"), { n: 3, filter: ownRange });
    expect(first).toMatchObject({ itemId: "tabs-40", reason: "complementary", because: ["dishwasher-x"] });
    expect(explainRecommendation(first!, (id) => catalogue.find((c) => c.id === id)!.name)).toBe(
      "because you bought dishwasher x",
    );
  });

  it("offers a dearer camera and accessories to an entry-camera buyer, only from the own range", () => {
    const recs = recommendForPerson(model, buy("p", 0, "cam-entry"), { n: 5, filter: ownRange });
    expect(recs.find((r) => r.itemId === "cam-mid")).toMatchObject({
      reason: "upsell",
      because: ["cam-entry"],
    });
    expect(ids(recs)).toContain("camera-bag");
    expect(ids(recs)).not.toContain("cam-pro"); // more than 3× the price
    expect(ids(recs)).not.toContain("other-shop-lens");
    expect(ids(recommendForPerson(model, buy("p", 0, "cam-entry"), { n: 5 }))).toContain("other-shop-lens");
  });
});

describe("recommendForPerson", () => {
  it("never offers sensitive items or excluded categories", () => {
    const everything = recommendForPerson(model, buy("p", 0, "milk"), { n: 20 });
    expect(ids(everything)).toContain("pregnancy-test");
    const safe = recommendForPerson(model, buy("p", 0, "milk"), { n: 20, filter: ownRange });
    expect(ids(safe)).not.toContain("pregnancy-test");
    expect(ids(safe)).toContain("vitamins");
    const noHealth = createItemFilter({ catalogue, excludeCategories: [["Health"]] });
    expect(ids(recommendForPerson(model, buy("p", 0, "milk"), { n: 20, filter: noHealth }))).not.toContain(
      "vitamins",
    );
  });

  it("leaves out owned items unless replenishable", () => {
    const recs = recommendForPerson(model, buy("p", 0, "milk", "coffee", "bread"), {
      n: 20,
      filter: ownRange,
    });
    expect(ids(recs)).toContain("coffee");
    expect(ids(recs)).not.toContain("milk");
    expect(ids(recs)).not.toContain("bread");
  });

  it("weighs recent purchases more", () => {
    const recs = recommendForPerson(model, [...buy("p", 0, "cam-entry"), ...buy("p", 400 * DAY, "milk")], {
      filter: ownRange,
      weights: { upsell: 0, complementary: 0, popular: 0 },
      halfLifeDays: 30,
      fill: false,
    });
    expect(recs[0]!.because).toEqual(["milk"]);
  });

  it("fills short lists with popular items and answers only popular items for an empty history", () => {
    const recs = recommendForPerson(model, [], { n: 3, filter: ownRange });
    expect(recs).toHaveLength(3);
    expect(recs.every((r) => r.reason === "popular" && r.because.length === 0)).toBe(true);
    expect(explainRecommendation(recs[0]!)).toBe("popular with other customers");
  });
});

describe("buying again", () => {
  const model = buildRecommender(history, { catalogue, replenishable: ["milk"] });

  it("offers replenishable items the person buys regularly, most regular first, and explains why", () => {
    const mine = [...buy("p", 0, "coffee", "milk", "dishwasher-x"), ...buy("p", 7 * DAY, "coffee")];
    const list = recommendForPerson(model, mine, { n: 10, now: 8 * DAY });
    const again = list.filter((r) => r.reason === "buy_again").map((r) => r.itemId);
    expect(again).toEqual(["coffee", "milk"]);
    expect(explainRecommendation(list.find((r) => r.itemId === "coffee")!)).toBe("you buy this regularly");
    expect(list.map((r) => r.itemId)).not.toContain("dishwasher-x");
  });

  it("is switched off with a weight of 0", () => {
    const mine = buy("p", 0, "coffee");
    const list = recommendForPerson(model, mine, { n: 10, weights: { buyAgain: 0 } });
    expect(list.some((r) => r.reason === "buy_again")).toBe(false);
  });
});

describe("with EASE neighbours", () => {
  const easeModel = buildRecommender(history, { catalogue, ease: { lambda: 1, minBuyers: 1 } });

  it("explains, filters and leaves out owned items as with co-occurrence neighbours", () => {
    expect(easeModel.similarity.measure).toBe("ease");
    const recs = recommendForPerson(easeModel, buy("p", 0, "milk", "bread"), {
      n: 20,
      filter: ownRange,
      weights: { popular: 0 },
      fill: false,
    });
    expect(recs[0]).toMatchObject({ reason: "also_bought" });
    expect(recs.find((r) => r.itemId === "butter")?.because).toContain("bread");
    expect(ids(recs)).toContain("coffee");
    expect(ids(recs)).not.toContain("pregnancy-test");
    expect(ids(recs)).not.toContain("milk");
    expect(ids(recs)).not.toContain("bread");
  });
});
