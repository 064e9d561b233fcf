/** Events import: NDJSON messages and batches, CSV with dotted columns. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectRows } from "./collect-rows.js";
import { type ImportRow, openImport } from "./index.js";

const fixture = (name: string) => join(import.meta.dirname, "../../test/fixtures/import", name);

describe("events: NDJSON", () => {
  let rows: ImportRow[];
  beforeAll(async () => {
    rows = await collectRows(await openImport(fixture("events.ndjson"), "events"));
  });

  it("passes messages through, expands batches, and reports bad lines with their numbers", () => {
    const identifyId = "import-event-d11117c43a174fd98f51ef0e";
    expect(rows).toEqual([
      {
        kind: "message",
        line: 1,
        message: {
          type: "track",
          event: "Product Viewed",
          userId: "u1",
          messageId: "m-1",
          timestamp: "2024-03-01T10:00:00Z",
          properties: { product_id: "p1", price: 12.5 },
        },
      },
      {
        kind: "message",
        line: 2,
        message: {
          type: "identify",
          userId: "u1",
          timestamp: "2024-03-01T10:01:00Z",
          traits: { email: "a@example.com" },
          messageId: identifyId,
        },
      },
      {
        kind: "error",
        line: 4,
        code: "invalid_json",
        error: expect.stringMatching(/^invalid JSON: /),
      },
      {
        kind: "message",
        line: 5,
        message: {
          type: "page",
          anonymousId: "a1",
          name: "Home",
          timestamp: "2024-03-01T10:02:00Z",
          messageId: expect.stringMatching(/^import-event-[0-9a-f]{24}$/),
        },
      },
      {
        kind: "message",
        line: 5,
        message: {
          type: "track",
          anonymousId: "a1",
          event: "Signed Up",
          timestamp: "2024-03-01T10:03:00Z",
          messageId: expect.stringMatching(/^import-event-[0-9a-f]{24}$/),
        },
      },
      { kind: "error", line: 6, code: "not_an_object", error: "the line is not a JSON object" },
      // Line 7 is line 2 with its keys reordered: the same derived messageId, so ingest stores it once.
      {
        kind: "message",
        line: 7,
        message: {
          userId: "u1",
          traits: { email: "a@example.com" },
          type: "identify",
          timestamp: "2024-03-01T10:01:00Z",
          messageId: identifyId,
        },
      },
    ]);
  });

  it("derives the same ids on a second read", async () => {
    expect(await collectRows(await openImport(fixture("events.ndjson"), "events"))).toEqual(rows);
  });
});

describe("events: CSV with dotted columns", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kundenprofil-events-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("builds nested properties/traits/context and types numbers, booleans and JSON cells", async () => {
    const rows = await collectRows(await openImport(fixture("events.csv"), "events"));
    expect(rows.map((row) => (row.kind === "message" ? { ...row.message, messageId: "…" } : row))).toEqual([
      {
        type: "track",
        event: "Order Completed",
        userId: "u7",
        timestamp: "2024-03-02T09:30:00Z",
        properties: {
          order_id: "o-100",
          total: 59.9,
          currency: "EUR",
          gift: false,
          products: [{ product_id: "sku-1", price: 29.95, quantity: 2 }],
        },
        context: { location: { country: "DE" } },
        messageId: "…",
      },
      // A postcode with a leading zero stays text.
      {
        type: "identify",
        userId: "u7",
        timestamp: "2024-03-02T09:31:00Z",
        traits: { postal_code: "01067" },
        messageId: "…",
      },
      // No type but an event: a track.
      {
        type: "track",
        event: "Signed Up",
        anonymousId: "anon-9",
        timestamp: "2024-03-02T09:32:00Z",
        context: { location: { country: "AT" } },
        messageId: "…",
      },
    ]);
    expect(rows.map((row) => row.line)).toEqual([2, 3, 4]);
  });

  it("keeps a messageId column and rejects unknown or clashing columns", async () => {
    const ok = join(dir, "ids.csv");
    await writeFile(ok, "Type;Event;User ID;Message ID;properties.price\ntrack;Viewed;u1;abc;12,5\n");
    expect(await collectRows(await openImport(ok, "events"))).toEqual([
      {
        kind: "message",
        line: 2,
        message: {
          type: "track",
          event: "Viewed",
          userId: "u1",
          messageId: "abc",
          properties: { price: 12.5 },
        },
      },
    ]);
    const unknown = join(dir, "unknown.csv");
    await writeFile(unknown, "type,event,userId,colour\n");
    await expect(openImport(unknown, "events")).rejects.toMatchObject({ code: "unknown_columns" });
    const clash = join(dir, "clash.csv");
    await writeFile(clash, "type,properties.a,properties.a.b\n");
    await expect(openImport(clash, "events")).rejects.toMatchObject({ code: "invalid_header" });
    const proto = join(dir, "proto.csv");
    await writeFile(proto, "type,properties.__proto__.x\n");
    await expect(openImport(proto, "events")).rejects.toMatchObject({ code: "invalid_header" });
  });
});
