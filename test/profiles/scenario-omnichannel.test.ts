/**
 * Scenario 2 (omnichannel identity), end to end through the HTTP API on both backends: an
 * anonymous visitor logs in, pays in a store with a card the shop did not know yet, links the card,
 * answers a survey by e-mail: one profile holds all of it. On a shared family tablet the identified
 * guard keeps two people apart, and a wrong merge is undone with both profiles intact.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";
import { type SourceClient, writeKeyFor } from "../support/profiles.js";

const at = (day: number, hour = 12) =>
  `2026-10-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00Z`;

describe.each(BACKENDS)("scenario 2 — omnichannel identity on $name", (backend) => {
  let h: Harness;
  let web: SourceClient;
  let till: SourceClient;
  let surveys: SourceClient;

  beforeAll(async () => {
    h = await startHarness(backend);
    web = await writeKeyFor(h, "web");
    till = await writeKeyFor(h, "pos");
    surveys = await writeKeyFor(h, "survey-tool");
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it("puts web visits, login, store purchase and e-mail survey on one profile", async () => {
    await web.send("/v1/batch", {
      batch: [
        { type: "page", anonymousId: "browser-1", messageId: "v1", name: "Home", timestamp: at(1, 9) },
        {
          type: "track",
          anonymousId: "browser-1",
          messageId: "v2",
          event: "Product Viewed",
          properties: { product_id: "jacket-1", category: "Bekleidung > Jacken" },
          timestamp: at(1, 10),
        },
      ],
    });
    await web.send("/v1/identify", {
      userId: "u-77",
      anonymousId: "browser-1",
      messageId: "login",
      traits: { email: "jonas@example.org", firstName: "Jonas" },
      timestamp: at(2),
    });
    // The till knows only the card, which the shop has not seen yet: a separate person for now.
    await till.send("/v1/track", {
      anonymousId: "till-3",
      messageId: "pos-9",
      event: "Order Completed",
      properties: {
        order_id: "S-9",
        channel: "store",
        store_id: "bern-1",
        revenue: 120,
        loyalty_card_id: "C-77-0001",
        products: [{ product_id: "jacket-1", price: 120, category: "Bekleidung > Jacken" }],
      },
      timestamp: at(3),
    });
    const cardPerson = (await h.get("/v1/profiles/card:C-77-0001")).json().id;
    const webPerson = (await h.get("/v1/profiles/user:u-77")).json().id;
    expect(cardPerson).not.toBe(webPerson);
    // Linking the card in the customer account merges the two.
    await web.send("/v1/identify", {
      userId: "u-77",
      messageId: "link-card",
      traits: { loyalty_card_id: "C-77-0001" },
      timestamp: at(4),
    });
    await surveys.send("/v1/track", {
      anonymousId: "respondent-5521",
      messageId: "survey-1",
      event: "Survey Answered",
      properties: { survey_id: "zufriedenheit-2026", nps: 9, satisfaction: 4, product_line: "Bekleidung" },
      context: { traits: { email: "Jonas@Example.org" }, campaign: { medium: "email" } },
      timestamp: at(5),
    });

    const profile = (await h.get("/v1/profiles/email:jonas@example.org")).json();
    expect(profile.id).toBe(webPerson);
    for (const reference of [
      "card:C-77-0001",
      "anon:browser-1",
      "anon:respondent-5521",
      "anon:till-3",
      cardPerson,
    ]) {
      const r = await h.get(`/v1/profiles/${encodeURIComponent(reference)}`);
      expect(r.json().id, `${reference} ${r.body}`).toBe(webPerson);
    }
    expect((await h.get(`/v1/profiles/${cardPerson}`)).json().mergedFrom).toBe(cardPerson);
    expect(profile.computed).toMatchObject({
      eventCount: 6,
      orderCount: 1,
      revenue: 120,
      favouriteStore: "bern-1",
      latestNps: 9,
      latestSatisfaction: 4,
      satisfactionByProductLine: { Bekleidung: 4 },
    });
    const entries = (await h.get(`/v1/profiles/${webPerson}/timeline`)).json().entries;
    expect(entries.map((e: { kind: string }) => e.kind)).toEqual([
      "survey",
      "identify",
      "order",
      "identify",
      "event",
      "visit",
    ]);
    expect(entries[0].channel).toBe("email");
    expect(entries[2].channel).toBe("store");
    const history = (await h.get(`/v1/profiles/${webPerson}/identity`)).json();
    expect(history.merges).toHaveLength(1);
    expect(history.merges[0]).toMatchObject({
      winner: webPerson,
      loser: cardPerson,
      rule: "shared card",
      reason: "identify",
    });
  });

  it("never merges two family members through a shared tablet", async () => {
    await web.send("/v1/identify", {
      userId: "mum",
      anonymousId: "tablet-1",
      messageId: "t1",
      traits: { firstName: "Eva" },
      timestamp: at(6),
    });
    await web.send("/v1/identify", {
      userId: "dad",
      anonymousId: "tablet-1",
      messageId: "t2",
      traits: { firstName: "Tom" },
      timestamp: at(7),
    });
    await web.send("/v1/track", {
      userId: "dad",
      anonymousId: "tablet-1",
      messageId: "t3",
      event: "Products Searched",
      properties: { query: "bohrmaschine" },
      timestamp: at(7, 13),
    });
    const mum = (await h.get("/v1/profiles/user:mum")).json();
    const dad = (await h.get("/v1/profiles/user:dad")).json();
    expect(mum.id).not.toBe(dad.id);
    expect(mum.traits.firstName).toBe("Eva");
    expect(dad.traits.firstName).toBe("Tom");
    expect(dad.computed).toMatchObject({ eventCount: 2, lastSearch: "bohrmaschine" });
    expect(mum.computed.eventCount).toBe(1);
    const conflicts = (await h.get(`/v1/profiles/${mum.id}/identity`)).json().conflicts;
    expect(conflicts.length).toBeGreaterThan(0);
    expect(
      conflicts.every(
        (c: { otherPersonId: string }) => c.otherPersonId === dad.id || c.otherPersonId === mum.id,
      ),
    ).toBe(true);
  });

  it("undoes a wrong merge, restoring both profiles with their own events and traits", async () => {
    // Before anyone logged in, the tablet was used for a stroller search (the other parent).
    await web.send("/v1/batch", {
      batch: [
        {
          type: "identify",
          anonymousId: "tablet-2",
          messageId: "a1",
          traits: { preferredLanguage: "de" },
          timestamp: at(8, 8),
        },
        {
          type: "track",
          anonymousId: "tablet-2",
          messageId: "a2",
          event: "Products Searched",
          properties: { query: "kinderwagen" },
          timestamp: at(8, 9),
        },
      ],
    });
    const anonymous = (await h.get("/v1/profiles/anon:tablet-2")).json();
    await web.send("/v1/identify", {
      userId: "mum",
      anonymousId: "tablet-2",
      messageId: "a3",
      traits: {},
      timestamp: at(8, 10),
    });
    const merged = (await h.get("/v1/profiles/user:mum")).json();
    expect(merged.computed).toMatchObject({ eventCount: 4, lastSearch: "kinderwagen" });
    expect(merged.traits.preferredLanguage).toBe("de");
    const merge = (await h.get(`/v1/profiles/${merged.id}/identity`))
      .json()
      .merges.find((m: { loser: string }) => m.loser === anonymous.id);
    expect(merge).toBeDefined();

    const undo = await h.inject({
      method: "POST",
      url: `/v1/merges/${merge.id}/unmerge`,
      headers: { authorization: `Bearer ${h.adminKey}` },
    });
    expect(undo.statusCode).toBe(200);
    expect(undo.json()).toMatchObject({ restored: anonymous.id, from: merged.id, identifiers: 1 });

    const mum = (await h.get("/v1/profiles/user:mum")).json();
    const restored = (await h.get("/v1/profiles/anon:tablet-2")).json();
    expect(restored.id).toBe(anonymous.id);
    expect(restored.mergedFrom).toBeUndefined();
    expect(restored.computed).toMatchObject({ eventCount: 2, lastSearch: "kinderwagen" });
    expect(restored.traits).toEqual({ preferredLanguage: "de" });
    expect(mum.computed).toMatchObject({ eventCount: 2, lastSearch: null });
    expect(mum.traits).toEqual({ firstName: "Eva" });
    expect(mum.identifiers.map((i: { value: string }) => i.value).sort()).toEqual(["mum", "tablet-1"]);

    // The unmerge sticks: the same link again is recorded as a conflict, not merged.
    await web.send("/v1/identify", {
      userId: "mum",
      anonymousId: "tablet-2",
      messageId: "a4",
      traits: {},
      timestamp: at(9),
    });
    expect((await h.get("/v1/profiles/anon:tablet-2")).json().id).toBe(anonymous.id);
    const again = await h.inject({
      method: "POST",
      url: `/v1/merges/${merge.id}/unmerge`,
      headers: { authorization: `Bearer ${h.adminKey}` },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("already_unmerged");
  });
});
