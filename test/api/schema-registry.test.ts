/**
 * The schema registry enforced at ingest, end to end on both backends: a strict source (`web`,
 * policy strip), a refusing one (`pos`, policy reject) and the shipped default (keep) for the rest.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSchemaRegistry, SHIPPED_SCHEMA_DIR } from "../../src/registry/index.js";
import { BACKENDS } from "../support/backends.js";
import { basic, type Harness, startHarness } from "../support/harness.js";

const categories = {
  identifier: { purposes: ["service"], legalBasis: "contract", retention: "P3Y" },
  contact: { purposes: { service: "contract", "marketing.email": "consent" }, retention: "P3Y" },
  "behaviour.purchase": { purposes: ["service", "analytics"], legalBasis: "contract", retention: "P3Y" },
};
const strict = (policy: "strip" | "reject") => ({
  policy,
  categories,
  fields: {
    userId: "identifier",
    "traits.email": "contact",
    "traits.religion": {
      category: "religion",
      purposes: ["personalisation"],
      legalBasis: "consent",
      retention: "P1Y",
    },
    "context.ip": "identifier",
  },
  events: {
    "Order Completed": {
      properties: {
        order_id: "behaviour.purchase",
        currency: "behaviour.purchase",
        "products[].product_id": "behaviour.purchase",
        "products[].price": "behaviour.purchase",
        "products[].quantity": "behaviour.purchase",
      },
    },
  },
});

const schemaDir = mkdtempSync(join(tmpdir(), "kp-schema-api-"));
copyFileSync(join(SHIPPED_SCHEMA_DIR, "default.json"), join(schemaDir, "default.json"));
writeFileSync(join(schemaDir, "web.json"), JSON.stringify(strict("strip")));
writeFileSync(join(schemaDir, "pos.json"), JSON.stringify(strict("reject")));
const schemas = loadSchemaRegistry(schemaDir);
afterAll(() => rmSync(schemaDir, { recursive: true, force: true }));

const order = (messageId: string) => ({
  userId: "u1",
  event: "Order Completed",
  messageId,
  properties: {
    order_id: messageId,
    products: [
      { product_id: "p-1", price: 5, colour: "red" },
      { product_id: "p-2", price: 7 },
    ],
    gift_note: "Alles Gute!",
  },
});

describe.each(BACKENDS)("schema registry at ingest on $name", (backend) => {
  let h: Harness;
  let posKey: string;
  beforeAll(async () => {
    h = await startHarness(backend, undefined, { schemas });
    const created = await h.inject({
      method: "POST",
      url: "/v1/keys",
      headers: { authorization: `Bearer ${h.adminKey}` },
      payload: { type: "write", source: "pos" },
    });
    posKey = created.json().key;
  });
  afterAll(async () => {
    await h.close();
  });

  const stored = async (source: string) =>
    (await h.get(`/v1/events?source=${source}&limit=1000`)).json().events as Array<Record<string, unknown>>;
  const statsOf = async (source: string, type: string) =>
    (await h.get("/v1/stats"))
      .json()
      .bySourceAndType.find((r: { source: string; type: string }) => r.source === source && r.type === type);

  it("strip: removes undeclared fields, reports them in the 200 answer and counts them", async () => {
    const response = await h.send("/v1/track", order("strip-1"));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      success: true,
      stored: 1,
      duplicates: 0,
      stripped: [
        { index: 0, messageId: "strip-1", fields: ["properties.products[].colour", "properties.gift_note"] },
      ],
    });
    const event = (await stored("web")).find((e) => e.messageId === "strip-1");
    expect(event?.properties).toEqual({
      order_id: "strip-1",
      currency: "EUR",
      products: [
        { product_id: "p-1", price: 5, quantity: 1 },
        { product_id: "p-2", price: 7, quantity: 1 },
      ],
    });
    expect(await statsOf("web", "track")).toMatchObject({
      accepted: 1,
      strippedFields: 2,
      undeclaredFields: 0,
    });
  });

  it("strip in a batch: lists only the messages that lost fields, by index", async () => {
    const response = await h.send("/v1/batch", {
      batch: [
        { type: "identify", userId: "u1", traits: { email: "anna@example.de" }, messageId: "strip-2" },
        {
          type: "identify",
          userId: "u1",
          traits: { email: "anna@example.de", shoeSize: 39 },
          messageId: "strip-3",
        },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().stripped).toEqual([
      { index: 1, messageId: "strip-3", fields: ["traits.shoeSize"] },
    ]);
    const event = (await stored("web")).find((e) => e.messageId === "strip-3");
    expect(event?.traits).toEqual({ email: "anna@example.de" });
  });

  it("reject: answers 400 naming the field and stores nothing of the message", async () => {
    const response = await h.inject({
      method: "POST",
      url: "/v1/track",
      headers: { "content-type": "application/json", authorization: basic(posKey) },
      payload: order("reject-1"),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      success: false,
      code: "undeclared_field",
      message: expect.stringMatching(/^properties\.products\[\]\.colour is not declared for source pos/),
    });
    expect((await stored("pos")).map((e) => e.messageId)).not.toContain("reject-1");
    expect(await statsOf("pos", "track")).toMatchObject({ accepted: 0, rejected: 1 });
  });

  it("refuses special-category data declared without explicit consent", async () => {
    const response = await h.send("/v1/identify", {
      userId: "u2",
      traits: { email: "ben@example.de", religion: "none of your business" },
      messageId: "art9-1",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: "special_category_refused",
      message: expect.stringContaining("traits.religion is special-category data (religion, Art. 9 GDPR)"),
    });
    expect((await stored("web")).map((e) => e.messageId)).not.toContain("art9-1");
  });

  it("keeps and counts undeclared fields for sources under the shipped default (policy keep)", async () => {
    const created = await h.inject({
      method: "POST",
      url: "/v1/keys",
      headers: { authorization: `Bearer ${h.adminKey}` },
      payload: { type: "write", source: "crm" },
    });
    const response = await h.inject({
      method: "POST",
      url: "/v1/identify",
      headers: { "content-type": "application/json", authorization: basic(created.json().key) },
      payload: { userId: "u3", traits: { email: "cem@example.de", shoeSize: 44 }, messageId: "keep-1" },
    });
    expect(response.json()).toEqual({ success: true, stored: 1, duplicates: 0 });
    const event = (await stored("crm")).find((e) => e.messageId === "keep-1");
    expect(event?.traits).toEqual({ email: "cem@example.de", shoeSize: 44 });
    expect(await statsOf("crm", "identify")).toMatchObject({
      accepted: 1,
      strippedFields: 0,
      undeclaredFields: 1,
    });
  });

  it("shows the declarations: all of them, and the one a source is checked against", async () => {
    const all = (await h.get("/v1/schema")).json();
    expect(all.declarations.map((d: { source: string }) => d.source).sort()).toEqual([
      "default",
      "pos",
      "web",
    ]);
    expect(all.sources).toEqual(
      expect.arrayContaining([
        { id: "web", declaration: "web" },
        { id: "crm", declaration: "default" },
      ]),
    );
    const web = (await h.get("/v1/schema/web", h.analystKey)).json();
    expect(web).toMatchObject({ source: "web", own: true, declaration: { policy: "strip" } });
    expect(web.declaration.fields).toContainEqual(
      expect.objectContaining({ path: "traits.religion", category: "religion", refused: true }),
    );
    const other = (await h.get("/v1/schema/newsletter")).json();
    expect(other).toMatchObject({
      source: "newsletter",
      own: false,
      declaration: { source: "default", policy: "keep" },
    });
  });
});
