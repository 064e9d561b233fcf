/** Typed domain events: valid ones are stored as sent, invalid ones get a per-message error. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

const VALID: Record<string, Record<string, unknown>> = {
  "Order Completed": {
    order_id: "A-1001",
    store_id: "bern-01",
    channel: "store",
    currency: "CHF",
    total: 54.8,
    payment_method: "card",
    loyalty_card_id: "6001000000000001",
    products: [
      {
        product_id: "wj-1",
        name: "Winterjacke Alpin",
        category: "Bekleidung/Jacken",
        price: 49.9,
        quantity: 1,
      },
      { product_id: "sock-3", name: "Wollsocken", category: "Bekleidung/Socken", price: 4.9 },
    ],
  },
  "Product Viewed": { product_id: "wj-1", name: "Winterjacke Alpin", price: 49.9 },
  "Products Searched": { query: "winterjacke" },
  "Survey Answered": {
    survey_id: "s-2026-q1",
    nps: 9,
    satisfaction: 4,
    product_line: "Bekleidung",
    responses: [{ question_id: "q1", answer: "gut" }],
  },
  "Loyalty Points Earned": { card_id: "6001000000000001", points: 55, order_id: "A-1001" },
  "Loyalty Points Redeemed": { card_id: "6001000000000001", points: 500, reason: "Gutschein" },
  "Complaint Filed": {
    complaint_id: "c-7",
    category: "delivery",
    order_id: "A-1001",
    description: "Paket beschädigt",
  },
  "Review Submitted": { product_id: "wj-1", rating: 5, title: "Warm", body: "Sehr warm" },
  "Warranty Registered": { product_id: "cam-200", serial_number: "SN123", purchase_date: "2026-03-01" },
  "Contest Entered": { contest_id: "summer-2026", answer: "B" },
  "Location Entered": { store_id: "bern-01", latitude: 46.948, longitude: 7.4474, city: "Bern" },
};

const INVALID: Array<[string, Record<string, unknown>, RegExp]> = [
  ["Order Completed", { order_id: "x", products: [{ product_id: "p", price: -1 }] }, /products\.0\.price/],
  ["Order Completed", { order_id: "x", products: [{ product_id: "p", price: 1, quantity: 0 }] }, /quantity/],
  ["Order Completed", { products: [{ product_id: "p", price: 1 }] }, /order_id/],
  [
    "Order Completed",
    { order_id: "x", products: [{ product_id: "p", price: 1 }], currency: "euro" },
    /currency/,
  ],
  ["Products Searched", { query: "" }, /query/],
  ["Survey Answered", { survey_id: "s", nps: 11 }, /nps/],
  ["Loyalty Points Earned", { card_id: "c", points: -5 }, /points/],
  ["Review Submitted", { product_id: "p", rating: 9 }, /rating/],
  [
    "Warranty Registered",
    { product_id: "p", serial_number: "s", purchase_date: "01.03.2026" },
    /purchase_date/,
  ],
  ["Location Entered", { latitude: 123, longitude: 7 }, /latitude/],
  // Two totals near Number.MAX_VALUE sum to Infinity in the profile: the message was a 500.
  [
    "Order Completed",
    { order_id: "x", total: 1e308, products: [{ product_id: "p", price: 1 }] },
    /total.*at most 1,000,000,000,000/,
  ],
  ["Product Viewed", { product_id: "p", price: 2e12 }, /price/],
];

describe.each(BACKENDS)("typed domain events on $name", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
  });
  afterAll(async () => {
    await h.close();
  });

  it("stores every documented event with valid properties", async () => {
    const batch = Object.entries(VALID).map(([event, properties], i) => ({
      type: "track",
      userId: "anna",
      event,
      properties,
      messageId: `valid-${i}`,
    }));
    const response = await h.send("/v1/batch", { batch });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().stored).toBe(batch.length);
    const events = (await h.get("/v1/events?userId=anna&limit=100")).json().events as Array<{
      event: string;
      properties: Record<string, unknown>;
    }>;
    const order = events.find((e) => e.event === "Order Completed")!;
    // Defaults are applied (quantity 1) and unknown extras kept.
    expect(order.properties).toMatchObject({
      order_id: "A-1001",
      currency: "CHF",
      products: [{ quantity: 1 }, { quantity: 1, product_id: "sock-3" }],
    });
    expect(events.find((e) => e.event === "Complaint Filed")!.properties).toMatchObject({ status: "open" });
  });

  it("rejects each invalid event with a message naming the field, storing the rest of the batch", async () => {
    const batch = [
      ...INVALID.map(([event, properties], i) => ({
        type: "track",
        userId: "bert",
        event,
        properties,
        messageId: `invalid-${i}`,
      })),
      {
        type: "track",
        userId: "bert",
        event: "Products Searched",
        properties: { query: "tabs" },
        messageId: "still-good",
      },
    ];
    const response = await h.send("/v1/batch", { batch });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.stored).toBe(1);
    expect(body.rejected).toHaveLength(INVALID.length);
    body.rejected.forEach((r: { index: number; code: string; message: string; path: string }) => {
      expect(r.code).toBe("invalid_event_properties");
      expect(`${r.path} ${r.message}`).toMatch(INVALID[r.index]![2]);
    });
  });

  it("leaves custom track events untyped", async () => {
    const response = await h.send("/v1/track", {
      userId: "carl",
      event: "Newsletter Clicked",
      properties: { anything: [1, "two"] },
    });
    expect(response.statusCode).toBe(200);
  });
});
