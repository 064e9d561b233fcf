/**
 * Scenario 1 (loyalty card), end to end through the HTTP API on both backends: registration at
 * the loyalty desk, a purchase with the card at a till, points, an online purchase. Both
 * purchases land on one profile that shows how, where, when, how often and what the customer buys;
 * another card holder at the same till stays a different person.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";
import { writeKeyFor } from "../support/profiles.js";

const CARD = "6012 3456 7890 1234";
// Saturday 2026-11-14, 10:15 and 10:40 in Berlin (UTC+1).
const STORE_TIME = "2026-11-14T09:15:00Z";
const ONLINE_TIME = "2026-11-21T09:40:00Z";

describe.each(BACKENDS)("scenario 1 — loyalty card on $name", (backend) => {
  let h: Harness;
  let id: string;

  beforeAll(async () => {
    h = await startHarness(backend);
    const desk = await writeKeyFor(h, "loyalty-desk");
    const till = await writeKeyFor(h, "pos");
    const shop = await writeKeyFor(h, "shop");
    expect(
      (
        await desk.send("/v1/identify", {
          userId: "lc-1001",
          messageId: "reg-1",
          timestamp: "2026-11-01T08:00:00Z",
          traits: {
            firstName: "Anna",
            lastName: "Schmidt",
            birthday: "1985-03-14",
            phone: "0171 2345678",
            email: "Anna.Schmidt@Example.de",
            loyalty_card_id: CARD,
            address: { city: "Köln", postalCode: "50667", country: "DE" },
          },
          context: { consent: { categoryPreferences: { personalisation: true } } },
        })
      ).statusCode,
    ).toBe(200);
    await desk.send("/v1/identify", {
      userId: "lc-2002",
      messageId: "reg-2",
      timestamp: "2026-11-02T08:00:00Z",
      traits: { firstName: "Bernd", loyalty_card_id: "6012999900001111" },
    });
    const stored = await till.send("/v1/batch", {
      batch: [
        {
          type: "track",
          anonymousId: "till-7",
          messageId: "pos-1",
          event: "Order Completed",
          timestamp: STORE_TIME,
          properties: {
            order_id: "S-1",
            channel: "store",
            store_id: "koeln-1",
            loyalty_card_id: "6012345678901234",
            revenue: 42.5,
            products: [
              { product_id: "milk", price: 1.5, quantity: 3, category: "Lebensmittel > Molkerei > Milch" },
              { product_id: "jacket", price: 38, category: "Bekleidung > Jacken > Winterjacken" },
            ],
          },
          context: {
            externalIds: [{ id: CARD, type: "loyalty_card", collection: "users", encoding: "none" }],
          },
        },
        {
          type: "track",
          anonymousId: "till-7",
          messageId: "pts-1",
          event: "Loyalty Points Earned",
          timestamp: STORE_TIME,
          properties: { card_id: CARD, points: 42, order_id: "S-1" },
        },
        {
          type: "track",
          anonymousId: "till-7",
          messageId: "pos-2",
          event: "Order Completed",
          timestamp: "2026-11-15T10:00:00Z",
          properties: {
            order_id: "S-2",
            channel: "store",
            store_id: "koeln-1",
            loyalty_card_id: "6012999900001111",
            revenue: 99,
            products: [{ product_id: "tv", price: 99, category: "Elektro > TV" }],
          },
        },
      ],
    });
    expect(stored.json()).toMatchObject({ stored: 3 });
    await shop.send("/v1/track", {
      userId: "lc-1001",
      messageId: "web-1",
      event: "Order Completed",
      timestamp: ONLINE_TIME,
      properties: {
        order_id: "W-1",
        channel: "online",
        revenue: 57.5,
        products: [{ product_id: "tabs", price: 57.5, category: "Haushalt > Spülmaschinentabs" }],
      },
    });
    id = (await h.get("/v1/profiles/user:lc-1001")).json().id;
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("finds one person under every identifier she used", async () => {
    for (const reference of [
      "email:anna.schmidt@example.de",
      "email: ANNA.SCHMIDT@EXAMPLE.DE ",
      `card:${CARD}`,
      "card:6012345678901234",
      "phone:+491712345678",
      "user:lc-1001",
      id,
    ]) {
      const response = await h.get(`/v1/profiles/${encodeURIComponent(reference)}`);
      expect(response.statusCode, reference).toBe(200);
      expect(response.json().id).toBe(id);
    }
    const kinds = (await h.get(`/v1/profiles/${id}`)).json().identifiers.map((i: { kind: string }) => i.kind);
    expect(kinds.sort()).toEqual(["anon", "card", "email", "phone", "user"]);
  });

  it("shows how, where, when, how often and what she buys, and the average spend", async () => {
    const profile = (await h.get(`/v1/profiles/${id}`)).json();
    expect(profile.computed).toMatchObject({
      orderCount: 2,
      revenue: 100,
      averageOrderValue: 50,
      firstOrderAt: STORE_TIME.replace("Z", ".000Z"),
      lastOrderAt: ONLINE_TIME.replace("Z", ".000Z"),
      purchaseIntervalDays: 7.02,
      favouriteStore: "koeln-1",
      usualWeekday: "saturday",
      usualHour: 10,
      loyaltyPoints: 42,
      lastPurchaseByCategory: {
        Milch: STORE_TIME.replace("Z", ".000Z"),
        Winterjacken: STORE_TIME.replace("Z", ".000Z"),
        Spülmaschinentabs: ONLINE_TIME.replace("Z", ".000Z"),
      },
    });
    expect(profile.computed.favouriteCategory).toBe("Lebensmittel");
    expect(["online", "store"]).toContain(profile.computed.favouriteChannel);
    expect(profile.demographics).toMatchObject({
      birthDate: "1985-03-14",
      city: "Köln",
      postcode: "50667",
      country: "DE",
    });
    expect(profile.demographics.age).toBeGreaterThanOrEqual(41);
    expect(profile.traitSources.lastName).toMatchObject({ source: "loyalty-desk", semantics: "set" });
    const timeline = (await h.get(`/v1/profiles/${id}/timeline`)).json();
    const orders = timeline.entries.filter((e: { kind: string }) => e.kind === "order");
    expect(orders.map((e: { channel: string }) => e.channel)).toEqual(["online", "store"]);
    expect(timeline.entries.map((e: { kind: string }) => e.kind)).toEqual([
      "order",
      "loyalty",
      "order",
      "consent",
    ]);
  });

  it("keeps another card holder at the same till a different person", async () => {
    const other = (await h.get("/v1/profiles/card:6012999900001111")).json();
    expect(other.id).not.toBe(id);
    expect(other.computed).toMatchObject({ orderCount: 1, revenue: 99 });
    const history = (await h.get(`/v1/profiles/${other.id}/identity`)).json();
    expect(history.conflicts.map((c: { rule: string }) => c.rule)).toContain("identified_guard");
  });
});
