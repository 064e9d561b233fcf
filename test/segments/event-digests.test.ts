/**
 * Every named track event gets a digest row (migration 0015) in the commit that stores it: event
 * segments without property filters, sequences among them, read those rows instead of the log.
 * Retention's rewrites of the log keep them current, and a full evaluation reads no event itself.
 */
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSegment, segmentFromText } from "../../src/segments/index.js";
import { DEFAULT_WORKSPACE } from "../../src/storage/index.js";
import * as eventDigests from "../../src/storage/migrations/0015-event-digests.js";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

const DAY = 86_400_000;
const NOW = Date.now();
const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString();
const track = (userId: string, event: string, daysAgo: number, properties: Record<string, unknown> = {}) => ({
  type: "track",
  userId,
  event,
  properties,
  timestamp: at(daysAgo),
  messageId: `${userId}-${event}-${daysAgo}`,
});
const SEQUENCE = "sequence(Products Searched, last 30d, then not Order Completed, within 7d)";

describe.each(BACKENDS)("event digests on $name", (backend) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(backend);
    const r = await h.send("/v1/batch", {
      batch: [
        track("searcher", "Products Searched", 10, { query: "winter jacket" }),
        track("buyer", "Products Searched", 12, { query: "winter jacket" }),
        track("buyer", "Order Completed", 11, {
          order_id: "o-1",
          total: 180,
          products: [{ product_id: "j-1", category: "Outerwear/Jackets", price: 180 }],
        }),
        track("odd", "Wishlist Shared", 5, { products: "not a list" }),
        { type: "page", userId: "searcher", name: "Home", timestamp: at(9), messageId: "searcher-page" },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function digests() {
    const { rows } = await sql<{ message_id: string; event: string; categories: unknown; person: boolean }>`
      select e.message_id, d.event, d.categories, d.person_id = i.person_id as person
      from event_digests d join events e on e.id = d.event_id
      join identities i on i.workspace_id = d.workspace_id and i.key = d.identity_key
      order by e.message_id`.execute(h.core.database.db);
    return rows;
  }

  it("digests each named track event with its person, and categories only where it has line items", async () => {
    expect(await digests()).toEqual([
      {
        message_id: "buyer-Order Completed-11",
        event: "Order Completed",
        categories: ["Outerwear/Jackets"],
        person: true,
      },
      {
        message_id: "buyer-Products Searched-12",
        event: "Products Searched",
        categories: null,
        person: true,
      },
      { message_id: "odd-Wishlist Shared-5", event: "Wishlist Shared", categories: null, person: true },
      {
        message_id: "searcher-Products Searched-10",
        event: "Products Searched",
        categories: null,
        person: true,
      },
    ]);
  });

  it("evaluates a sequence from the digests alone, with the members the log gives", async () => {
    const condition = compileSegment(segmentFromText(SEQUENCE), {
      workspaceId: DEFAULT_WORKSPACE,
      now: NOW,
      form: "set",
    });
    const query = sql`select p.id from profiles p where p.workspace_id = ${DEFAULT_WORKSPACE} and ${condition}`;
    const { rows: plan } = await sql<{ "QUERY PLAN": string }>`explain ${query}`.execute(h.core.database.db);
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain("event_digests");
    expect(text).not.toMatch(/ on events\b/);
    const preview = await h.inject({
      method: "POST",
      url: "/v1/segments/preview",
      headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
      payload: JSON.stringify({ text: SEQUENCE }),
    });
    expect(preview.statusCode, preview.body).toBe(200);
    // The buyer ordered the day after searching; the searcher did not.
    expect(preview.json().count).toBe(1);
    const { rows } = await sql<{ person_id: string }>`
      select i.person_id from events e join identities i on i.key = e.identity_key
      where e.message_id = 'searcher-Products Searched-10'`.execute(h.core.database.db);
    const { rows: members } = await query.execute(h.core.database.db);
    expect(members).toEqual([{ id: rows[0]!.person_id }]);
  });

  it("follows retention's rewrite of an event: the line items gone, the digest stays without categories", async () => {
    await sql`update events set properties = properties - 'products' where message_id = 'buyer-Order Completed-11'`.execute(
      h.core.database.db,
    );
    const rows = await digests();
    expect(rows.find((row) => row.message_id === "buyer-Order Completed-11")).toEqual({
      message_id: "buyer-Order Completed-11",
      event: "Order Completed",
      categories: null,
      person: true,
    });
    expect(rows).toHaveLength(4);
  });

  it("fills the digests of every event stored before the migration, and gives them back on the way down", async () => {
    const db = h.core.database.db as unknown as Kysely<unknown>;
    await sql`update events set properties = properties || ${JSON.stringify({ products: [{ category: "Outerwear/Jackets" }] })}::jsonb
      where message_id = 'buyer-Order Completed-11'`.execute(db);
    const before = await digests();
    expect(before.filter((row) => row.categories !== null)).toHaveLength(1);
    await eventDigests.down(db);
    const { rows: lines } = await sql<{ event: string }>`select event from event_line_categories`.execute(db);
    // The line-category table again: the order with line items is its only row.
    expect(lines).toEqual([{ event: "Order Completed" }]);
    // As if stored while no projector ran: the migration computes that row's categories too.
    await sql`delete from event_line_categories`.execute(db);
    await eventDigests.up(db);
    expect(await digests()).toEqual(before);
  });
});
