/**
 * `--type products`: catalogue rows (CSV or flat NDJSON) → `product` rows checked with
 * `productSchema`. The category is a path: `Clothing > Jackets > Winter` or `Clothing/Jackets`
 * (or, in NDJSON, an array); tags are separated by `|` or `;`; prices accept a decimal comma in
 * `;`-separated files.
 */
import { productSchema } from "../protocol/index.js";
import type { FieldSpec } from "./columns.js";
import { parseNumber } from "./parse-values.js";
import { TabularRow, type TabularSource } from "./tabular-rows.js";
import type { ImportRow } from "./types.js";

export type ProductField = "id" | "name" | "category" | "price" | "currency" | "brand" | "tags";

export const PRODUCT_FIELDS: FieldSpec<ProductField> = {
  id: ["id", "productid", "sku", "stockcode", "itemid", "artikelnummer"],
  name: ["name", "productname", "title", "artikelname", "bezeichnung", "description"],
  category: ["category", "categorypath", "categories", "kategorie", "warengruppe"],
  price: ["price", "unitprice", "preis"],
  currency: ["currency", "währung"],
  brand: ["brand", "marke", "hersteller", "manufacturer"],
  tags: ["tags", "tag", "keywords", "schlagwörter"],
};

export const REQUIRED_PRODUCT_FIELDS: readonly ProductField[] = ["id", "name"];

/** Reads products; every row is checked with `productSchema.safeParse`. */
export async function* readProducts(source: TabularSource<ProductField>): AsyncGenerator<ImportRow> {
  for await (const batch of source.batches) {
    yield* batch.map((row) => (row instanceof TabularRow ? productRow(row, source.decimalComma) : row));
  }
}

function productRow(row: TabularRow<ProductField>, decimalComma: boolean): ImportRow {
  const priceText = row.text("price");
  const price = priceText === undefined ? undefined : parseNumber(priceText, decimalComma);
  if (priceText !== undefined && price === undefined) {
    return {
      kind: "error",
      line: row.line,
      code: "invalid_price",
      error: `price ${JSON.stringify(priceText)} is not a number`,
    };
  }
  const parsed = productSchema.safeParse(productInput(row, price));
  if (parsed.success) return { kind: "product", line: row.line, product: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "";
  return {
    kind: "error",
    line: row.line,
    code: "invalid_product",
    error: `${where}${issue?.message ?? "invalid"}`,
  };
}

function productInput(row: TabularRow<ProductField>, price: number | undefined): Record<string, unknown> {
  const brand = row.text("brand");
  const currency = row.text("currency")?.toUpperCase();
  return {
    id: row.text("id"),
    name: row.text("name"),
    categoryPath: categoryPath(row.value("category")),
    ...(price === undefined ? {} : { price }),
    ...(currency === undefined ? {} : { currency }),
    ...(brand === undefined ? {} : { brand }),
    tags: list(row.value("tags"), /[|;]/),
  };
}

/** "Clothing > Jackets > Winter", "Clothing/Jackets" or an array → path segments. */
function categoryPath(value: unknown): string[] {
  if (typeof value !== "string") return list(value, />/);
  return list(value, value.includes(">") ? />/ : /\//);
}

function list(value: unknown, separator: RegExp): string[] {
  const parts = Array.isArray(value)
    ? value.map(String)
    : typeof value === "string"
      ? value.split(separator)
      : [];
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}
