import { describe, expect, it } from "vitest";
import type { IngestContext } from "../ingest/index.js";
import { parseMessage, type SegmentMessage } from "../protocol/index.js";
import { createMinimiser } from "./minimiser.js";
import { registryOf, TEST_CATEGORIES } from "./registry.test-helpers.js";

const declaration = (policy: "strip" | "reject" | "keep") => ({
  policy,
  categories: TEST_CATEGORIES,
  fields: {
    userId: "identifier",
    "traits.email": "contact",
    "traits.address.city": "contact",
    "traits.religion": { category: "religion", purposes: { personalisation: "consent" }, retention: "P1Y" },
    "traits.allergies": {
      category: "health",
      purposes: ["personalisation"],
      legalBasis: "explicit_consent",
      retention: "P1Y",
    },
    "context.ip": "identifier",
    "context.campaign.*": "behaviour.web",
    "context.library.name": "technical",
    "properties.url": "behaviour.web",
  },
  events: {
    "Order Completed": {
      properties: {
        order_id: "behaviour.purchase",
        currency: "behaviour.purchase",
        "products[].product_id": "behaviour.purchase",
        "products[].price": "behaviour.purchase",
        "products[].quantity": "behaviour.purchase",
      },
    },
  },
});

const minimise = createMinimiser(
  registryOf({ default: declaration("keep"), web: declaration("strip"), pos: declaration("reject") }),
);
const ctx = (sourceId: string): IngestContext => ({
  workspaceId: "default",
  sourceId,
  receivedAt: new Date(),
});

function message(raw: Record<string, unknown>): SegmentMessage {
  const parsed = parseMessage({ userId: "u1", ...raw });
  if (!parsed.ok) throw new Error(parsed.issue.message);
  return parsed.message;
}

const order = () =>
  message({
    type: "track",
    event: "Order Completed",
    properties: {
      order_id: "o-1",
      products: [
        { product_id: "p-1", price: 5, colour: "red" },
        { product_id: "p-2", price: 7, quantity: 2 },
        { product_id: "p-3", price: 9, colour: "blue" },
      ],
      url: "https://shop.example/checkout",
      gift_note: "Alles Gute, Oma!",
    },
    context: {
      ip: "203.0.113.9",
      campaign: { name: "winter", source: "newsletter" },
      library: { name: "x" },
    },
  });

describe("minimiser, policy strip", () => {
  it("returns the very same message when everything is declared", () => {
    const m = message({ type: "identify", traits: { email: "a@example.de", address: { city: "Bern" } } });
    const result = minimise(m, ctx("web"));
    expect(result).toEqual({ ok: true, message: m, stripped: [], undeclared: 0 });
    expect(result.ok && result.message).toBe(m);
  });

  it("strips undeclared fields of line items (each path reported once) and keeps the rest", () => {
    const m = order();
    const before = structuredClone(m);
    const result = minimise(m, ctx("web"));
    if (!result.ok) throw new Error(result.issue.message);
    expect(result.stripped).toEqual(["properties.products[].colour", "properties.gift_note"]);
    expect(result.message.type === "track" && result.message.properties).toEqual({
      order_id: "o-1",
      products: [
        { product_id: "p-1", price: 5, quantity: 1 },
        { product_id: "p-2", price: 7, quantity: 2 },
        { product_id: "p-3", price: 9, quantity: 1 },
      ],
      url: "https://shop.example/checkout",
      currency: "EUR",
    });
    // Copy on write: the caller's message is untouched, unchanged parts are shared.
    expect(m).toEqual(before);
    expect(result.message.context).toBe(m.context);
  });

  it("strips nested traits, `$set` traits and plain values where only deeper fields are declared", () => {
    const m = message({
      type: "identify",
      traits: {
        email: "a@example.de",
        address: { city: "Bern", street: "Marktgasse 1" },
        $set: { favouriteColour: "green", email: "b@example.de" },
        $unset: ["phone"],
      },
      context: { library: "analytics.js" },
    });
    const result = minimise(m, ctx("web"));
    if (!result.ok) throw new Error(result.issue.message);
    expect(result.stripped).toEqual(["traits.address.street", "traits.favouriteColour", "context.library"]);
    expect(result.message.type === "identify" && result.message.traits).toEqual({
      email: "a@example.de",
      address: { city: "Bern" },
      $set: { email: "b@example.de" },
      $unset: ["phone"],
    });
    expect(result.message.context).toEqual({});
  });

  it("lets `*` stand for any key of a free map, and declared common properties serve page calls", () => {
    const m = message({
      type: "page",
      properties: { url: "https://shop.example/", title: "Start" },
      context: { campaign: { name: "w", anything: { nested: true } } },
    });
    const result = minimise(m, ctx("web"));
    expect(result.ok && result.stripped).toEqual(["properties.title"]);
  });

  it("never strips what a person says about their data: consent in context and consent events", () => {
    const consent = message({
      type: "track",
      event: "Consent Updated",
      properties: { purpose: "marketing.email", status: "withdrawn", notice_id: "n-7" },
      context: { consent: { categoryPreferences: { "marketing.email": false } }, gpc: true },
    });
    const result = minimise(consent, ctx("web"));
    expect(result).toEqual({ ok: true, message: consent, stripped: [], undeclared: 0 });
  });
});

describe("minimiser, policies reject and keep", () => {
  it("reject refuses the message and names the first undeclared field", () => {
    expect(minimise(order(), ctx("pos"))).toEqual({
      ok: false,
      issue: {
        code: "undeclared_field",
        path: "properties.products[].colour",
        message: expect.stringMatching(/is not declared for source pos \(.*pos\.json, policy reject\)/),
      },
    });
  });

  it("keep stores the message as it came and counts each undeclared field once", () => {
    const m = order();
    const result = minimise(m, ctx("some-other-source"));
    expect(result).toEqual({ ok: true, message: m, stripped: [], undeclared: 2 });
  });
});

describe("minimiser, special categories (Art. 9)", () => {
  it("refuses a field declared special without explicit consent, under every policy", () => {
    for (const source of ["web", "pos", "shop-without-file"]) {
      const result = minimise(message({ type: "identify", traits: { religion: "x" } }), ctx(source));
      expect(result).toEqual({
        ok: false,
        issue: {
          code: "special_category_refused",
          path: "traits.religion",
          message: expect.stringContaining("special-category data (religion, Art. 9 GDPR)"),
        },
      });
    }
  });

  it("refuses it also inside `$set`, but not a null that only clears it", () => {
    const set = minimise(message({ type: "identify", traits: { $set: { religion: "x" } } }), ctx("web"));
    expect(set.ok).toBe(false);
    const cleared = minimise(message({ type: "identify", traits: { religion: null } }), ctx("web"));
    expect(cleared.ok).toBe(true);
  });

  it("accepts special-category data declared with explicit consent", () => {
    const m = message({ type: "identify", traits: { allergies: ["nuts"] } });
    expect(minimise(m, ctx("web"))).toEqual({ ok: true, message: m, stripped: [], undeclared: 0 });
  });

  it("does not guess: an undeclared field named like a special category is only undeclared", () => {
    const result = minimise(message({ type: "identify", traits: { health: "asthma" } }), ctx("web"));
    expect(result.ok && result.stripped).toEqual(["traits.health"]);
  });
});
