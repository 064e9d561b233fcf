/**
 * The official client libraries, unchanged, against a listening server: Segment's
 * @segment/analytics-node and RudderStack's @rudderstack/rudder-sdk-node (which gzips). Every event
 * arrives exactly once, also when acknowledgements are lost and the clients retry.
 */

import RudderAnalytics from "@rudderstack/rudder-sdk-node";
import { Analytics as SegmentAnalytics } from "@segment/analytics-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

const N = 300;

describe.each(BACKENDS)("real client libraries on $name", (backend) => {
  let h: Harness;
  let url: string;
  let dropAcks = 0;
  let dropped = 0;
  beforeAll(async () => {
    h = await startHarness(backend, (app) => {
      // Loses the acknowledgement of committed batches, as a flaky network would: the client retries.
      app.addHook("onSend", async (request, reply, payload) => {
        if (request.url === "/v1/batch" && reply.statusCode === 200 && dropAcks > 0) {
          dropAcks--;
          dropped++;
          reply.code(503);
          return JSON.stringify({
            success: false,
            code: "unavailable",
            message: "simulated lost acknowledgement",
          });
        }
        return payload;
      });
    });
    url = await h.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await h.close();
  });

  const storedFor = async (source: string, prefix: string) => {
    const ids: string[] = [];
    let before: number | null = null;
    do {
      const page: { events: unknown[]; nextCursor: number | null } = (
        await h.get(`/v1/events?source=${source}&limit=1000${before ? `&before=${before}` : ""}`)
      ).json();
      for (const e of page.events as Array<{ userId: string; messageId: string }>)
        if (e.userId?.startsWith(prefix)) ids.push(e.messageId);
      before = page.nextCursor;
    } while (before);
    return ids;
  };

  it("@segment/analytics-node delivers N events once each, retries included", async () => {
    const key = (
      await h.inject({
        method: "POST",
        url: "/v1/keys",
        headers: { authorization: `Bearer ${h.adminKey}` },
        payload: { type: "write", source: "segment-node" },
      })
    ).json().key;
    const analytics = new SegmentAnalytics({
      writeKey: key,
      host: url,
      flushAt: 50,
      flushInterval: 200,
      maxRetries: 10,
    });
    const errors: unknown[] = [];
    analytics.on("error", (error) => errors.push(error));
    dropAcks = 2;
    dropped = 0;
    for (let i = 0; i < N; i++) {
      if (i % 3 === 0) analytics.identify({ userId: `seg-${i}`, traits: { email: `seg${i}@example.de` } });
      else if (i % 3 === 1)
        analytics.track({
          userId: `seg-${i}`,
          event: "Products Searched",
          properties: { query: "winterjacke" },
        });
      else
        analytics.page({
          userId: `seg-${i}`,
          name: "Start",
          properties: { url: "https://shop.example.de/" },
        });
    }
    await analytics.closeAndFlush({ timeout: 30_000 });
    expect(errors).toEqual([]);
    expect(dropped).toBe(2);
    const ids = await storedFor("segment-node", "seg-");
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    const stats = (await h.get("/v1/stats"))
      .json()
      .bySourceAndType.filter((r: { source: string }) => r.source === "segment-node");
    expect(
      stats.reduce((sum: number, r: { deduplicated: number }) => sum + r.deduplicated, 0),
    ).toBeGreaterThan(0);
  });

  it("@rudderstack/rudder-sdk-node (gzip) delivers N events once each, retries included", async () => {
    const key = (
      await h.inject({
        method: "POST",
        url: "/v1/keys",
        headers: { authorization: `Bearer ${h.adminKey}` },
        payload: { type: "write", source: "rudder-node" },
      })
    ).json().key;
    const client = new RudderAnalytics(key, {
      dataPlaneUrl: url,
      flushAt: 50,
      flushInterval: 200,
      retryCount: 10,
      logLevel: "error",
      gzip: true,
    });
    dropAcks = 2;
    dropped = 0;
    // Each call's callback fires once its batch was acknowledged (after any retries).
    const delivered: Array<Promise<unknown>> = [];
    for (let i = 0; i < N; i++) {
      delivered.push(
        new Promise((resolve) => {
          const done = (error?: unknown) => resolve(error);
          if (i % 2 === 0)
            client.track(
              {
                userId: `rud-${i}`,
                event: "Product Viewed",
                properties: { product_id: `p-${i}`, price: 9.5 },
              },
              done,
            );
          else client.identify({ userId: `rud-${i}`, traits: { city: "Bern" } }, done);
        }),
      );
    }
    await client.flush();
    const errors = (await Promise.all(delivered)).filter(Boolean);
    expect(errors).toEqual([]);
    expect(dropped).toBe(2);
    const ids = await storedFor("rudder-node", "rud-");
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
  });
});
