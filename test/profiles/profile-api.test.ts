/**
 * The profile API beyond the scenarios: contact lists filtered on traits, computed traits and
 * demographics with keyset pagination, rectification with provenance, user-defined computed
 * traits maintained on ingest, role checks and clear 4xx answers to bad requests.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";
import { type SourceClient, writeKeyFor } from "../support/profiles.js";

const CITIES = ["Köln", "Bern", "Wien"];

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString();
}

describe.each(BACKENDS)("profile API on $name", (backend) => {
  let h: Harness;
  let shop: SourceClient;

  beforeAll(async () => {
    h = await startHarness(backend);
    shop = await writeKeyFor(h, "shop");
    const batch: unknown[] = [];
    for (let i = 0; i < 30; i++) {
      batch.push({
        type: "identify",
        userId: `c${i}`,
        messageId: `id-${i}`,
        timestamp: daysAgo(40),
        traits: {
          firstName: i % 2 === 0 ? "Lena" : "Paul",
          lastName: `Muster${i}`,
          email: `c${i}@example.net`,
          plan: i % 3 === 0 ? "premium" : "basic",
          birthday: `${1960 + i}-06-15`,
          address: { city: CITIES[i % 3] },
        },
      });
      for (let k = 0; k < i % 4; k++) {
        batch.push({
          type: "track",
          userId: `c${i}`,
          messageId: `o-${i}-${k}`,
          event: "Order Completed",
          timestamp: daysAgo(k * 20 + 1),
          properties: {
            order_id: `o-${i}-${k}`,
            revenue: 10 * (i + 1),
            products: [{ product_id: "p", price: 10 * (i + 1) }],
          },
        });
      }
    }
    await shop.send("/v1/batch", { batch });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it("filters contacts on traits, computed traits and demographics", async () => {
    const premiumInBern = (
      await h.get("/v1/profiles?traits.plan=premium&demographics.city=Bern&limit=100")
    ).json();
    const expected = [...Array(30).keys()].filter((i) => i % 3 === 0 && CITIES[i % 3] === "Bern");
    expect(premiumInBern.data).toHaveLength(expected.length);
    const buyers = (await h.get("/v1/profiles?computed.orderCount[gte]=3&limit=100")).json();
    expect(buyers.data.map((p: { traits: { email: string } }) => p.traits.email).sort()).toEqual(
      [...Array(30).keys()]
        .filter((i) => i % 4 === 3)
        .map((i) => `c${i}@example.net`)
        .sort(),
    );
    const young = (await h.get("/v1/profiles?demographics.age[lt]=40&limit=100")).json();
    const now = new Date();
    const age = (i: number) =>
      now.getUTCFullYear() -
      (1960 + i) -
      (now.getUTCMonth() < 5 || (now.getUTCMonth() === 5 && now.getUTCDate() < 15) ? 1 : 0);
    expect(young.data).toHaveLength([...Array(30).keys()].filter((i) => age(i) < 40).length);
    // Bounds past any birth date or last order select all or none, not a 500.
    const count = async (query: string) =>
      (await h.get(`/v1/profiles?${query}&limit=100`)).json().data.length;
    expect(await count("demographics.age[gt]=99999999999999999999")).toBe(0);
    expect(await count("demographics.age[lt]=99999999999999999999")).toBe(30);
    expect(await count("demographics.age[gte]=-3000000000")).toBe(30);
    expect(await count("demographics.age[ne]=3000000000")).toBe(30);
    expect(await count("computed.recencyDays[lte]=1e20")).toBe(await count("computed.orderCount[gte]=1"));
    const recent = (
      await h.get("/v1/profiles?computed.recencyDays[lte]=5&computed.averageOrderValue[gt]=200&limit=100")
    ).json();
    expect(
      recent.data
        .map((p: { computed: { averageOrderValue: number } }) => p.computed.averageOrderValue)
        .every((v: number) => v > 200),
    ).toBe(true);
    expect(recent.data.length).toBe(
      [...Array(30).keys()].filter((i) => i % 4 > 0 && 10 * (i + 1) > 200).length,
    );
    const search = (await h.get("/v1/profiles?q=muster1&limit=100")).json();
    expect(search.data.length).toBe(11); // Muster1, Muster10–19
    // Every word must match: the even ones are Lena, the odd ones Paul.
    expect((await h.get("/v1/profiles?q=lena%20muster1&limit=100")).json().data).toHaveLength(5);
    expect((await h.get("/v1/profiles?q=muster1%20paul&limit=100")).json().data).toHaveLength(6);
    const inList = (await h.get("/v1/profiles?traits.lastName[in]=Muster3,Muster4")).json();
    expect(inList.data).toHaveLength(2);
  });

  it("filters on RFM scores exactly as the profiles show them", async () => {
    const all = (await h.get("/v1/profiles?limit=100")).json().data as Array<{
      id: string;
      computed: { rfm: { recency: number; monetary: number } | null };
    }>;
    for (const [query, keep] of [
      ["computed.rfm.monetary[gte]=4", (r: { monetary: number }) => r.monetary >= 4],
      ["computed.rfm.recency[gte]=2", (r: { recency: number }) => r.recency >= 2],
      ["computed.rfm.monetary[lt]=3", (r: { monetary: number }) => r.monetary < 3],
    ] as const) {
      const expected = all
        .filter((p) => p.computed.rfm !== null && keep(p.computed.rfm as never))
        .map((p) => p.id);
      const got = (await h.get(`/v1/profiles?${query}&limit=100`))
        .json()
        .data.map((p: { id: string }) => p.id);
      expect(got.sort(), query).toEqual(expected.sort());
      // Monetary values are all distinct here, so every quintile is populated (recency ties may empty one).
      if (query.includes("monetary")) expect(expected.length, query).toBeGreaterThan(0);
    }
    expect((await h.get("/v1/profiles?computed.rfm.monetary=7")).json().code).toBe("invalid_filter");
  });

  it("pages through a sorted list with a cursor, each profile exactly once", async () => {
    const seen: string[] = [];
    let revenues: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/profiles?sort=-revenue&limit=7${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await h.get(query)).json() as {
        data: Array<{ id: string; computed: { revenue: number } }>;
        nextCursor: string | null;
      };
      seen.push(...page.data.map((p) => p.id));
      revenues = revenues.concat(page.data.map((p) => p.computed.revenue));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
  });

  it("rectifies traits with provenance and shows the change on the timeline", async () => {
    const patch = await h.inject({
      method: "PATCH",
      url: "/v1/profiles/email:c1@example.net",
      headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
      payload: JSON.stringify({
        traits: { lastName: "Berichtigt", plan: null },
        reason: "customer asked by phone",
      }),
    });
    expect(patch.statusCode).toBe(200);
    const profile = patch.json();
    expect(profile.traits.lastName).toBe("Berichtigt");
    expect(profile.traits.plan).toBeUndefined();
    expect(profile.traitSources.lastName.source).toBe("kundenprofil");
    const timeline = (await h.get(`/v1/profiles/${profile.id}/timeline?kind=rectification`)).json();
    expect(timeline.entries).toHaveLength(1);
    expect(timeline.entries[0].traits.lastName).toBe("Berichtigt");
  });

  it("maintains user-defined computed traits on ingest", async () => {
    const define = await h.inject({
      method: "POST",
      url: "/v1/computed-traits",
      headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
      payload: JSON.stringify({
        name: "ordersLast30d",
        family: "count",
        event: "Order Completed",
        windowDays: 30,
      }),
    });
    expect(define.statusCode).toBe(201);
    expect(define.json().profiles).toBe(30);
    const sum = await h.inject({
      method: "POST",
      url: "/v1/computed-traits",
      headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
      payload: JSON.stringify({
        name: "maxOrder",
        family: "max",
        event: "Order Completed",
        property: "revenue",
      }),
    });
    expect(sum.statusCode).toBe(201);
    // c3 ordered 1, 21 and 41 days ago: two inside the window.
    expect((await h.get("/v1/profiles/user:c3")).json().computed.custom).toEqual({
      ordersLast30d: 2,
      maxOrder: 40,
    });
    await shop.send("/v1/track", {
      userId: "c3",
      messageId: "o-new",
      event: "Order Completed",
      properties: { order_id: "o-new", revenue: 75, products: [{ product_id: "p", price: 75 }] },
    });
    expect((await h.get("/v1/profiles/user:c3")).json().computed.custom).toEqual({
      ordersLast30d: 3,
      maxOrder: 75,
    });
    const filtered = (await h.get("/v1/profiles?computed.custom.ordersLast30d[gte]=3")).json();
    expect(filtered.data.map((p: { traits: { email: string } }) => p.traits.email)).toEqual([
      "c3@example.net",
    ]);
    const again = await h.inject({
      method: "POST",
      url: "/v1/computed-traits",
      headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
      payload: JSON.stringify({ name: "maxOrder", family: "min", property: "revenue" }),
    });
    expect(again.statusCode).toBe(409);
  });

  it("refuses profile reads to analysts and write keys", async () => {
    expect((await h.get("/v1/profiles/user:c1", h.analystKey)).statusCode).toBe(403);
    expect((await h.get("/v1/profiles", h.writeKey)).statusCode).toBe(403);
    expect((await h.inject({ method: "GET", url: "/v1/profiles" })).statusCode).toBe(401);
  });

  it("answers bad requests with a 4xx naming the problem", async () => {
    const cases: Array<[string, number, string]> = [
      ["/v1/profiles/nonsense", 400, "invalid_identifier"],
      ["/v1/profiles/email:not-an-email", 400, "invalid_identifier"],
      ["/v1/profiles/email:nobody@example.net", 404, "profile_not_found"],
      ["/v1/profiles/00000000-0000-4000-8000-000000000000", 404, "profile_not_found"],
      ["/v1/profiles?computed.revenue[gte]=lots", 400, "invalid_filter"],
      ["/v1/profiles?computed.revenue[around]=5", 400, "invalid_filter"],
      ["/v1/profiles?computed.nothing=5", 400, "invalid_filter"],
      ["/v1/profiles?bogus=1", 400, "invalid_filter"],
      ["/v1/profiles?sort=name", 400, "invalid_filter"],
      ["/v1/profiles?cursor=garbage", 400, "invalid_cursor"],
      ["/v1/profiles?traits.a'b=1", 400, "invalid_filter"],
      ["/v1/profiles/user:c1/timeline?cursor=xyz", 400, "invalid_cursor"],
      // Readable dates the database cannot hold (they were 500s from inside the query).
      ["/v1/profiles?computed.lastSeen[gte]=%2B275760-09-13", 400, "invalid_filter"],
      ["/v1/profiles?computed.lastPurchaseByCategory.Kaffee[lt]=0000-01-01", 400, "invalid_filter"],
    ];
    for (const [url, status, code] of cases) {
      const response = await h.get(url);
      expect(response.statusCode, url).toBe(status);
      expect(response.json().code, url).toBe(code);
      expect(response.json().message.length, url).toBeGreaterThan(5);
    }
    const unknownMerge = await h.inject({
      method: "POST",
      url: "/v1/merges/999999/unmerge",
      headers: { authorization: `Bearer ${h.adminKey}` },
    });
    expect(unknownMerge.statusCode).toBe(404);
    const badPatch = await h.inject({
      method: "PATCH",
      url: "/v1/profiles/user:c2",
      headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
      payload: JSON.stringify({ traits: { $set: { a: 1 } } }),
    });
    expect(badPatch.statusCode).toBe(400);
    const badTrait = await h.inject({
      method: "POST",
      url: "/v1/computed-traits",
      headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
      payload: JSON.stringify({ name: "x", family: "sum" }),
    });
    expect(badTrait.statusCode).toBe(400);
    expect(badTrait.json().message).toContain("property");
  });

  it("keeps a birthday before 1900 or after today as a trait but derives no age from it", async () => {
    // Last in the file: it adds profiles the counts above do not expect.
    await shop.send("/v1/identify", { userId: "typo", traits: { birthday: "0099-01-01" } });
    await shop.send("/v1/identify", { userId: "future", traits: { birthday: "2099-01-01" } });
    await shop.send("/v1/identify", { userId: "aged", traits: { age: -3 } });
    const profile = (await h.get("/v1/profiles/user:typo")).json();
    expect(profile.traits.birthday).toBe("0099-01-01");
    expect(profile.demographics).toMatchObject({ birthDate: null, age: null });
    const future = (await h.get("/v1/profiles/user:future")).json();
    expect(future.traits.birthday).toBe("2099-01-01");
    expect(future.demographics).toMatchObject({ birthDate: null, age: null });
    const aged = (await h.get("/v1/profiles/user:aged")).json();
    expect(aged.traits.age).toBe(-3);
    expect(aged.demographics.age).toBeNull();
    const oldest = (await h.get("/v1/profiles?demographics.age[gte]=120")).json();
    expect(oldest.data).toHaveLength(0);
    const unborn = (await h.get("/v1/profiles?demographics.age[lt]=0")).json();
    expect(unborn.data).toHaveLength(0);
  });
});
