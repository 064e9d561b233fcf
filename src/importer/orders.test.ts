/** Orders import: the UCI Online Retail slice and the generic layout. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMessage } from "../protocol/index.js";
import { collectRows } from "./collect-rows.js";
import { ImportError, type ImportRow, openImport } from "./index.js";

const fixture = (name: string) => join(import.meta.dirname, "../../test/fixtures/import", name);
const UCI_SLICE = fixture("online-retail-slice.csv.gz");
const UK = { location: { country: "United Kingdom" } };

const messages = (rows: ImportRow[]) => rows.flatMap((row) => (row.kind === "message" ? [row.message] : []));
const byOrder = (rows: ImportRow[], id: string) =>
  rows.find(
    (row) => row.kind === "message" && (row.message.properties as { order_id: string }).order_id === id,
  );

describe("orders: UCI Online Retail slice", () => {
  let rows: ImportRow[];
  beforeAll(async () => {
    rows = await collectRows(await openImport(UCI_SLICE, "orders"));
  });

  it("groups the invoice lines into one Order Completed per invoice", () => {
    expect(rows[0]).toEqual({
      kind: "message",
      line: 2,
      message: {
        type: "track",
        event: "Order Completed",
        messageId: "import-order-536365",
        userId: "17850",
        timestamp: "2010-12-01T08:26:00.000Z",
        properties: {
          order_id: "536365",
          products: [
            { product_id: "85123A", name: "WHITE HANGING HEART T-LIGHT HOLDER", price: 2.55, quantity: 6 },
            { product_id: "71053", name: "WHITE METAL LANTERN", price: 3.39, quantity: 6 },
            { product_id: "84406B", name: "CREAM CUPID HEARTS COAT HANGER", price: 2.75, quantity: 8 },
            { product_id: "84029G", name: "KNITTED UNION FLAG HOT WATER BOTTLE", price: 3.39, quantity: 6 },
            { product_id: "84029E", name: "RED WOOLLY HOTTIE WHITE HEART.", price: 3.39, quantity: 6 },
            { product_id: "22752", name: "SET 7 BABUSHKA NESTING BOXES", price: 7.65, quantity: 2 },
            { product_id: "21730", name: "GLASS STAR FROSTED T-LIGHT HOLDER", price: 4.25, quantity: 6 },
          ],
          currency: "GBP",
          total: 139.12,
        },
        context: UK,
      },
    });
  });

  it("turns C invoices into Order Cancelled with positive quantities", () => {
    expect(byOrder(rows, "C536379")).toEqual({
      kind: "message",
      line: 143,
      message: {
        type: "track",
        event: "Order Cancelled",
        messageId: "import-order-C536379",
        userId: "14527",
        timestamp: "2010-12-01T09:41:00.000Z",
        properties: {
          order_id: "C536379",
          products: [{ product_id: "D", name: "Discount", price: 27.5, quantity: 1 }],
          currency: "GBP",
          total: 27.5,
          reason: "cancellation",
        },
        context: UK,
      },
    });
  });

  it("gives guest orders (no CustomerID) the anonymousId guest-<InvoiceNo>", () => {
    expect(byOrder(rows, "536555")).toEqual({
      kind: "message",
      line: 200,
      message: {
        type: "track",
        event: "Order Completed",
        messageId: "import-order-536555",
        anonymousId: "guest-536555",
        timestamp: "2010-12-01T14:37:00.000Z",
        properties: {
          order_id: "536555",
          products: [
            { product_id: "20697", name: "LITTLE GREEN MONSTER SOFT TOY", price: 2.55, quantity: 1 },
            { product_id: "22716", name: "CARD CIRCUS PARADE", price: 0.42, quantity: 1 },
          ],
          currency: "GBP",
          total: 2.97,
        },
        context: UK,
      },
    });
    // No Description in the file: the line item has no name.
    expect(byOrder(rows, "536414")?.kind === "message" && byOrder(rows, "536414")).toMatchObject({
      message: {
        anonymousId: "guest-536414",
        properties: { products: [{ product_id: "22139", price: 0, quantity: 56 }] },
      },
    });
  });

  it("keeps invoice 542806 whole although cancellation C542805 interrupts it", () => {
    const order = byOrder(rows, "542806");
    expect(order?.line).toBe(209);
    const properties = (order?.kind === "message" ? order.message.properties : {}) as {
      products: unknown[];
      total: number;
    };
    expect(properties.products).toHaveLength(39);
    expect(properties.total).toBe(846.69);
    expect(byOrder(rows, "C542805")?.line).toBe(213);
  });

  it("reports negative quantities outside C invoices and A (bad-debt) invoices as error rows", () => {
    expect(rows.filter((row) => row.kind === "error")).toEqual([
      {
        kind: "error",
        line: 202,
        code: "quantity_not_positive",
        error: "order 536589: quantity -10 is not positive",
      },
      {
        kind: "error",
        line: 250,
        code: "adjustment_invoice",
        error: "invoice A563185 is a bad-debt adjustment (price 11062.06), not an order",
      },
      {
        kind: "error",
        line: 251,
        code: "adjustment_invoice",
        error: "invoice A563186 is a bad-debt adjustment (price -11062.06), not an order",
      },
      {
        kind: "error",
        line: 252,
        code: "adjustment_invoice",
        error: "invoice A563187 is a bad-debt adjustment (price -11062.06), not an order",
      },
    ]);
  });

  it("emits 25 orders and 4 cancellations, all valid for parseMessage", () => {
    const events = messages(rows).map((message) => message.event);
    expect(events.filter((event) => event === "Order Completed")).toHaveLength(25);
    expect(events.filter((event) => event === "Order Cancelled")).toHaveLength(4);
    for (const message of messages(rows)) expect(parseMessage(message)).toMatchObject({ ok: true });
  });

  it("is deterministic: a second read gives identical rows", async () => {
    const again = await collectRows(await openImport(UCI_SLICE, "orders"));
    expect(JSON.stringify(again)).toBe(JSON.stringify(rows));
  });
});

describe("orders: generic layout", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kundenprofil-orders-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it("reads a German ';' export with decimal commas, e-mail customers and order-level columns", async () => {
    const path = await write(
      "kasse.csv",
      [
        "Order ID;E-Mail;Product ID;Product Name;Category;Price;Quantity;Date;Store ID;Channel;Currency;Loyalty Card ID",
        "B-1;Kim@Example.org;p1;Jacke;Bekleidung > Jacken;129,99;1;24.12.2023 10:15;berlin-1;Store;eur;LC-77",
        "B-1;Kim@Example.org;p2;Mütze;;1.299,50;2;24.12.2023 10:15;berlin-1;Store;eur;LC-77",
        "B-2;;p3;Schal;;abc;1;24.12.2023 11:00;berlin-1;fax;EUR;",
      ].join("\n"),
    );
    const rows = await collectRows(await openImport(path, "orders"));
    expect(rows).toEqual([
      { kind: "error", line: 4, code: "invalid_price", error: 'order B-2: price "abc" is not a number' },
      {
        kind: "message",
        line: 2,
        message: {
          type: "track",
          event: "Order Completed",
          messageId: "import-order-B-1",
          anonymousId: "contact-1b8d24966640ed8bce3bc387",
          timestamp: "2023-12-24T10:15:00.000Z",
          properties: {
            order_id: "B-1",
            products: [
              {
                product_id: "p1",
                name: "Jacke",
                category: "Bekleidung > Jacken",
                price: 129.99,
                quantity: 1,
              },
              { product_id: "p2", name: "Mütze", price: 1299.5, quantity: 2 },
            ],
            currency: "EUR",
            total: 2728.99,
            store_id: "berlin-1",
            channel: "store",
            loyalty_card_id: "LC-77",
          },
          context: {
            traits: { email: "kim@example.org" },
            externalIds: [
              { id: "kim@example.org", type: "email", collection: "users", encoding: "none" },
              { id: "LC-77", type: "loyalty_card_id", collection: "users", encoding: "none" },
            ],
          },
        },
      },
    ]);
  });

  it("reports an order id that reappears after its order was emitted", async () => {
    const lines = ["order_id,customer_id,product_id,price,quantity,timestamp"];
    for (let i = 1; i <= 10; i++) lines.push(`o${i},c${i},p,1.00,1,2024-01-01T00:00:00Z`);
    lines.push("o1,c1,p2,2.00,1,2024-01-01T00:00:00Z");
    const rows = await collectRows(await openImport(await write("split.csv", lines.join("\n")), "orders"));
    expect(rows.filter((row) => row.kind === "message")).toHaveLength(10);
    expect(rows.filter((row) => row.kind === "error")).toEqual([
      {
        kind: "error",
        line: 12,
        code: "split_order",
        error: "order id o1 split across the file (its order, from line 2, was already emitted)",
      },
    ]);
  });

  it("accepts an explicit column mapping", async () => {
    const path = await write("mapped.csv", "Beleg,Kunde,Artikel,VK,Stk\nX1,k9,a1,5,2\n");
    const columns = {
      order_id: "Beleg",
      customer_id: "Kunde",
      product_id: "Artikel",
      price: "VK",
      quantity: "Stk",
    };
    const rows = await collectRows(await openImport(path, "orders", { columns, currency: "CHF" }));
    expect(rows).toEqual([
      {
        kind: "message",
        line: 2,
        message: {
          type: "track",
          event: "Order Completed",
          messageId: "import-order-X1",
          userId: "k9",
          properties: {
            order_id: "X1",
            products: [{ product_id: "a1", price: 5, quantity: 2 }],
            currency: "CHF",
            total: 10,
          },
        },
      },
    ]);
  });

  it("rejects a file without the required columns before reading rows", async () => {
    const path = await write("bad.csv", "id,name\n1,x\n");
    await expect(openImport(path, "orders")).rejects.toMatchObject({
      code: "missing_columns",
      message: expect.stringContaining("order_id, product_id, price, quantity"),
    });
    await expect(openImport(path, "orders", { columns: { sku: "x" } })).rejects.toBeInstanceOf(ImportError);
  });
});
