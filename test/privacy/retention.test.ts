/**
 * Retention on both backends, driven by the shipped declarations: web behaviour goes after a year,
 * positions after 90 days, the IP address inside a kept order after 30 days, and a customer
 * inactive for longer than the longest period goes altogether. A dry run changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WORKSPACE } from "../../src/storage/index.js";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

describe.each(BACKENDS)("retention on $name", (backend) => {
  let h: Harness;
  const run = (dryRun: boolean) =>
    h.inject({
      method: "POST",
      url: `/v1/retention/run${dryRun ? "?dryRun=true" : ""}`,
      headers: { authorization: `Bearer ${h.adminKey}` },
    });
  /** The stored event as the system reads it (sealed parts opened). */
  async function stored(messageId: string) {
    const db = h.core.database.db;
    const rows = await db.selectFrom("events").selectAll().where("message_id", "=", messageId).execute();
    return (await h.core.eventCrypto.open(db, DEFAULT_WORKSPACE, rows))[0];
  }

  beforeAll(async () => {
    h = await startHarness(backend);
    const order = (id: string, userId: string, days: number) => ({
      type: "track",
      messageId: id,
      userId,
      event: "Order Completed",
      timestamp: daysAgo(days),
      properties: { order_id: id, products: [{ product_id: "p1", price: 5 }] },
    });
    const sent = await h.send("/v1/batch", {
      batch: [
        { type: "page", messageId: "old-page", userId: "active", name: "Start", timestamp: daysAgo(400) },
        { type: "page", messageId: "new-page", userId: "active", name: "Start", timestamp: daysAgo(10) },
        order("old-order", "active", 400),
        order("new-order", "active", 5),
        {
          type: "track",
          messageId: "old-position",
          userId: "active",
          event: "Location Entered",
          timestamp: daysAgo(100),
          properties: { store_id: "s1", latitude: 50.94, longitude: 6.96 },
        },
        {
          type: "identify",
          messageId: "gone-identify",
          userId: "gone",
          traits: { email: "gone@example.de" },
          timestamp: daysAgo(1500),
        },
        order("gone-order", "gone", 1500),
      ],
    });
    expect(sent.statusCode, sent.body).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("reports what is due in a dry run and changes nothing", async () => {
    const dry = await run(true);
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json();
    expect(report.dryRun).toBe(true);
    expect(report.profilesRemoved).toBe(1);
    expect(report.events.reduce((n: number, e: { count: number }) => n + e.count, 0)).toBeGreaterThanOrEqual(
      2,
    );
    expect(await stored("old-page")).toBeDefined();
    expect((await stored("old-order"))?.context).toHaveProperty("ip");
  });

  it("deletes expired events and fields and removes the long-inactive customer", async () => {
    const done = await run(false);
    expect(done.statusCode, done.body).toBe(200);
    expect(await stored("old-page")).toBeUndefined();
    expect(await stored("old-position")).toBeUndefined();
    expect(await stored("new-page")).toBeDefined();
    const oldOrder = await stored("old-order");
    expect(oldOrder).toBeDefined();
    expect(oldOrder?.context).not.toHaveProperty("ip");
    expect((await stored("new-order"))?.context).toHaveProperty("ip");
    expect(await stored("gone-order")).toBeUndefined();
    expect((await h.get("/v1/profiles/user:gone")).statusCode).toBe(404);
    expect((await h.get("/v1/profiles/user:active")).statusCode).toBe(200);
    const audit = (await h.get("/v1/audit?action=retention.run")).json();
    expect(audit.entries[0].details.profilesRemoved).toBe(1);
    // Nothing more is due right after a run.
    const again = (await run(false)).json();
    expect(again.events).toEqual([]);
    expect(again.profilesRemoved).toBe(0);
  });
});
