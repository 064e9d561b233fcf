/**
 * Segments end to end through the HTTP API on both backends: the segment parts of scenario 6
 * (searched for a winter jacket, bought none, in Bern, consented to push: enters on the search,
 * leaves on the purchase, in real time), scenario 7 (a "baby products" segment is refused and
 * audited) and scenario 10 (filter contacts by demographics, behaviour and value, with a preview
 * masked for marketers), plus the service's edges: text and JSON forms, errors that point at the
 * node, members, sizes, the change log, references between segments.
 */
import type { LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey } from "../../src/access/index.js";
import { DEFAULT_WORKSPACE } from "../../src/storage/index.js";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

const DAY = 86_400_000;
const JACKET_SEARCHERS = `sequence(Products Searched where query contains "winterjacke", last 30d,
  then not Order Completed where products.category contains "Winterjacken", within 7d)
  and trait.address.city = "Bern" and consent("marketing.push")`;

describe.each(BACKENDS)("segments on $name", (backend) => {
  let h: Harness;
  let marketerKey: string;
  const call = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: unknown, key?: string) =>
    h.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${key ?? h.adminKey}`,
        ...(payload === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const person = async (userId: string) => (await h.get(`/v1/profiles/user:${userId}`)).json().id as string;
  const ok = (r: LightMyRequestResponse, status = 200) => {
    expect(r.statusCode, r.body).toBe(status);
    return r.json();
  };

  beforeAll(async () => {
    h = await startHarness(backend);
    marketerKey = (
      await createKey(h.core.database.db, DEFAULT_WORKSPACE, { type: "admin", role: "marketer" })
    ).key;
    const now = Date.now();
    const customer = (userId: string, city: string, push: boolean) => ({
      type: "identify",
      userId,
      timestamp: new Date(now - 60 * DAY).toISOString(),
      traits: { firstName: userId, email: `${userId}@example.ch`, address: { city } },
      context: { consent: { categoryPreferences: { "marketing.push": push } } },
    });
    const order = (userId: string, daysAgo: number, category: string, total: number) => ({
      type: "track",
      userId,
      event: "Order Completed",
      timestamp: new Date(now - daysAgo * DAY).toISOString(),
      properties: {
        order_id: `${userId}-${daysAgo}`,
        total,
        products: [{ product_id: `p-${category}`, category, price: total }],
      },
    });
    ok(
      await h.send("/v1/batch", {
        batch: [
          customer("anna", "Bern", true),
          customer("beat", "Bern", false),
          customer("carla", "Zürich", true),
          customer("dora", "Bern", true),
          order("anna", 40, "Lebensmittel > Brot", 20),
          order("carla", 30, "Lebensmittel > Brot", 120),
          order("carla", 10, "Lebensmittel > Brot", 80),
          order("dora", 5, "Bekleidung > Jacken > Winterjacken", 199),
        ],
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("scenario 6: a Bern customer who consented to push enters on the search and leaves on the purchase", async () => {
    const created = ok(
      await call("POST", "/v1/segments", { name: "Winterjacke gesucht", text: JACKET_SEARCHERS }),
      201,
    );
    expect(created.size).toBe(0);
    expect(created.text).toContain("sequence(Products Searched");
    const search = (userId: string) =>
      h.send("/v1/track", { userId, event: "Products Searched", properties: { query: "winterjacke damen" } });
    for (const userId of ["anna", "beat", "carla"]) ok(await search(userId));
    await h.core.segments.settled();
    const anna = await person("anna");
    const members = ok(await call("GET", "/v1/segments/Winterjacke gesucht/members"));
    expect(members.data.map((m: { personId: string }) => m.personId)).toEqual([anna]);
    let log = ok(await call("GET", `/v1/segments/${created.id}/changes`));
    expect(log.data).toMatchObject([{ personId: anna, change: "enter", cause: "event" }]);
    ok(
      await h.send("/v1/track", {
        userId: "anna",
        event: "Order Completed",
        properties: {
          order_id: "W-1",
          total: 249,
          products: [{ product_id: "j-1", category: "Bekleidung > Jacken > Winterjacken", price: 249 }],
        },
      }),
    );
    await h.core.segments.settled();
    log = ok(await call("GET", `/v1/segments/${created.id}/changes?after=${log.data[0].seq}`));
    expect(log.data).toMatchObject([{ personId: anna, change: "exit", cause: "event" }]);
    expect(ok(await call("GET", `/v1/segments/${created.id}`)).size).toBe(0);
    const sizes = ok(await call("GET", `/v1/segments/${created.id}/sizes`, undefined, h.analystKey));
    expect(sizes.sizes.length).toBeGreaterThan(0);
  });

  it("scenario 7: refuses a segment on baby purchases, says why, and audits the attempt", async () => {
    const refused = await call("POST", "/v1/segments", {
      name: "Babykäufer",
      text: 'count(Order Completed where products.category contains "Baby", last 90d) >= 2',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: "sensitive_targeting_refused" });
    const audit = ok(await call("GET", "/v1/audit?action=targeting.refused"));
    expect(audit.entries.some((e: { details: { name: string } }) => e.details.name === "Babykäufer")).toBe(
      true,
    );
    expect((await call("GET", "/v1/segments/Babykäufer")).statusCode).toBe(404);
  });

  it("scenario 10: filters contacts by demographics, behaviour and value; previews masked for marketers", async () => {
    const definition = {
      kind: "and",
      children: [
        { kind: "trait", path: "trait.address.city", op: "in", values: ["Bern", "Zürich"] },
        {
          kind: "event",
          event: "Order Completed",
          aggregate: "sum",
          property: "total",
          window: { last: "90d" },
          compare: { op: "gte", value: 200 },
        },
      ],
    };
    const preview = ok(await call("POST", "/v1/segments/preview", { definition }, marketerKey));
    // Anna spent 20 + 249 (the jacket above), Carla 120 + 80; Dora's 199 is one short.
    expect(preview.count).toBe(2);
    expect(preview.text).toBe(
      'trait.address.city in ["Bern", "Zürich"] and sum(total of Order Completed, last 90d) >= 200',
    );
    expect(preview.sample).toHaveLength(2);
    for (const sample of preview.sample) expect(sample.traits.email).toMatch(/^[ac]\*+@example\.ch$/);
    const full = ok(await call("POST", "/v1/segments/preview", { text: preview.text }));
    const emails = full.sample.map((p: { traits: { email: string } }) => p.traits.email).sort();
    expect(emails).toEqual(["anna@example.ch", "carla@example.ch"]);
  });

  it("builds on other segments, keeps them in order, and will not drop one in use", async () => {
    ok(await call("POST", "/v1/segments", { name: "Bern", text: 'trait.address.city = "Bern"' }), 201);
    const buyers = ok(
      await call("POST", "/v1/segments", {
        name: "Bern buyers",
        text: 'in_segment("Bern") and exists(Order Completed)',
      }),
      201,
    );
    expect(buyers.size).toBe(2);
    expect((await call("DELETE", "/v1/segments/Bern")).statusCode).toBe(409);
    const changed = ok(await call("PUT", "/v1/segments/Bern", { text: 'trait.address.city = "Zürich"' }));
    expect(changed.size).toBe(1);
    expect(ok(await call("GET", "/v1/segments/Bern buyers")).size).toBe(1);
    expect((await call("DELETE", "/v1/segments/Bern buyers")).statusCode).toBe(204);
    expect((await call("DELETE", "/v1/segments/Bern")).statusCode).toBe(204);
  });

  it("offers ready-made RFM and value tiers that can be defined as they are", async () => {
    const { templates } = ok(await call("GET", "/v1/segments/templates", undefined, h.analystKey));
    const names = templates.map((t: { name: string }) => t.name);
    expect(names).toContain("RFM: Champions");
    expect(names).toContain("Value: top");
    const champions = templates.find((t: { name: string }) => t.name === "RFM: Champions");
    ok(await call("POST", "/v1/segments", { name: champions.name, text: champions.text }), 201);
  });

  it("answers bad definitions with the node and what is wrong, never a 5xx", async () => {
    const syntax = await call("POST", "/v1/segments", { name: "x", text: "count(Order Completed) >=" });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().issues[0]).toMatchObject({ code: "syntax", line: 1 });
    const shape = await call("POST", "/v1/segments", {
      name: "y",
      definition: {
        kind: "and",
        children: [{ kind: "trait", path: "trait.city", op: "between", values: [1] }],
      },
    });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().issues[0].path).toBe("/children/0/values");
    expect(
      (await call("POST", "/v1/segments", { name: "z", text: 'in_segment("nope")' })).json().message,
    ).toMatch(/does not exist/);
    expect((await call("POST", "/v1/segments", { name: "", text: "exists(A)" })).statusCode).toBe(400);
    const contact = await call("POST", "/v1/segments", {
      name: "by mail",
      text: 'trait.email contains "@gmail"',
    });
    expect(contact.statusCode).toBe(400);
    expect(contact.json().message).toContain("trait.email: contact data");
    expect(
      (await call("POST", "/v1/segments", { name: "both", text: "exists(A)", definition: {} })).statusCode,
    ).toBe(400);
    ok(await call("POST", "/v1/segments", { name: "twice", text: "exists(A)" }), 201);
    expect((await call("POST", "/v1/segments", { name: "twice", text: "exists(B)" })).statusCode).toBe(409);
    expect((await call("GET", "/v1/segments/no-such-segment")).statusCode).toBe(404);
    expect(
      (await call("POST", "/v1/segments", { name: "w", text: "exists(A)" }, h.analystKey)).statusCode,
    ).toBe(403);
  });

  it("refuses a segment named like contact data before storing it, and accepts one named after a day", async () => {
    // Names go into the audit log, which holds pseudonyms only: these were stored, then a 500.
    for (const name of ["anna@example.de", "email:anna@example.de", "0176 1234567"]) {
      const refused = await call("POST", "/v1/segments", { name, text: "exists(A)" });
      expect(refused.statusCode, name).toBe(400);
      expect(refused.json().message).toMatch(/audit log/);
      expect((await call("GET", `/v1/segments/${encodeURIComponent(name)}`)).statusCode).toBe(404);
    }
    const day = ok(await call("POST", "/v1/segments", { name: "2026-06-01", text: "exists(A)" }), 201);
    const audit = (await h.get("/v1/audit?action=segment.define&limit=1000")).json().entries;
    expect(audit.some((e: { subject: string }) => e.subject === `segment:${day.id}`)).toBe(true);
    const check = await call("POST", "/v1/privacy/targeting-check", {
      kind: "campaign",
      name: "anna@example.de",
    });
    expect(check.statusCode).toBe(400);
    expect(check.body).toMatch(/e-mail address or phone number/);
    ok(await call("POST", "/v1/privacy/targeting-check", { kind: "campaign", name: "2026-06-01" }));
  });

  it("changes and deletes a segment whose stored name looks like contact data", async () => {
    // One stored before names were checked: its entries name it by id alone.
    const { id } = ok(await call("POST", "/v1/segments", { name: "legacy", text: "exists(A)" }), 201);
    await sql`update segments set name = 'old@example.de' where id = ${id}`.execute(h.core.database.db);
    ok(await call("PUT", `/v1/segments/${id}`, { text: "exists(B)" }));
    expect((await call("DELETE", `/v1/segments/${id}`)).statusCode).toBeLessThan(300);
    const entries = (await h.get(`/v1/audit?subject=segment:${id}&limit=10`)).json().entries;
    expect(entries.map((e: { action: string; details: object }) => [e.action, e.details])).toEqual([
      ["segment.define", { name: "legacy" }],
      ["segment.update", {}],
      ["segment.delete", {}],
    ]);
  });
});
