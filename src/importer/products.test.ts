/** Products import: catalogue CSV and NDJSON checked with productSchema. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectRows } from "./collect-rows.js";
import { openImport } from "./index.js";

const fixture = (name: string) => join(import.meta.dirname, "../../test/fixtures/import", name);

describe("products", () => {
  it("reads a ';' CSV with category paths, decimal commas, tags and validation errors", async () => {
    const rows = await collectRows(await openImport(fixture("products.csv"), "products"));
    expect(rows).toEqual([
      {
        kind: "product",
        line: 2,
        product: {
          id: "4711",
          name: 'Winterjacke "Nordwind"',
          categoryPath: ["Bekleidung", "Jacken", "Winterjacken"],
          price: 129.99,
          currency: "EUR",
          brand: "Alpin",
          tags: ["warm", "wasserdicht"],
        },
      },
      {
        kind: "product",
        line: 3,
        product: {
          id: "4712",
          name: "Regenschirm",
          categoryPath: ["Accessoires", "Schirme"],
          price: 1299,
          currency: "EUR",
          tags: [],
        },
      },
      {
        kind: "error",
        line: 4,
        code: "invalid_product",
        error: "name: Invalid input: expected string, received undefined",
      },
      { kind: "error", line: 5, code: "invalid_price", error: 'price "neun Euro" is not a number' },
      {
        kind: "product",
        line: 6,
        product: {
          id: "4715",
          name: "Handschuhe",
          categoryPath: [],
          currency: "CHF",
          brand: "Alpin",
          tags: ["warm", "leder"],
        },
      },
    ]);
  });

  it("reads NDJSON with numbers and arrays", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kundenprofil-products-"));
    try {
      const path = join(dir, "catalogue.jsonl");
      const lines = [
        JSON.stringify({ sku: 17, title: "Tee", categories: ["Food", "Tea"], price: 3.5, tags: ["bio"] }),
        "",
        JSON.stringify({ sku: "18", name: "Kaffee", price: -1 }),
        JSON.stringify({ name: "no id" }),
      ];
      await writeFile(path, lines.join("\n"));
      expect(await collectRows(await openImport(path, "products"))).toEqual([
        {
          kind: "product",
          line: 1,
          product: {
            id: "17",
            name: "Tee",
            categoryPath: ["Food", "Tea"],
            price: 3.5,
            currency: "EUR",
            tags: ["bio"],
          },
        },
        { kind: "error", line: 3, code: "invalid_product", error: expect.stringMatching(/^price: /) },
        { kind: "error", line: 4, code: "missing_field", error: "missing field(s): id" },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
