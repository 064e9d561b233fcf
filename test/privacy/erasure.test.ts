/**
 * Erasure completeness (Art. 17, scenario 9): canary values go into every identifier, trait,
 * property, context field and store a person can reach (consent, double opt-in, objection,
 * rectification, a merge, audited reads, an access export); after erasure no table holds a canary
 * or any blind-index key derived from one, the audit chain still verifies, and replaying the old
 * messages or sending new ones under every alias stores nothing.
 */

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WORKSPACE } from "../../src/storage/index.js";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";
import { type SourceClient, writeKeyFor } from "../support/profiles.js";

const CANARY = {
  userId: "canary-user-7f3a",
  anonymousId: "canary-anon-7f3a",
  email: "canary.7f3a@example.de",
  phone: "+49 170 7733991",
  card: "CANARYCARD7F3A",
  device: "canary-device-7f3a",
  external: "canary-crm-7f3a",
  firstName: "Kanarienvogel7f3a",
  street: "Kanarienweg 7f3a",
  complaint: "canary complaint text 7f3a",
  review: "canary review body 7f3a",
  search: "canary search 7f3a",
  url: "https://shop.example.de/canary-page-7f3a",
  ip: "203.0.113.73",
};

describe.each(BACKENDS)("erasure on $name", (backend) => {
  let h: Harness;
  let web: SourceClient;
  let pos: SourceClient;
  const sent: { path: string; body: Record<string, unknown>; client: () => SourceClient }[] = [];
  const admin = (method: "POST" | "PATCH", url: string, body?: unknown) =>
    h.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${h.adminKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const track = async (client: () => SourceClient, path: string, body: Record<string, unknown>) => {
    sent.push({ path, body, client });
    await client().send(path, body);
  };

  /** Every text form a canary can take in storage: as sent, normalised, and as blind-index key. */
  function needles(): string[] {
    const codec = h.core.profiles.codecFor(DEFAULT_WORKSPACE);
    const phone = codec.normalise("phone", CANARY.phone)!;
    return [
      ...Object.values(CANARY).map((v) => v.toLowerCase()),
      phone,
      codec.keyOf("email", CANARY.email),
      codec.keyOf("phone", phone),
      codec.keyOf("card", CANARY.card),
    ];
  }

  /** Every row of every table in the schema, as text, searched for every needle. */
  async function hits(): Promise<string[]> {
    const db = h.core.database.db;
    const { rows: tables } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db);
    const found: string[] = [];
    for (const { name } of tables) {
      const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(
        db,
      );
      for (const { row } of rows) {
        const text = row.toLowerCase();
        for (const needle of needles())
          if (text.includes(needle.toLowerCase())) found.push(`${name}: ${needle}`);
      }
    }
    return found;
  }

  beforeAll(async () => {
    h = await startHarness(backend);
    web = await writeKeyFor(h, "web");
    pos = await writeKeyFor(h, "pos");
    const context = { ip: CANARY.ip, page: { url: CANARY.url }, device: { id: CANARY.device } };
    await track(() => web, "/v1/page", {
      anonymousId: CANARY.anonymousId,
      name: "Start",
      properties: { url: CANARY.url },
      context: { ...context, consent: { categoryPreferences: { analytics: true, "marketing.email": true } } },
    });
    await track(() => web, "/v1/track", {
      anonymousId: CANARY.anonymousId,
      event: "Products Searched",
      properties: { query: CANARY.search },
      context,
    });
    await track(() => web, "/v1/identify", {
      userId: CANARY.userId,
      anonymousId: CANARY.anonymousId,
      traits: {
        email: CANARY.email,
        phone: CANARY.phone,
        firstName: CANARY.firstName,
        address: { street: CANARY.street, city: "Bern" },
        loyalty_card_id: CANARY.card,
      },
      context: { ...context, externalIds: [{ type: "crm_id", id: CANARY.external, encoding: "none" }] },
    });
    await track(() => pos, "/v1/track", {
      anonymousId: "till-3",
      event: "Order Completed",
      properties: {
        order_id: "canary-order",
        loyalty_card_id: CANARY.card,
        products: [{ product_id: "p1", price: 9.5, category: "Drogerie" }],
      },
    });
    await track(() => web, "/v1/track", {
      userId: CANARY.userId,
      event: "Complaint Filed",
      properties: { complaint_id: "c1", description: CANARY.complaint },
    });
    await track(() => web, "/v1/track", {
      userId: CANARY.userId,
      event: "Review Submitted",
      properties: { product_id: "p1", rating: 2, body: CANARY.review },
    });
    // A second person, who must come through untouched.
    await web.send("/v1/identify", { userId: "bystander", traits: { email: "bystander@example.de" } });

    const ref = `email:${CANARY.email}`;
    const granted = await admin("POST", `/v1/profiles/${ref}/consent`, {
      purposes: { "marketing.email": "granted" },
    });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(
      (await admin("POST", `/v1/profiles/${ref}/objection`, { scope: "advertising.profiling" })).statusCode,
    ).toBe(200);
    const rectified = await admin("PATCH", `/v1/profiles/${ref}`, {
      traits: { lastName: "Kanarienname7f3a" },
    });
    expect(rectified.statusCode, rectified.body).toBe(200);
    for (const path of ["", "/timeline", "/identity", "/consent/history"])
      expect((await h.get(`/v1/profiles/${ref}${path}`)).statusCode).toBe(200);
    const exported = await admin("POST", "/v1/subject-requests?format=csv", {
      kind: "access",
      subject: ref,
      verification: "id_document",
    });
    expect(exported.statusCode, exported.body).toBe(201);
    expect(exported.body).toContain(CANARY.complaint);
    // A segment everyone is in: erasure must take the membership and its history too.
    const segment = await admin("POST", "/v1/segments", { name: "Everyone", text: 'has_identifier("user")' });
    expect(segment.statusCode, segment.body).toBe(201);
    expect(segment.json().size).toBe(2);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it("finds the canaries everywhere before erasure (the scan works)", async () => {
    const found = await hits();
    for (const table of ["events", "identities", "profiles"])
      expect(
        found.some((f) => f.startsWith(`${table}:`)),
        table,
      ).toBe(true);
  });

  it("erases the person: 0 canary hits in any table, the audit chain verifies", async () => {
    const erased = await admin("POST", "/v1/subject-requests", {
      kind: "erasure",
      subject: `card:${CANARY.card}`,
      verification: "id_document",
    });
    expect(erased.statusCode, erased.body).toBe(201);
    const { request } = erased.json();
    expect(request).toMatchObject({ kind: "erasure", status: "completed" });
    expect(request.outcome.events).toBeGreaterThanOrEqual(sent.length);
    expect(request.outcome.suppressed).toBeGreaterThanOrEqual(7);
    expect(await hits()).toEqual([]);
    const verified = await admin("POST", "/v1/audit/verify", {});
    expect(verified.json()).toMatchObject({ ok: true });
    expect((await h.get(`/v1/profiles/email:${CANARY.email}`)).statusCode).toBe(404);
    expect(request.outcome.segmentsLeft).toBe(1);
    expect((await h.get("/v1/segments/Everyone")).json().size).toBe(1);
    expect((await h.get("/v1/segments/Everyone/changes")).json().data).toHaveLength(1);
    expect((await h.get("/v1/profiles/user:bystander")).json().traits.email).toBe("bystander@example.de");
    const listed = (await h.get(`/v1/subject-requests/${request.id}`)).json();
    expect(listed).toMatchObject({ status: "completed", overdue: false });
  });

  it("drops replayed old messages and new ones under every alias: 0 rows", async () => {
    const before = await eventCount();
    for (const { client, path, body } of sent) await client().send(path, body);
    const aliases: Record<string, unknown>[] = [
      { userId: CANARY.userId },
      { anonymousId: CANARY.anonymousId },
      { anonymousId: "new-device-1", traits: { email: CANARY.email.toUpperCase() } },
      { anonymousId: "new-device-2", traits: { phone: "0170 7733991" } },
      { anonymousId: "new-device-3", context: { device: { id: CANARY.device } } },
      { anonymousId: "new-device-4", context: { externalIds: [{ type: "crm_id", id: CANARY.external }] } },
    ];
    for (const [i, alias] of aliases.entries())
      await web.send("/v1/identify", {
        messageId: `new-${i}`,
        ...alias,
        traits: { ...(alias.traits as object), n: i },
      });
    await pos.send("/v1/track", {
      anonymousId: "till-3",
      event: "Order Completed",
      properties: {
        order_id: "new-order",
        loyalty_card_id: CANARY.card,
        products: [{ product_id: "p1", price: 1 }],
      },
    });
    expect(await eventCount()).toBe(before);
    expect(await hits()).toEqual([]);
    // The till the canary paid at is shared: the next customer's purchase there is kept.
    await pos.send("/v1/track", {
      anonymousId: "till-3",
      event: "Order Completed",
      properties: {
        order_id: "next-customer",
        loyalty_card_id: "OTHERCARD1",
        products: [{ product_id: "p1", price: 2 }],
      },
    });
    expect(await eventCount()).toBe(before + 1);
    for (const ref of [`user:${CANARY.userId}`, `email:${CANARY.email}`, `card:${CANARY.card}`])
      expect((await h.get(`/v1/profiles/${ref}`)).statusCode, ref).toBe(404);
  });

  async function eventCount(): Promise<number> {
    const row = await h.core.database.db
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
});
