import { describe, expect, it } from "vitest";
import { contextOf } from "./arbitraries.test-helpers.js";
import { evaluateInMemory } from "./evaluate-in-memory.js";
import type { InMemoryEvent, InMemoryPerson } from "./in-memory-person.js";
import { segmentFromText } from "./parse-text.js";

const NOW = Date.UTC(2026, 2, 15, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Item = { category: string; price: unknown; quantity?: number; name?: string };

const order = (ts: number, products: Item[], extra: Record<string, unknown> = {}): InMemoryEvent => ({
  event: "Order Completed",
  type: "track",
  ts,
  properties: { products, ...extra },
});
const search = (ts: number, query: string): InMemoryEvent => ({
  event: "Products Searched",
  type: "track",
  ts,
  properties: { query },
});
const baby = (price = 10): Item => ({ category: "Baby", price, quantity: 1 });
const toy = (price = 30): Item => ({ category: "Toys", price, quantity: 1 });
const jacket: Item = { category: "Jackets", price: 199, name: "Winterjacke Alpin" };

function person(events: InMemoryEvent[], extra: Partial<InMemoryPerson> = {}): InMemoryPerson {
  return { id: "p1", traits: {}, computed: {}, identifierKinds: [], allowedPurposes: [], events, ...extra };
}

function holds(text: string, who: InMemoryPerson): boolean {
  return evaluateInMemory(segmentFromText(text), who, contextOf({}, NOW));
}

describe("bought baby products at least twice in 90 days", () => {
  const segment = 'count(Order Completed where products.category = "Baby", last 90d) >= 2';

  it("counts orders with a baby line item anywhere in the basket", () => {
    expect(
      holds(segment, person([order(NOW - 5 * DAY, [toy(), baby()]), order(NOW - 80 * DAY, [baby()])])),
    ).toBe(true);
  });

  it("counts neither orders outside the window, nor other events, nor other categories", () => {
    const outside = order(NOW - 91 * DAY, [baby()]);
    const pageView: InMemoryEvent = { ...order(NOW - DAY, [baby()]), type: "page" };
    const cancelled: InMemoryEvent = { ...order(NOW - DAY, [baby()]), event: "Order Cancelled" };
    const recent = order(NOW - 2 * DAY, [baby()]);
    expect(holds(segment, person([recent, outside, pageView, cancelled, order(NOW - DAY, [toy()])]))).toBe(
      false,
    );
  });

  it("includes the window's first moment and now, and nothing after now", () => {
    const edge = [order(NOW - 90 * DAY, [baby()]), order(NOW, [baby()])];
    expect(holds(segment, person(edge))).toBe(true);
    expect(holds(segment, person([order(NOW - 90 * DAY - 1, [baby()]), order(NOW + 1, [baby()])]))).toBe(
      false,
    );
  });
});

describe("the winter-jacket segment", () => {
  const segment = `trait.city = "Bern"
    and sequence(Products Searched where query contains "winter jacket", last 30d,
                 then not Order Completed where products.category = "Jackets", within 7d)
    and consent("marketing.push")`;
  const searched = NOW - 10 * DAY;
  const bernPush = (events: InMemoryEvent[]) =>
    person(events, { traits: { city: "Bern" }, allowedPurposes: ["marketing.push"] });

  it("takes a customer who searched and bought no jacket", () => {
    expect(
      holds(segment, bernPush([search(searched, "warm winter jacket"), order(searched + DAY, [toy()])])),
    ).toBe(true);
  });

  it("drops a customer who bought a jacket within 7 days, the 7th day's last moment included", () => {
    expect(
      holds(segment, bernPush([search(searched, "winter jacket"), order(searched + 3 * DAY, [jacket])])),
    ).toBe(false);
    expect(
      holds(segment, bernPush([search(searched, "winter jacket"), order(searched + 7 * DAY, [jacket])])),
    ).toBe(false);
  });

  it("keeps a customer whose jacket came later than 7 days, or before the search", () => {
    const late = [search(searched, "winter jacket"), order(searched + 7 * DAY + 1, [jacket])];
    expect(holds(segment, bernPush(late))).toBe(true);
    const before = [
      order(searched - HOUR, [jacket]),
      search(searched, "winter jacket"),
      order(searched, [jacket]),
    ];
    expect(holds(segment, bernPush(before))).toBe(true);
  });

  it("needs only one search that went unanswered", () => {
    const events = [
      search(NOW - 20 * DAY, "winter jacket"),
      order(NOW - 19 * DAY, [jacket]),
      search(NOW - 2 * DAY, "winter jacket"),
    ];
    expect(holds(segment, bernPush(events))).toBe(true);
  });

  it("matches while the 7 days are still running: no jacket so far", () => {
    expect(holds(segment, bernPush([search(NOW - HOUR, "winter jacket")]))).toBe(true);
  });

  it("ignores old or other searches, and needs Bern and push consent", () => {
    expect(holds(segment, bernPush([search(NOW - 31 * DAY, "winter jacket")]))).toBe(false);
    expect(holds(segment, bernPush([search(searched, "Winter Jacket")]))).toBe(false);
    expect(holds(segment, person([search(searched, "winter jacket")], { traits: { city: "Bern" } }))).toBe(
      false,
    );
  });

  it("in the positive form needs the second event within the time", () => {
    const bought =
      'sequence(Products Searched, then Order Completed where products.category = "Jackets", within 7d)';
    expect(holds(bought, person([search(searched, "x"), order(searched + 7 * DAY, [jacket])]))).toBe(true);
    expect(holds(bought, person([search(searched, "x"), order(searched + 8 * DAY, [jacket])]))).toBe(false);
    expect(holds(bought, person([search(searched, "x"), order(searched, [jacket])]))).toBe(false);
  });
});

describe("line items", () => {
  it("need every line-item filter to hold for the same item", () => {
    const segment = 'exists(Order Completed where products.category = "Baby" and products.price > 20)';
    expect(holds(segment, person([order(NOW, [baby(10), toy(30)])]))).toBe(false);
    expect(holds(segment, person([order(NOW, [toy(30), baby(25)])]))).toBe(true);
  });

  it("aggregate the line items that pass the line-item filters", () => {
    const events = [order(NOW - DAY, [baby(10), toy(30), baby(15)]), order(NOW - 2 * DAY, [baby(5)])];
    expect(
      holds('sum(products.price of Order Completed where products.category = "Baby") = 30', person(events)),
    ).toBe(true);
    expect(
      holds('max(products.price of Order Completed where products.category = "Baby") = 15', person(events)),
    ).toBe(true);
    expect(holds("min(products.price of Order Completed) = 5", person(events))).toBe(true);
    expect(holds("avg(products.price of Order Completed) = 15", person(events))).toBe(true);
  });

  it("are looked for only in a list under products", () => {
    const odd: InMemoryEvent = { ...order(NOW, []), properties: { products: { category: "Baby" } } };
    expect(holds('exists(Order Completed where products.category = "Baby")', person([odd]))).toBe(false);
  });
});

describe("aggregates over nothing and over odd values", () => {
  const nobody = person([]);

  it("count and sum nothing as 0", () => {
    expect(holds("count(Order Completed) = 0", nobody)).toBe(true);
    expect(holds("sum(total of Order Completed) < 10", nobody)).toBe(true);
  });

  it("leave avg, min and max of nothing missing, so no comparison holds", () => {
    for (const aggregate of ["avg", "min", "max"]) {
      expect(holds(`${aggregate}(total of Order Completed) < 10`, nobody)).toBe(false);
      expect(holds(`${aggregate}(total of Order Completed) >= 10`, nobody)).toBe(false);
    }
  });

  it("take only JSON numbers", () => {
    const events = [
      order(NOW, [], { total: 40 }),
      order(NOW, [], { total: "12.5" }),
      order(NOW, [], { total: null }),
    ];
    expect(
      holds("sum(total of Order Completed) = 40 and avg(total of Order Completed) = 40", person(events)),
    ).toBe(true);
    expect(holds("count(Order Completed) = 3", person(events))).toBe(true);
  });
});

describe("absolute windows", () => {
  const segment = "exists(Order Completed, between 2026-01-01 and 2026-03-31)";

  it("hold both days whole, in UTC", () => {
    for (const inside of [Date.UTC(2026, 0, 1), Date.UTC(2026, 2, 31, 23, 59, 59, 999)])
      expect(holds(segment, person([order(inside, [])]))).toBe(true);
    for (const outside of [Date.UTC(2026, 0, 1) - 1, Date.UTC(2026, 3, 1)])
      expect(holds(segment, person([order(outside, [])]))).toBe(false);
  });
});
