import { describe, expect, it } from "vitest";
import { groupOf, type History, histories, type SeenOrder } from "./demo-test-helpers.js";
import { demoCatalogue, generateDemo } from "./index.js";

const DAY = 86_400_000;
const END = Date.parse("2026-06-30T23:59:59.999Z");
const people = [...histories(generateDemo({ customers: 8000 })).values()];
const orders = people.flatMap((h) => h.orders);

function rule(antecedent: string, consequent: string): { baskets: number; confidence: number; lift: number } {
  const withA = orders.filter((o) => o.groups.has(antecedent));
  const both = withA.filter((o) => o.groups.has(consequent)).length;
  const withC = orders.filter((o) => o.groups.has(consequent)).length;
  const confidence = both / withA.length;
  return { baskets: withA.length, confidence, lift: confidence / (withC / orders.length) };
}

function medianInterval(shoppers: readonly History[], group: string): number {
  const gaps: number[] = [];
  for (const h of shoppers) {
    const times = h.orders.filter((o) => o.groups.has(group)).map((o) => o.t);
    for (let i = 1; i < times.length; i++) gaps.push(((times[i] as number) - (times[i - 1] as number)) / DAY);
  }
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? Number.NaN;
}

describe("co-purchase structure", () => {
  it.each([
    ["pasta", "tomato-sauce"],
    ["bread", "butter"],
    ["dishwasher", "dish-tabs"],
    ["camera-entry", "memory-card"],
    ["camera-entry", "camera-bag"],
    ["baby-food", "diapers"],
    ["beer", "chips"],
    ["grill", "charcoal"],
    ["coffee-machine", "coffee"],
    ["washing-machine", "detergent"],
  ])("%s → %s is far above independence", (antecedent, consequent) => {
    const { baskets, confidence, lift } = rule(antecedent, consequent);
    expect(baskets).toBeGreaterThan(30);
    expect(confidence).toBeGreaterThan(0.4);
    expect(lift).toBeGreaterThan(2);
  });

  it("pairs without a rule stay near or below independence", () => {
    expect(rule("diapers", "spirits").lift).toBeLessThan(1.5);
    expect(rule("camera-entry", "baby-food").lift).toBeLessThan(1.5);
  });

  it("durables lead to regular purchases and up-sells later", () => {
    const later = (h: History, first: string, then: string): boolean => {
      const bought = h.orders.find((o) => o.groups.has(first));
      return bought !== undefined && h.orders.some((o) => o.t > bought.t + DAY && o.groups.has(then));
    };
    const dishwasherOwners = people.filter((h) => {
      const bought = h.orders.find((o) => o.groups.has("dishwasher"));
      return bought !== undefined && h.orders.filter((o) => o.t > bought.t + DAY).length >= 3;
    });
    expect(dishwasherOwners.length).toBeGreaterThan(10);
    const tabsLater = dishwasherOwners.filter((h) => later(h, "dishwasher", "dish-tabs")).length;
    expect(tabsLater / dishwasherOwners.length).toBeGreaterThan(0.5);
    const upsold = people.filter(
      (h) => later(h, "camera-entry", "camera-pro") || later(h, "camera-entry", "lenses"),
    );
    expect(upsold.length).toBeGreaterThan(10);
  });
});

describe("purchase timing", () => {
  it("repeats categories on their own cycles: milk about weekly, tabs about monthly", () => {
    const frequent = people.filter((h) => h.orders.length >= 40);
    expect(frequent.length).toBeGreaterThan(20);
    const milk = medianInterval(frequent, "milk");
    const tabs = medianInterval(frequent, "dish-tabs");
    expect(milk).toBeLessThan(16);
    expect(tabs).toBeGreaterThan(20);
    expect(tabs).toBeLessThan(60);
  });

  it("has one-off, loyal and churned customers", () => {
    const counts = people.map((h) => h.orders.length);
    const share = (test: (n: number) => boolean) => counts.filter(test).length / counts.length;
    expect(share((n) => n === 0)).toBeGreaterThan(0.05);
    expect(share((n) => n === 1)).toBeGreaterThan(0.2);
    expect(share((n) => n >= 10)).toBeGreaterThan(0.02);
    const churned = people.filter(
      (h) => h.orders.length >= 3 && END - (h.orders.at(-1) as SeenOrder).t > 365 * DAY,
    );
    expect(churned.length / people.length).toBeGreaterThan(0.01);
  });
});

describe("scenario 6: the winter jacket", () => {
  const isJacket = (o: SeenOrder) => o.groups.has("winter-jacket");

  it("searched, bought nothing, came near a store, bought a jacket seen online", () => {
    const pattern = people.filter((h) => {
      const search = h.searches.find((s) => /jacke|parka/.test(s.query));
      if (search === undefined) return false;
      const bought = h.orders.find((o) => o.t > search.t && isJacket(o));
      if (bought === undefined || bought.t - search.t < 2 * DAY || bought.channel !== "store") return false;
      const seen = h.views.filter((v) => v.t >= search.t && v.t < bought.t).map((v) => v.productId);
      const jacket = bought.productIds.find((id) => groupOf(id) === "winter-jacket");
      return seen.includes(jacket as string) && h.locations.some((t) => t > search.t && t <= bought.t);
    });
    expect(pattern.length / people.length).toBeGreaterThan(0.01);
  });

  it("buys a jacket only every 2–3 years", () => {
    const longRun = histories(
      generateDemo({
        customers: 1500,
        start: new Date("2019-07-01T00:00:00Z"),
        end: new Date("2026-06-30T23:59:59Z"),
      }),
    );
    const gaps: number[] = [];
    for (const h of [...longRun.values(), ...people]) {
      const times = h.orders.filter(isJacket).map((o) => o.t);
      for (let i = 1; i < times.length; i++)
        gaps.push(((times[i] as number) - (times[i - 1] as number)) / DAY);
    }
    gaps.sort((a, b) => a - b);
    expect(gaps.length).toBeGreaterThan(20);
    // Never sooner than two years; typically 2–3 years (longer when one was bought elsewhere).
    expect(gaps[0]).toBeGreaterThanOrEqual(730);
    expect(gaps[Math.floor(gaps.length / 2)]).toBeLessThan(1100 + 150);
  });
});

describe("scenario 7: basket shift of a family card holder", () => {
  it("some customers move from baby products to alcohol and ready meals", () => {
    const tags = new Map(demoCatalogue().map((p) => [p.id, p.tags]));
    const has = (o: SeenOrder, tag: string) => o.productIds.some((id) => tags.get(id)?.includes(tag));
    const shifted = people.filter((h) => {
      const half = Math.floor(h.orders.length / 2);
      const before = h.orders.slice(0, half);
      const after = h.orders.slice(-Math.max(3, Math.floor(h.orders.length / 4)));
      return (
        before.some((o) => has(o, "sensitive:baby")) &&
        after.every((o) => !has(o, "sensitive:baby")) &&
        after.filter((o) => has(o, "sensitive:alcohol") && o.groups.has("ready-meals")).length >= 2
      );
    });
    expect(shifted.length).toBeGreaterThanOrEqual(3);
    expect(shifted.length / people.length).toBeLessThan(0.03);
  });
});
