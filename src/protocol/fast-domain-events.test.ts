import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DOMAIN_EVENT_SCHEMAS, type DomainEventName } from "./domain-events.js";
import { FAST_DOMAIN_EVENTS } from "./fast-domain-events.js";

// Values a client might send for each field: mostly valid (so that whole orders often are), and
// every kind of invalid value now and then.
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: invalid, weight: 1 });
const idValue = mostly(
  fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.integer()),
  fc.oneof(fc.double(), fc.constantFrom(null, true, "")),
);
const moneyValue = mostly(
  fc.oneof(fc.double({ min: 0, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 500 })),
  fc.oneof(fc.double(), fc.integer({ min: -5, max: -1 }), fc.constantFrom("9.99", null)),
);
const stringValue = mostly(fc.string({ maxLength: 4 }), fc.constantFrom(1, null, false));
const currencyValue = mostly(fc.constantFrom("EUR", "CHF"), fc.constantFrom("eur", "EURO", "", 978, null));
const extra = fc.dictionary(fc.constantFrom("note", "coupon_code", "x"), fc.jsonValue(), { maxKeys: 2 });
const optional = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });

const lineItem = mostly(
  fc
    .record({
      product_id: idValue,
      sku: optional(stringValue),
      name: optional(stringValue),
      category: optional(stringValue),
      brand: optional(stringValue),
      variant: optional(stringValue),
      price: moneyValue,
      quantity: optional(
        mostly(
          fc.integer({ min: 1, max: 5 }),
          fc.oneof(fc.integer({ min: -2, max: 0 }), fc.double(), fc.constant("2")),
        ),
      ),
    })
    .chain((item) => extra.map((more) => ({ ...more, ...item }))),
  fc.constantFrom(null, "p-1", 7),
);
const order = fc.record({
  order_id: idValue,
  store_id: optional(stringValue),
  channel: optional(
    mostly(fc.constantFrom("store", "online", "app", "phone", "marketplace"), fc.constantFrom("fax", 1)),
  ),
  products: mostly(fc.array(lineItem, { maxLength: 3 }), fc.constantFrom(null, "none")),
  currency: optional(currencyValue),
  total: optional(moneyValue),
  revenue: optional(moneyValue),
  shipping: optional(moneyValue),
  tax: optional(moneyValue),
  discount: optional(moneyValue),
  coupon: optional(stringValue),
  payment_method: optional(stringValue),
  loyalty_card_id: optional(stringValue),
});
const product = fc.record({
  product_id: idValue,
  name: optional(stringValue),
  category: optional(stringValue),
  brand: optional(stringValue),
  price: optional(moneyValue),
  currency: optional(currencyValue),
});
const search = fc.record({ query: optional(stringValue) });

/** JSON has no `undefined`: what a client sends simply lacks the key. */
const asSent = <T extends object>(value: fc.Arbitrary<T>) =>
  fc
    .tuple(value, extra)
    .map(([v, more]) => ({ ...more, ...JSON.parse(JSON.stringify(v)) }) as Record<string, unknown>);

const CASES: Array<[DomainEventName, fc.Arbitrary<Record<string, unknown>>]> = [
  ["Order Completed", asSent(order)],
  ["Product Viewed", asSent(product)],
  ["Product Added", asSent(product)],
  ["Products Searched", asSent(search)],
];

describe("fast paths for domain event properties", () => {
  it.each(CASES)(
    "%s: accepts only what its schema accepts, and returns the same value",
    (event, properties) => {
      const fast = FAST_DOMAIN_EVENTS[event]!;
      let taken = 0;
      fc.assert(
        fc.property(properties, (input) => {
          const result = fast(input);
          if (result === undefined) return; // zod decides; nothing to compare
          taken++;
          const parsed = DOMAIN_EVENT_SCHEMAS[event].safeParse(input);
          expect(parsed.success).toBe(true);
          expect(result).toEqual(parsed.data);
        }),
        { numRuns: 3_000 },
      );
      // The comparison means something only if the fast path took a fair share of the inputs.
      expect(taken).toBeGreaterThan(30);
    },
  );

  it("takes the common events of a shop", () => {
    const milk = {
      product_id: "p-1",
      name: "Milch",
      category: "Lebensmittel > Milchprodukte",
      price: 1.29,
      quantity: 2,
    };
    const orderProperties = {
      order_id: 5001,
      channel: "online",
      total: 42.97,
      products: [milk, { product_id: 77, price: 14.99 }],
    };
    expect(FAST_DOMAIN_EVENTS["Order Completed"]!(orderProperties)).toEqual({
      order_id: "5001",
      channel: "online",
      total: 42.97,
      currency: "EUR",
      products: [milk, { product_id: "77", price: 14.99, quantity: 1 }],
    });
    expect(
      FAST_DOMAIN_EVENTS["Product Viewed"]!({ product_id: "p-1", price: 19.99, category: "Bekleidung" }),
    ).toBeDefined();
    expect(FAST_DOMAIN_EVENTS["Products Searched"]!({ query: "winterjacke damen" })).toEqual({
      query: "winterjacke damen",
    });
  });
});
