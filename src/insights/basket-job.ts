/**
 * The basket job: association rules over the stored orders, once per product and once per leaf
 * category (the catalogue's category path where the product is in it), replacing the previous
 * run's rules. Baskets are orders (one transaction per order).
 */
import type { Kysely } from "kysely";
import { type AssociationRule, mineAssociationRules } from "../analytics/basket/index.js";
import type { Database } from "../storage/index.js";
import type { StoredOrder } from "./stored-orders.js";

export type RuleLevel = "product" | "category";

export interface BasketJobOptions {
  /** Minimum relative support; default 0.001, raised so an itemset needs at least `minCount` orders. */
  readonly support?: number | undefined;
  readonly minCount?: number | undefined;
  /** Default 0.1: a shop wants weak-but-lifted pairs for its "also bought" lists. */
  readonly confidence?: number | undefined;
  /** Longest rule (|X| + |Y|); default 3. */
  readonly maxLength?: number | undefined;
}

export interface BasketJobSummary {
  readonly orders: number;
  readonly support: number;
  readonly confidence: number;
  readonly rules: Readonly<Record<RuleLevel, number>>;
  readonly itemsets: Readonly<Record<RuleLevel, number>>;
}

/** The category path an item is filed under: the catalogue's, else the order line's. */
export type CategoryPathOf = (itemId: string, linePath: readonly string[]) => readonly string[];

export async function runBasketJob(
  db: Kysely<Database>,
  workspaceId: string,
  orders: readonly StoredOrder[],
  pathOf: CategoryPathOf,
  options: BasketJobOptions = {},
): Promise<BasketJobSummary> {
  const products = orders.map((o) => [...new Set(o.lines.map((l) => l.itemId))]);
  const categories = orders.map((o) => [
    ...new Set(
      o.lines.flatMap((l) => {
        const path = pathOf(l.itemId, l.categoryPath);
        return path.length === 0 ? [] : [path.join(" > ")];
      }),
    ),
  ]);
  const minCount = options.minCount ?? 2;
  const support = Math.min(1, Math.max(options.support ?? 0.001, minCount / Math.max(1, orders.length)));
  const confidence = options.confidence ?? 0.1;
  const mine = (transactions: string[][]) => {
    const kept = transactions.filter((t) => t.length > 0);
    if (kept.length === 0) return { rules: [] as AssociationRule[], itemsets: 0 };
    const result = mineAssociationRules(kept, {
      support,
      confidence,
      minLength: 2,
      maxLength: options.maxLength ?? 3,
    });
    if (!result.ok) throw new Error(result.issues.map((i) => i.message).join("; "));
    return { rules: result.value.rules, itemsets: result.value.itemsets.size };
  };
  const product = mine(products);
  const category = mine(categories);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("basket_rules").where("workspace_id", "=", workspaceId).execute();
    await insertRules(trx, workspaceId, "product", product.rules);
    await insertRules(trx, workspaceId, "category", category.rules);
  });
  return {
    orders: orders.length,
    support,
    confidence,
    rules: { product: product.rules.length, category: category.rules.length },
    itemsets: { product: product.itemsets, category: category.itemsets },
  };
}

async function insertRules(
  db: Kysely<Database>,
  workspaceId: string,
  level: RuleLevel,
  rules: readonly AssociationRule[],
): Promise<void> {
  for (let at = 0; at < rules.length; at += 2_000) {
    const rows = rules.slice(at, at + 2_000).map((rule) => ({
      workspace_id: workspaceId,
      level,
      antecedent: JSON.stringify(rule.antecedent),
      consequent: rule.consequent[0]!,
      lead_item: rule.antecedent[0]!,
      antecedent_size: rule.antecedent.length,
      support: rule.support,
      confidence: rule.confidence,
      lift: rule.lift,
      leverage: rule.leverage,
      conviction: Number.isFinite(rule.conviction) ? rule.conviction : null,
      count: rule.count,
    }));
    await db.insertInto("basket_rules").values(rows).execute();
  }
}
