/**
 * The catalogue as the recommenders see it: the shop's products (its own range) with what the
 * privacy rules say about each — sensitive when a tag or a word of its category path names an
 * Art. 9 range or a sensitive life situation (health, baby, alcohol, ...; see privacy/sensitivity.ts)
 * — and replenishable when tagged so (tabs and coffee may be offered again, a dishwasher may not).
 */
import { type Kysely, sql } from "kysely";
import type { CatalogItem } from "../analytics/recommend/index.js";
import { categoryTags, SENSITIVE_TAGS, type SensitivityPolicy } from "../privacy/index.js";
import type { Database } from "../storage/index.js";

const SENSITIVE = new Set<string>(SENSITIVE_TAGS);

/** Tags that mark a product as sensitive: `health`, `sensitive:health`, `sensitive:baby`, ... */
export function isSensitiveProduct(
  product: { readonly categoryPath: readonly string[]; readonly tags: readonly string[] },
  policy: SensitivityPolicy,
): boolean {
  if (product.tags.some((tag) => tag.startsWith("sensitive:") || SENSITIVE.has(tag))) return true;
  return product.categoryPath.some((segment) => categoryTags(segment, policy).length > 0);
}

export async function loadCatalogue(
  db: Kysely<Database>,
  workspaceId: string,
  policy: SensitivityPolicy,
): Promise<CatalogItem[]> {
  const { rows } = await sql<{
    id: string;
    name: string;
    category_path: string[];
    price: string | null;
    brand: string | null;
    tags: string[];
  }>`select id, name, category_path, price, brand, tags from products where workspace_id = ${workspaceId}`.execute(
    db,
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    categoryPath: row.category_path,
    price: row.price === null ? 0 : Number(row.price),
    ...(row.brand === null ? {} : { brand: row.brand }),
    tags: row.tags,
    replenishable: row.tags.includes("replenishable"),
    sensitive: isSensitiveProduct({ categoryPath: row.category_path, tags: row.tags }, policy),
  }));
}
