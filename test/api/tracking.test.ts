/** The Segment tracking API end to end, on both backends. */
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { basic, type Harness, startHarness } from "../support/harness.js";

describe.each(BACKENDS)("tracking API on $name", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
  });
  afterAll(async () => {
    await h.close();
  });

  const events = async (query = "") =>
    (await h.get(`/v1/events?limit=1000${query}`)).json().events as Array<Record<string, unknown>>;

  it("stores each call type through its own endpoint", async () => {
    const calls: Array<[string, Record<string, unknown>]> = [
      [
        "identify",
        { userId: "u1", traits: { email: "anna@example.de", city: "Bern" }, messageId: "m-identify" },
      ],
      ["track", { userId: "u1", event: "Signed Up", properties: { plan: "gold" }, messageId: "m-track" }],
      [
        "page",
        {
          anonymousId: "a1",
          name: "Home",
          category: "Shop",
          properties: { url: "https://shop.example.de/" },
          messageId: "m-page",
        },
      ],
      ["screen", { anonymousId: "a1", name: "Cart", messageId: "m-screen" }],
      ["group", { userId: "u1", groupId: "g1", traits: { name: "Familie Muster" }, messageId: "m-group" }],
      ["alias", { userId: "u1", previousId: "a1", messageId: "m-alias" }],
    ];
    for (const [type, body] of calls) {
      const response = await h.send(`/v1/${type}`, body);
      expect(response.statusCode, `${type}: ${response.body}`).toBe(200);
      expect(response.json()).toMatchObject({ success: true, stored: 1 });
    }
    const stored = await events("&source=web");
    const byId = new Map(stored.map((e) => [e.messageId, e]));
    expect(byId.get("m-identify")).toMatchObject({
      type: "identify",
      userId: "u1",
      traits: { email: "anna@example.de", city: "Bern" },
    });
    expect(byId.get("m-track")).toMatchObject({
      type: "track",
      event: "Signed Up",
      properties: { plan: "gold" },
    });
    expect(byId.get("m-page")).toMatchObject({
      type: "page",
      anonymousId: "a1",
      extra: { name: "Home", category: "Shop" },
    });
    expect(byId.get("m-group")).toMatchObject({ type: "group", extra: { groupId: "g1" } });
    expect(byId.get("m-alias")).toMatchObject({ type: "alias", extra: { previousId: "a1" } });
  });

  it("takes the write key from the body as well as from HTTP Basic", async () => {
    const response = await h.inject({
      method: "POST",
      url: "/v1/track",
      headers: { "content-type": "application/json" },
      payload: { writeKey: h.writeKey, userId: "u2", event: "Body Key", messageId: "m-body-key" },
    });
    expect(response.statusCode).toBe(200);
  });

  it("refuses unknown and revoked write keys with 401", async () => {
    const unknown = await h.send("/v1/track", { userId: "u", event: "x" }, { authorization: basic("nope") });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe("invalid_write_key");
    const created = await h.inject({
      method: "POST",
      url: "/v1/keys",
      headers: { authorization: `Bearer ${h.adminKey}` },
      payload: { type: "write", source: "pos" },
    });
    const { id, key } = created.json();
    expect(
      (await h.send("/v1/track", { userId: "u", event: "x" }, { authorization: basic(key) })).statusCode,
    ).toBe(200);
    expect(
      (
        await h.inject({
          method: "DELETE",
          url: `/v1/keys/${id}`,
          headers: { authorization: `Bearer ${h.adminKey}` },
        })
      ).statusCode,
    ).toBe(200);
    const revoked = await h.send("/v1/track", { userId: "u", event: "x" }, { authorization: basic(key) });
    expect(revoked.statusCode).toBe(401);
    const missing = await h.inject({
      method: "POST",
      url: "/v1/track",
      headers: { "content-type": "application/json" },
      payload: { userId: "u", event: "x" },
    });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().code).toBe("no_write_key");
  });

  it("stores a retried messageId once per source, and keeps both when two sources reuse it", async () => {
    const message = { type: "track", userId: "u3", event: "Retry", messageId: "dup-1" };
    expect((await h.send("/v1/track", message)).json()).toMatchObject({ stored: 1 });
    expect((await h.send("/v1/track", message)).json()).toMatchObject({ stored: 0, duplicates: 1 });
    const batch = await h.send("/v1/batch", {
      batch: [message, message, { ...message, messageId: "dup-2" }],
    });
    expect(batch.json()).toMatchObject({ stored: 1, duplicates: 2 });
    const other = await h.inject({
      method: "POST",
      url: "/v1/keys",
      headers: { authorization: `Bearer ${h.adminKey}` },
      payload: { type: "write", source: "app" },
    });
    expect(
      (await h.send("/v1/track", message, { authorization: basic(other.json().key) })).json(),
    ).toMatchObject({ stored: 1 });
    const stored = (await events()).filter((e) => e.messageId === "dup-1");
    expect(stored.map((e) => e.source).sort()).toEqual(["app", "web"]);
  });

  it("corrects client clock skew: timestamp = receivedAt − (sentAt − originalTimestamp)", async () => {
    // The device clock runs one hour ahead; the call was made 10 s before it was sent.
    const skew = 3_600_000;
    const now = Date.now();
    const response = await h.send("/v1/batch", {
      sentAt: new Date(now + skew).toISOString(),
      batch: [
        {
          type: "track",
          userId: "u4",
          event: "Skewed",
          messageId: "skew-1",
          timestamp: new Date(now + skew - 10_000).toISOString(),
        },
      ],
    });
    expect(response.statusCode).toBe(200);
    const [event] = await events("&event=Skewed");
    const ts = new Date(event!.timestamp as string).getTime();
    const received = new Date(event!.receivedAt as string).getTime();
    expect(received - ts).toBe(10_000);
    // Without sentAt (an import) the given time is kept as is.
    await h.send("/v1/track", {
      userId: "u4",
      event: "Historic",
      messageId: "hist-1",
      timestamp: "2011-12-09T12:50:00Z",
    });
    const [historic] = await events("&event=Historic");
    expect(historic!.timestamp).toBe("2011-12-09T12:50:00.000Z");
  });

  it("keeps the context (ip, userAgent, locale, campaign, page, location, consent) and adds the caller's ip", async () => {
    const context = {
      userAgent: "Mozilla/5.0",
      locale: "de-CH",
      campaign: { name: "winter", source: "newsletter", medium: "email" },
      page: { url: "https://shop.example.ch/jacken", referrer: "https://example.ch" },
      location: { city: "Bern", country: "CH" },
      consent: { categoryPreferences: { marketing: true, analytics: false } },
    };
    await h.send("/v1/page", { anonymousId: "a5", name: "Jacken", messageId: "ctx-1", context });
    await h.send("/v1/page", {
      anonymousId: "a5",
      name: "Jacken",
      messageId: "ctx-2",
      context: { ...context, ip: "203.0.113.7" },
    });
    const stored = await events("&anonymousId=a5");
    const first = stored.find((e) => e.messageId === "ctx-1")!;
    expect(first.context).toMatchObject({ ...context, ip: "127.0.0.1" });
    expect(stored.find((e) => e.messageId === "ctx-2")!.context).toMatchObject({ ip: "203.0.113.7" });
  });

  it("accepts gzip bodies and applies batch-level context and integrations", async () => {
    const body = gzipSync(
      JSON.stringify({
        context: { library: { name: "test", version: "1" } },
        integrations: { All: true },
        batch: [
          { type: "track", userId: "u6", event: "Zipped", messageId: "gz-1" },
          { type: "track", userId: "u6", event: "Zipped", messageId: "gz-2", context: { locale: "de-DE" } },
        ],
      }),
    );
    const response = await h.send("/v1/batch", body, { "content-encoding": "gzip" });
    expect(response.statusCode, response.body).toBe(200);
    const stored = await events("&event=Zipped");
    expect(stored).toHaveLength(2);
    expect(stored.find((e) => e.messageId === "gz-2")!.context).toMatchObject({
      locale: "de-DE",
      library: { name: "test" },
    });
    expect(stored[0]!.extra).toMatchObject({ integrations: { All: true } });
  });

  it("serves settings for browser clients, only for live write keys", async () => {
    const ok = await h.inject({ method: "GET", url: `/v1/projects/${h.writeKey}/settings` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().integrations["Segment.io"].apiKey).toBe(h.writeKey);
    expect((await h.inject({ method: "GET", url: "/v1/projects/unknown/settings" })).statusCode).toBe(401);
  });

  it("answers / and /healthz and serves an OpenAPI document with the tracking and admin routes", async () => {
    expect((await h.inject({ method: "GET", url: "/healthz" })).json()).toMatchObject({
      status: "ok",
      backend: backend.name,
    });
    const doc = (await h.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect((await h.inject({ method: "GET", url: "/" })).json()).toEqual({
      name: "Kundenprofil",
      version: doc.info.version,
      openapi: "/openapi.json",
      health: "/healthz",
    });
    for (const path of [
      "/v1/batch",
      "/v1/track",
      "/v1/identify",
      "/v1/events",
      "/v1/stats",
      "/v1/keys",
      "/v1/products",
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
