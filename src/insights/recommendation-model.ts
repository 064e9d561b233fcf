/**
 * The recommender as the service holds it in memory: neighbour lists and popularity from the
 * recommendations job, complementary rules from the basket job, up-sell from the catalogue.
 * Loaded once per workspace and again whenever a newer job run has finished.
 */
import { type Kysely, sql } from "kysely";
import {
  type AssociationRule,
  buildComplementIndex,
  buildUpsellIndex,
  type CatalogItem,
  createItemFilter,
  type ItemFilter,
  popularityFromCounts,
  type RecommenderModel,
  type StoredNeighbours,
  similarityFromLists,
} from "../analytics/recommend/index.js";
import type { Database } from "../storage/index.js";

const RULES_PER_ITEM = 100;

export interface LoadedModel {
  readonly model: RecommenderModel;
  readonly catalogue: ReadonlyMap<string, CatalogItem>;
  /** Sensitive products never; with a catalogue, only its products (the shop's own range). */
  readonly shopFilter: ItemFilter;
  /** When the newest run it reflects finished (null: no run yet, only the catalogue). */
  readonly builtAt: string | null;
}

/** The finish time of the newest basket or recommendations run, the model's version. */
export async function latestModelRun(db: Kysely<Database>, workspaceId: string): Promise<string | null> {
  const row = await db
    .selectFrom("analytics_runs")
    .select((eb) => eb.fn.max("finished_at").as("at"))
    .where("workspace_id", "=", workspaceId)
    .where("job", "in", ["basket", "recommendations"])
    .where("status", "=", "done")
    .executeTakeFirst();
  const at = row?.at as Date | string | null | undefined;
  return at == null ? null : new Date(at).toISOString();
}

export async function loadModel(
  db: Kysely<Database>,
  workspaceId: string,
  catalogue: readonly CatalogItem[],
  builtAt: string | null,
): Promise<LoadedModel> {
  const { rows: neighbourRows } = await sql<{
    item_id: string;
    neighbour_id: string;
    score: number;
    co_count: number;
  }>`
    select item_id, neighbour_id, score, co_count from item_neighbours
    where workspace_id = ${workspaceId} order by item_id, rank`.execute(db);
  const lists: StoredNeighbours[] = [];
  for (const row of neighbourRows) {
    const last = lists.at(-1);
    const neighbour = { itemId: row.neighbour_id, score: row.score, coCount: row.co_count };
    if (last?.itemId === row.item_id) (last.neighbours as (typeof neighbour)[]).push(neighbour);
    else lists.push({ itemId: row.item_id, neighbours: [neighbour] });
  }
  const popularity = await db
    .selectFrom("item_popularity")
    .select(["item_id", "buyers", "repeat_purchase"])
    .where("workspace_id", "=", workspaceId)
    .execute();
  const buyers = new Map(popularity.map((p) => [p.item_id, p.buyers] as const));
  // Scoring walks the rules of each owned item: the strongest 100 per first item are all a top-N
  // list can use, and bestsellers lead thousands of rules that would make a request slow.
  const { rows: ruleRows } = await sql<{
    antecedent: string[];
    consequent: string;
    confidence: number;
    lift: number;
  }>`
    select antecedent, consequent, confidence, lift from (
      select antecedent, consequent, confidence, lift,
             row_number() over (partition by lead_item order by confidence desc, lift desc, consequent) as rank
      from basket_rules where workspace_id = ${workspaceId} and level = 'product' and lift > 1) ranked
    where rank <= ${RULES_PER_ITEM}`.execute(db);
  const rules: AssociationRule[] = ruleRows.map((r) => ({
    antecedent: r.antecedent,
    consequent: r.consequent,
    confidence: r.confidence,
    lift: r.lift,
  }));
  const model: RecommenderModel = {
    similarity: similarityFromLists(lists, buyers, "ease"),
    popularity: popularityFromCounts(buyers, catalogue),
    complements: buildComplementIndex(rules),
    ...(catalogue.length > 0 ? { upsell: buildUpsellIndex(catalogue) } : {}),
    replenishable: new Set([
      ...catalogue.filter((item) => item.replenishable === true).map((item) => item.id),
      ...popularity.filter((p) => p.repeat_purchase).map((p) => p.item_id),
    ]),
  };
  return {
    model,
    catalogue: new Map(catalogue.map((item) => [item.id, item] as const)),
    shopFilter: createItemFilter({ catalogue, catalogueOnly: catalogue.length > 0 }),
    builtAt,
  };
}
