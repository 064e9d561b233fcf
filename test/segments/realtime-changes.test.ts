/**
 * Real-time membership re-evaluates a segment only for the persons whose changes it reads
 * (profiles/profile-changes.ts, segments/segment-reads.ts). These stories check that nothing a
 * segment reads slips through: a trait, consent, a computed trait, an identifier, an event, and a
 * segment built on others; and that an event nothing reads records no change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

const SEGMENTS = {
  Bern: 'trait.address.city = "Bern"',
  Push: 'consent("marketing.push")',
  Buyers: "computed.orderCount >= 1",
  Callable: 'has_identifier("phone")',
  Viewers: "exists(Product Viewed, last 30d)",
  "Bern push": 'in_segment("Bern") and in_segment("Push")',
};

describe.each(BACKENDS)("real-time membership follows what each event changes, on $name", (backend) => {
  let h: Harness;
  const ids = new Map<string, string>();

  /** Sends, waits for the memberships, and returns "<segment> enter|exit" per change since `after`. */
  async function changesAfter(send: unknown[]): Promise<string[]> {
    const before = await seqNow();
    const r = await h.send("/v1/batch", { batch: send });
    expect(r.statusCode, r.body).toBe(200);
    await h.core.segments.settled();
    const rows: string[] = [];
    for (const [name, id] of ids) {
      const log = await h.get(`/v1/segments/${id}/changes?after=${before}`);
      for (const entry of log.json().data as { change: string; cause: string }[]) {
        expect(entry.cause).toBe("event");
        rows.push(`${name} ${entry.change}`);
      }
    }
    return rows.sort();
  }

  async function seqNow(): Promise<number> {
    let latest = 0;
    for (const id of ids.values()) {
      const data = (await h.get(`/v1/segments/${id}/changes`)).json().data as { seq: number }[];
      for (const entry of data) latest = Math.max(latest, Number(entry.seq));
    }
    return latest;
  }

  beforeAll(async () => {
    h = await startHarness(backend);
    for (const [name, text] of Object.entries(SEGMENTS)) {
      const r = await h.inject({
        method: "POST",
        url: "/v1/segments",
        headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
        payload: JSON.stringify({ name, text }),
      });
      expect(r.statusCode, r.body).toBe(201);
      ids.set(name, r.json().id);
    }
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("enters and leaves on exactly what changed", async () => {
    const eva = (extra: Record<string, unknown>) => ({ userId: "eva", ...extra });
    // A new person is evaluated against everything.
    expect(
      await changesAfter([
        eva({ type: "identify", traits: { firstName: "Eva", address: { city: "Zürich" } } }),
      ]),
    ).toEqual([]);
    expect(await changesAfter([eva({ type: "identify", traits: { address: { city: "Bern" } } })])).toEqual([
      "Bern enter",
    ]);
    expect(
      await changesAfter([
        eva({
          type: "track",
          event: "Page Viewed",
          context: { consent: { categoryPreferences: { "marketing.push": true } } },
        }),
      ]),
    ).toEqual(["Bern push enter", "Push enter"]);
    expect(
      await changesAfter([
        eva({ type: "track", event: "Product Viewed", properties: { product_id: "jacket-1" } }),
      ]),
    ).toEqual(["Viewers enter"]);
    expect(
      await changesAfter([
        eva({
          type: "track",
          event: "Order Completed",
          properties: { order_id: "E-1", total: 30, products: [{ product_id: "p-1", price: 30 }] },
        }),
      ]),
    ).toEqual(["Buyers enter"]);
    expect(await changesAfter([eva({ type: "identify", traits: { phone: "+41 79 555 01 02" } })])).toEqual([
      "Callable enter",
    ]);
    expect(await changesAfter([eva({ type: "identify", traits: { address: { city: "Basel" } } })])).toEqual([
      "Bern exit",
      "Bern push exit",
    ]);
    // Nothing any segment reads: no change, and still a member of what she was in.
    expect(await changesAfter([eva({ type: "track", event: "Page Viewed" })])).toEqual([]);
    const person = (await h.get("/v1/profiles/user:eva")).json().id as string;
    for (const name of ["Push", "Viewers", "Buyers", "Callable"]) {
      const members = (await h.get(`/v1/segments/${ids.get(name)}/members`)).json().data as {
        personId: string;
      }[];
      expect(
        members.map((m) => m.personId),
        name,
      ).toEqual([person]);
    }
    // The size kept on each segment follows its enters and exits, written in the same statement.
    const sizes = Object.fromEntries(
      await Promise.all(
        [...ids].map(async ([name, id]) => [name, (await h.get(`/v1/segments/${id}`)).json().size] as const),
      ),
    );
    expect(sizes).toEqual({ Bern: 0, Push: 1, Buyers: 1, Callable: 1, Viewers: 1, "Bern push": 0 });
  });

  it("applies all the segments one commit changes together, and those built on them after them", async () => {
    // One statement re-checks the segments that use no other; "Bern push" reads what it wrote.
    expect(
      await changesAfter([
        { userId: "max", type: "identify", traits: { address: { city: "Bern" }, phone: "+41 79 555 03 04" } },
        {
          userId: "max",
          type: "track",
          event: "Product Viewed",
          properties: { product_id: "scarf-2" },
          context: { consent: { categoryPreferences: { "marketing.push": true } } },
        },
      ]),
    ).toEqual(["Bern enter", "Bern push enter", "Callable enter", "Push enter", "Viewers enter"]);
    const sizes = Object.fromEntries(
      await Promise.all(
        [...ids].map(async ([name, id]) => [name, (await h.get(`/v1/segments/${id}`)).json().size] as const),
      ),
    );
    expect(sizes).toEqual({ Bern: 1, Push: 2, Buyers: 1, Callable: 2, Viewers: 2, "Bern push": 1 });
  });
});
