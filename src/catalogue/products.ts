/** The product catalogue: upserted from imports or the API, read by up-sell and category analysis. */
import { type Kysely, sql } from "kysely";
import type { Product } from "../protocol/index.js";
import type { Database } from "../storage/index.js";

export interface ProductFilter {
  /** Category path prefix, e.g. ["Bekleidung", "Jacken"]. */
  category?: string[] | undefined;
  brand?: string | undefined;
  tag?: string | undefined;
  /** Case-insensitive substring of the name. */
  q?: string | undefined;
  /** Keyset cursor: ids after this one. */
  after?: string | undefined;
  limit?: number | undefined;
}

/** Inserts or replaces products by id; returns how many rows were written. */
export async function upsertProducts(
  db: Kysely<Database>,
  workspaceId: string,
  products: readonly Product[],
): Promise<number> {
  if (products.length === 0) return 0;
  const latest = new Map(products.map((p) => [p.id, p])); // last one wins inside one call
  const values = [...latest.values()].map((p) => ({
    workspace_id: workspaceId,
    id: p.id,
    name: p.name,
    category_path: JSON.stringify(p.categoryPath),
    price: p.price ?? null,
    currency: p.currency,
    brand: p.brand ?? null,
    tags: JSON.stringify(p.tags),
    updated_at: new Date(),
  }));
  await db
    .insertInto("products")
    .values(values)
    .onConflict((oc) =>
      oc.columns(["workspace_id", "id"]).doUpdateSet((eb) => ({
        name: eb.ref("excluded.name"),
        category_path: eb.ref("excluded.category_path"),
        price: eb.ref("excluded.price"),
        currency: eb.ref("excluded.currency"),
        brand: eb.ref("excluded.brand"),
        tags: eb.ref("excluded.tags"),
        updated_at: eb.ref("excluded.updated_at"),
      })),
    )
    .execute();
  return values.length;
}

export async function getProduct(
  db: Kysely<Database>,
  workspaceId: string,
  id: string,
): Promise<Product | undefined> {
  const row = await db
    .selectFrom("products")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toProduct(row) : undefined;
}

export async function listProducts(
  db: Kysely<Database>,
  workspaceId: string,
  filter: ProductFilter = {},
): Promise<Product[]> {
  let query = db.selectFrom("products").selectAll().where("workspace_id", "=", workspaceId);
  if (filter.category?.length) {
    filter.category.forEach((name, depth) => {
      query = query.where(sql<boolean>`category_path ->> ${sql.lit(depth)} = ${name}`);
    });
  }
  if (filter.brand) query = query.where("brand", "=", filter.brand);
  if (filter.tag) query = query.where(sql<boolean>`tags @> ${JSON.stringify([filter.tag])}::jsonb`);
  if (filter.q) query = query.where("name", "ilike", `%${filter.q.replace(/[\\%_]/g, "\\$&")}%`);
  if (filter.after) query = query.where("id", ">", filter.after);
  const rows = await query
    .orderBy("id")
    .limit(Math.min(filter.limit ?? 100, 1000))
    .execute();
  return rows.map(toProduct);
}

function toProduct(row: {
  id: string;
  name: string;
  category_path: string[];
  price: string | null;
  currency: string;
  brand: string | null;
  tags: string[];
}): Product {
  return {
    id: row.id,
    name: row.name,
    categoryPath: row.category_path,
    price: row.price === null ? null : Number(row.price),
    currency: row.currency,
    brand: row.brand,
    tags: row.tags,
  };
}
