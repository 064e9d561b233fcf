/** Admin API: roles, keys, the event debugger, stats and the product catalogue. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

describe.each(BACKENDS)("admin API on $name", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
    await h.send("/v1/batch", {
      batch: [
        { type: "identify", userId: "u1", traits: { city: "Bern" }, messageId: "a1" },
        {
          type: "track",
          userId: "u1",
          event: "Products Searched",
          properties: { query: "jacke" },
          messageId: "a2",
        },
        { type: "page", anonymousId: "anon-9", name: "Start", messageId: "a3" },
      ],
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  it("lets a write key read nothing and an analyst only aggregates", async () => {
    for (const path of ["/v1/events", "/v1/stats", "/v1/keys", "/v1/products", "/v1/sources"]) {
      const withWriteKey = await h.get(path, h.writeKey);
      expect(withWriteKey.statusCode, path).toBe(403);
      expect((await h.inject({ method: "GET", url: path })).statusCode, path).toBe(401);
      expect((await h.get(path, "kpa_unknown")).statusCode, path).toBe(401);
    }
    expect((await h.get("/v1/events", h.analystKey)).statusCode).toBe(403);
    expect((await h.get("/v1/keys", h.analystKey)).statusCode).toBe(403);
    expect((await h.get("/v1/stats", h.analystKey)).statusCode).toBe(200);
    expect((await h.get("/v1/products", h.analystKey)).statusCode).toBe(200);
    const create = await h.inject({
      method: "POST",
      url: "/v1/keys",
      headers: bearer(h.analystKey),
      payload: { type: "admin", role: "admin" },
    });
    expect(create.statusCode).toBe(403);
  });

  it("filters recent events and pages with a cursor", async () => {
    const all = (await h.get("/v1/events")).json();
    expect(all.events.map((e: { messageId: string }) => e.messageId)).toEqual(["a3", "a2", "a1"]);
    expect((await h.get("/v1/events?type=track")).json().events).toHaveLength(1);
    expect((await h.get("/v1/events?event=Products%20Searched")).json().events[0].properties).toEqual({
      query: "jacke",
    });
    expect((await h.get("/v1/events?userId=u1")).json().events).toHaveLength(2);
    expect((await h.get("/v1/events?anonymousId=anon-9")).json().events).toHaveLength(1);
    expect((await h.get("/v1/events?source=other")).json().events).toHaveLength(0);
    expect(
      (
        await h.get(`/v1/events?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)
      ).json().events,
    ).toHaveLength(0);
    const page1 = (await h.get("/v1/events?limit=2")).json();
    expect(page1.events).toHaveLength(2);
    const page2 = (await h.get(`/v1/events?limit=2&before=${page1.nextCursor}`)).json();
    expect(page2.events.map((e: { messageId: string }) => e.messageId)).toEqual(["a1"]);
  });

  it("counts accepted, rejected and deduplicated messages per source and type", async () => {
    await h.send("/v1/track", {
      userId: "u1",
      event: "Products Searched",
      properties: { query: "jacke" },
      messageId: "a2",
    });
    await h.send("/v1/track", { event: "nobody" });
    const stats = (await h.get("/v1/stats")).json();
    const track = stats.bySourceAndType.find(
      (r: { source: string; type: string }) => r.source === "web" && r.type === "track",
    );
    expect(track).toMatchObject({ accepted: 1, rejected: 1, deduplicated: 1 });
    expect(stats.totals).toMatchObject({ accepted: 3, rejected: 1, deduplicated: 1 });
  });

  it("creates keys once, lists them without the secret, and manages sources", async () => {
    const created = (
      await h.inject({
        method: "POST",
        url: "/v1/keys",
        headers: bearer(h.adminKey),
        payload: { type: "write", source: "loyalty-app", label: "App" },
      })
    ).json();
    expect(created.key).toMatch(/^kpw_/);
    const listed = (await h.get("/v1/keys")).json().keys;
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(listed.find((k: { id: string }) => k.id === created.id)).toMatchObject({
      type: "write",
      source: "loyalty-app",
      label: "App",
    });
    expect((await h.get("/v1/sources")).json().sources.map((s: { id: string }) => s.id)).toContain(
      "loyalty-app",
    );
    expect(
      (await h.inject({ method: "DELETE", url: "/v1/keys/not-a-key", headers: bearer(h.adminKey) }))
        .statusCode,
    ).toBe(404);
  });

  it("imports and queries the product catalogue", async () => {
    const products = [
      {
        id: "wj-1",
        name: "Winterjacke Alpin",
        categoryPath: ["Bekleidung", "Jacken", "Winterjacken"],
        price: 149.9,
        brand: "Bergwelt",
        tags: ["winter"],
      },
      {
        id: "wj-2",
        name: "Winterjacke City",
        categoryPath: ["Bekleidung", "Jacken", "Winterjacken"],
        price: 99,
        brand: "Urban",
      },
      {
        id: "tabs-1",
        name: "Spülmaschinentabs 40er",
        categoryPath: ["Haushalt", "Spülen"],
        price: 7.49,
        tags: ["replenishable"],
      },
    ];
    const put = await h.inject({
      method: "POST",
      url: "/v1/products",
      headers: bearer(h.adminKey),
      payload: products,
    });
    expect(put.json()).toEqual({ upserted: 3 });
    // Upsert by id: a changed price replaces the old one.
    await h.inject({
      method: "POST",
      url: "/v1/products",
      headers: bearer(h.adminKey),
      payload: [{ ...products[1], price: 89 }],
    });
    expect((await h.get("/v1/products/wj-2")).json()).toMatchObject({
      price: 89,
      categoryPath: ["Bekleidung", "Jacken", "Winterjacken"],
      currency: "EUR",
    });
    const jackets = (await h.get(`/v1/products?category=${encodeURIComponent("Bekleidung > Jacken")}`)).json()
      .products;
    expect(jackets.map((p: { id: string }) => p.id)).toEqual(["wj-1", "wj-2"]);
    expect(
      (await h.get("/v1/products?tag=replenishable")).json().products.map((p: { id: string }) => p.id),
    ).toEqual(["tabs-1"]);
    expect((await h.get("/v1/products?brand=Urban")).json().products).toHaveLength(1);
    expect((await h.get("/v1/products?q=JACKE")).json().products).toHaveLength(2);
    expect((await h.get("/v1/products/none")).statusCode).toBe(404);
    const bad = await h.inject({
      method: "POST",
      url: "/v1/products",
      headers: bearer(h.adminKey),
      payload: [{ id: "x", price: -3 }],
    });
    expect(bad.statusCode).toBe(400);
  });
});
