/**
 * Bad input is answered with a 4xx that names the problem — never a 5xx, never a crash — and the
 * valid messages of a batch are still stored. Runs on both backends.
 */
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_NESTING_DEPTH } from "../../src/protocol/index.js";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

describe.each(BACKENDS)("bad input on $name", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
  });
  afterAll(async () => {
    await h.close();
  });

  const stored = async (messageId: string) =>
    ((await h.get("/v1/events?limit=1000")).json().events as Array<{ messageId: string }>).some(
      (e) => e.messageId === messageId,
    );

  /** An admin call; a string payload is sent as raw JSON text. */
  const admin = (method: "POST" | "DELETE", url: string, payload?: string | object) =>
    h.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${h.adminKey}`,
        ...(typeof payload === "string" ? { "content-type": "application/json" } : {}),
      },
      ...(payload === undefined ? {} : { payload }),
    });

  const rejectsWith = async (
    path: string,
    body: unknown,
    code: string,
    headers: Record<string, string> = {},
  ) => {
    const response = await h.send(path, body, headers);
    expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
    expect(response.statusCode, response.body).toBeLessThan(500);
    expect(response.json().code, response.body).toBe(code);
    expect(response.json().message).toEqual(expect.any(String));
    return response.json();
  };

  it("malformed, truncated and empty JSON", async () => {
    await rejectsWith("/v1/track", '{"userId": "u", "event": ', "invalid_json");
    await rejectsWith("/v1/batch", '{"batch": [{"type": "track"}', "invalid_json");
    await rejectsWith("/v1/track", "not json at all", "invalid_json");
    await rejectsWith("/v1/track", "", "invalid_json");
  });

  it("wrong content type and encoding", async () => {
    await rejectsWith("/v1/track", "userId=u&event=x", "unsupported_media_type", {
      "content-type": "application/x-www-form-urlencoded",
    });
    await rejectsWith("/v1/track", '{"userId":"u","event":"x"}', "unsupported_encoding", {
      "content-encoding": "br",
    });
    await rejectsWith("/v1/track", Buffer.from("definitely not gzip"), "invalid_body", {
      "content-encoding": "gzip",
    });
  });

  it("wrong types and missing ids", async () => {
    const wrong = await rejectsWith("/v1/track", { userId: "u", event: 42 }, "invalid_field");
    expect(wrong.message).toMatch(/event/);
    await rejectsWith("/v1/track", { userId: "u", event: "x", properties: "not an object" }, "invalid_field");
    await rejectsWith("/v1/track", { userId: "u", event: "x", timestamp: "yesterday-ish" }, "invalid_field");
    await rejectsWith("/v1/track", { event: "No One" }, "no_user_anon_id");
    await rejectsWith("/v1/track", { userId: "", anonymousId: null, event: "Empty" }, "no_user_anon_id");
    await rejectsWith("/v1/batch", { batch: [{ type: "explode", userId: "u" }] }, "invalid_messages");
    await rejectsWith("/v1/batch", { batch: "not an array" }, "invalid_body");
    await rejectsWith("/v1/batch", [1, 2, 3], "invalid_body");
  });

  it("oversize message and batch, plain and gzip (no silent drop)", async () => {
    const big = "x".repeat(33 * 1024);
    await rejectsWith("/v1/track", { userId: "u", event: "Big", properties: { big } }, "batch_too_large");
    const batch = await rejectsWith(
      "/v1/batch",
      {
        batch: [
          { type: "track", userId: "u", event: "Big", messageId: "big-1", properties: { big } },
          { type: "track", userId: "u", event: "Small", messageId: "small-1" },
        ],
      },
      "invalid_messages",
    );
    expect(batch.rejected).toEqual([expect.objectContaining({ index: 0, code: "message_too_large" })]);
    expect(await stored("small-1")).toBe(true);
    expect(await stored("big-1")).toBe(false);
    // The limit counts bytes: 12,000 euro signs are 36 KB though only 12,000 characters.
    const euros = await rejectsWith(
      "/v1/batch",
      {
        batch: [
          {
            type: "track",
            userId: "u",
            event: "Euros",
            messageId: "euros-1",
            properties: { motto: "€".repeat(12_000) },
          },
        ],
      },
      "invalid_messages",
    );
    expect(euros.rejected).toEqual([expect.objectContaining({ index: 0, code: "message_too_large" })]);
    expect(await stored("euros-1")).toBe(false);
    const huge = {
      batch: Array.from({ length: 30 }, (_, i) => ({
        type: "track",
        userId: "u",
        event: "Huge",
        messageId: `huge-${i}`,
        properties: { pad: "y".repeat(20_000) },
      })),
    };
    await rejectsWith("/v1/batch", huge, "batch_too_large");
    // A small gzip body that inflates past the limit is refused too.
    await rejectsWith("/v1/batch", gzipSync(JSON.stringify(huge)), "batch_too_large", {
      "content-encoding": "gzip",
    });
    expect(await stored("huge-0")).toBe(false);
  });

  it("deep nesting, prototype keys, NUL bytes and lone surrogates", async () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < MAX_NESTING_DEPTH + 2; i++) deep = { nested: deep };
    await rejectsWith("/v1/track", { userId: "u", event: "Deep", properties: deep }, "too_deep");
    await rejectsWith(
      "/v1/track",
      '{"userId":"u","event":"Proto","properties":{"__proto__":{"admin":true}}}',
      "forbidden_key",
    );
    await rejectsWith(
      "/v1/track",
      { userId: "u", event: "Ctor", properties: { constructor: { prototype: 1 } } },
      "forbidden_key",
    );
    await rejectsWith(
      "/v1/track",
      { userId: "u", event: "Nul", properties: { name: "a\u0000b" } },
      "invalid_string",
    );
    await rejectsWith(
      "/v1/track",
      '{"userId":"u","event":"Lone","properties":{"name":"\\ud800x"}}',
      "invalid_string",
    );
    await rejectsWith(
      "/v1/track",
      '{"userId":"u","event":"LoneKey","properties":{"\\udc00":1}}',
      "invalid_string",
    );
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it("times the database cannot hold: rejected per message, a far-off sentAt leaves the time as sent", async () => {
    // Each of these used to fail inside the insert, as a 500 that lost the whole batch.
    const farOff = ["0099-01-01T00:00:00Z", "+275760-09-13T00:00:00Z", 1e308];
    const result = await rejectsWith(
      "/v1/batch",
      {
        batch: [
          ...farOff.map((t, i) => ({
            type: "track",
            userId: "u",
            event: "Far",
            messageId: `far-${i}`,
            timestamp: t,
          })),
          {
            type: "track",
            userId: "u",
            event: "Far",
            messageId: "far-original",
            originalTimestamp: farOff[1],
          },
          {
            type: "track",
            userId: "u",
            event: "Skewed",
            messageId: "far-skewed",
            originalTimestamp: "1002-06-01T00:00:00Z",
            sentAt: "9999-06-01T00:00:00Z",
          },
          {
            type: "track",
            userId: "u",
            event: "Near",
            messageId: "far-edge",
            timestamp: "1000-01-01T00:00:00Z",
          },
        ],
        sentAt: "+275760-09-13T00:00:00Z",
      },
      "invalid_messages",
    );
    expect(result.stored).toBe(2);
    expect(result.rejected.map((r: { index: number; path: string }) => [r.index, r.path])).toEqual([
      [0, "timestamp"],
      [1, "timestamp"],
      [2, "timestamp"],
      [3, "originalTimestamp"],
    ]);
    expect(result.rejected[0].message).toMatch(/between 1000-01-01 and 9999-12-31/);
    const events = (await h.get("/v1/events?event=Skewed")).json().events;
    // The skew correction would have landed before year 1000: the time as sent is kept instead.
    expect(events.map((e: { messageId: string; timestamp: string }) => [e.messageId, e.timestamp])).toEqual([
      ["far-skewed", "1002-06-01T00:00:00.000Z"],
    ]);
    expect(await stored("far-edge")).toBe(true);
    const since = await h.get("/v1/events?since=0000-01-01T00:00:00Z");
    expect(since.statusCode).toBe(400);
    expect(since.body).toMatch(/1000-01-01/);
  });

  it("stores the valid messages of a mixed batch and reports each invalid one", async () => {
    const result = await rejectsWith(
      "/v1/batch",
      {
        batch: [
          { type: "track", userId: "u", event: "Good", messageId: "mixed-good-1" },
          { type: "track", event: "No Id", messageId: "mixed-bad-1" },
          {
            type: "track",
            userId: "u",
            event: "Order Completed",
            messageId: "mixed-bad-2",
            properties: { order_id: "o1", products: [] },
          },
          '{"not": "an object"}',
          { type: "identify", userId: "u", traits: { name: "Gut" }, messageId: "mixed-good-2" },
        ],
      },
      "invalid_messages",
    );
    expect(result.stored).toBe(2);
    expect(result.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, "no_user_anon_id"],
      [2, "invalid_event_properties"],
      [3, "not_an_object"],
    ]);
    expect(await stored("mixed-good-1")).toBe(true);
    expect(await stored("mixed-good-2")).toBe(true);
    const stats = (await h.get("/v1/stats")).json();
    expect(stats.totals.rejected).toBeGreaterThanOrEqual(3);
  });

  it("refuses unknown routes and methods with 404, bad query parameters with 400", async () => {
    expect((await h.get("/v1/nothing-here")).statusCode).toBe(404);
    expect((await h.get("/v1/events?limit=abc")).statusCode).toBe(400);
    expect((await h.get("/v1/events?since=tomorrow")).statusCode).toBe(400);
    expect((await admin("POST", "/v1/keys", { type: "write", source: "Bad Source!" })).statusCode).toBe(400);
  });

  it("refuses a NUL character anywhere in the URL with 400, on every kind of route", async () => {
    // PostgreSQL text cannot hold NUL: before the guard these were 500s from inside a query.
    for (const url of [
      "/v1/products/a%00b",
      "/v1/products?q=%00",
      "/v1/segments/%00/members",
      "/v1/analytics/runs/%00",
      "/v1/profiles?q=x%00",
    ]) {
      const response = await h.get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json()).toMatchObject({
        code: "invalid_request",
        message: expect.stringMatching(/NUL/),
      });
    }
    expect((await admin("DELETE", "/v1/computed-traits/%00")).statusCode).toBe(400);
    // An encoded percent sign followed by 00 is no NUL.
    expect((await h.get("/v1/products/a%2500b")).statusCode).toBe(404);
  });

  it("answers a bad percent escape or an over-long path segment in the same envelope as every error", async () => {
    // Both fail in Fastify's router, which answered in its own shape ({ error, statusCode }).
    const badEscape = await h.get("/v1/analytics/runs/%ZZ");
    expect(badEscape.statusCode).toBe(400);
    expect(badEscape.json()).toEqual({
      success: false,
      code: "invalid_request",
      message: "'/v1/analytics/runs/%ZZ' is not a valid url component",
    });
    const tracked = await h.send("/v1/track%E0", { userId: "u", event: "E" });
    expect(tracked.statusCode).toBe(400);
    expect(tracked.json()).toMatchObject({ success: false, code: "invalid_request" });
    const long = await h.get(`/v1/products/${"y".repeat(501)}/also-bought`);
    expect(long.statusCode).toBe(400);
    expect(long.json()).toEqual({
      success: false,
      code: "invalid_request",
      message: "a path segment is longer than 500 characters",
    });
    // At the router's limit the route's own schema answers, naming the parameter.
    const atLimit = await h.get(`/v1/products/${"y".repeat(500)}/also-bought`);
    expect(atLimit.json()).toMatchObject({
      code: "invalid_request",
      message: expect.stringMatching(/^params\.id/),
    });
  });

  it("refuses a NUL byte or lone surrogate anywhere in an admin body with 400, storing none of it", async () => {
    const products = await admin(
      "POST",
      "/v1/products",
      '[{"id":"fine-1","name":"Fine","price":1},{"id":"nul-1","name":"a\\u0000b","price":1}]',
    );
    expect(products.statusCode).toBe(400);
    expect(products.json()).toMatchObject({ code: "invalid_string", path: "[1].name" });
    expect((await h.get("/v1/products/fine-1")).statusCode).toBe(404);
    const source = await admin("POST", "/v1/sources", '{"id":"crm","name":"CRM \\ud800"}');
    expect(source.statusCode).toBe(400);
    expect(source.json().message).toMatch(/name contains a NUL byte or a lone surrogate/);
    const price = await admin("POST", "/v1/products", '[{"id":"dear-1","name":"Dear","price":1e20}]');
    expect(price.statusCode).toBe(400);
    expect(price.body).toMatch(/price must be below/);
  });
});
