/**
 * Reads of what the jobs stored: runs, association rules, "customers also bought" per product,
 * complementary pairs for campaigns, placement suggestions. All aggregates over product ids.
 */
import { type Kysely, sql } from "kysely";
import {
  type AssociationRule,
  type ComplementaryPair,
  complementaryPairs,
  type PlacementSuggestion,
  placementSuggestions,
} from "../analytics/basket/index.js";
import type { Database } from "../storage/index.js";
import type { AnalyticsRun, Job } from "./analytics-runs.js";
import type { RuleLevel } from "./basket-job.js";
import { InsightsError } from "./insights-error.js";
import { interruptedColumn } from "./run-heartbeat.js";

export interface StoredRule {
  readonly antecedent: readonly string[];
  readonly consequent: string;
  readonly support: number;
  readonly confidence: number;
  readonly lift: number;
  readonly leverage: number;
  /** Null when infinite (confidence 1). */
  readonly conviction: number | null;
  readonly count: number;
}

export interface RuleQuery {
  readonly level: RuleLevel;
  readonly sort: "lift" | "confidence" | "support" | "leverage";
  readonly limit: number;
  readonly minLift?: number | undefined;
  readonly minConfidence?: number | undefined;
  /** Only rules whose antecedent contains this product (or category). */
  readonly item?: string | undefined;
}

type RuleRow = Omit<StoredRule, "antecedent"> & { antecedent: string[] };

const RULE_COLUMNS = sql`antecedent, consequent, support, confidence, lift, leverage, conviction, count`;

export async function listRuns(
  db: Kysely<Database>,
  workspaceId: string,
  options: { job?: Job | undefined; limit: number },
): Promise<AnalyticsRun[]> {
  let query = db
    .selectFrom("analytics_runs")
    .selectAll()
    .select(interruptedColumn.as("interrupted"))
    .where("workspace_id", "=", workspaceId);
  if (options.job !== undefined) query = query.where("job", "=", options.job);
  const rows = await query.orderBy("started_at", "desc").orderBy("job").limit(options.limit).execute();
  return rows.map(toRun);
}

export async function getRun(db: Kysely<Database>, workspaceId: string, id: string): Promise<AnalyticsRun> {
  const row = await db
    .selectFrom("analytics_runs")
    .selectAll()
    .select(interruptedColumn.as("interrupted"))
    .where("workspace_id", "=", workspaceId)
    .where(sql<boolean>`id::text = ${id}`)
    .executeTakeFirst();
  if (row === undefined) throw new InsightsError("run_not_found", `no analytics run ${id}`);
  return toRun(row);
}

function toRun(row: {
  id: string;
  job: string;
  status: string;
  actor: string;
  started_at: Date;
  finished_at: Date | null;
  summary: Record<string, unknown>;
  error: string | null;
  heartbeat_at: Date | null;
  interrupted: boolean;
}): AnalyticsRun {
  const run: AnalyticsRun = {
    id: row.id,
    job: row.job as Job,
    status: row.status as AnalyticsRun["status"],
    actor: row.actor,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
    summary: row.summary,
    error: row.error,
  };
  if (!row.interrupted) return run;
  const lastSign = new Date(row.heartbeat_at ?? row.started_at).toISOString();
  return {
    ...run,
    status: "failed",
    error: `interrupted: the process running it has given no sign of life since ${lastSign} (it stopped or restarted during the run)`,
  };
}

export async function listRules(
  db: Kysely<Database>,
  workspaceId: string,
  q: RuleQuery,
): Promise<StoredRule[]> {
  // The sort column comes from a closed list, never from the request text.
  const order = {
    lift: sql`lift`,
    confidence: sql`confidence`,
    support: sql`support`,
    leverage: sql`leverage`,
  }[q.sort];
  const { rows } = await sql<RuleRow>`
    select ${RULE_COLUMNS} from basket_rules
    where workspace_id = ${workspaceId} and level = ${q.level}
      and lift >= ${q.minLift ?? 0} and confidence >= ${q.minConfidence ?? 0}
      ${q.item === undefined ? sql`` : sql`and antecedent @> ${JSON.stringify([q.item])}::jsonb`}
    order by ${order} desc, count desc, consequent
    limit ${q.limit}`.execute(db);
  return rows;
}

/** "Customers who bought X also bought": the rules X ⇒ Y, by lift, then confidence. */
export async function alsoBoughtWith(
  db: Kysely<Database>,
  workspaceId: string,
  level: RuleLevel,
  item: string,
  limit: number,
): Promise<StoredRule[]> {
  const { rows } = await sql<RuleRow>`
    select ${RULE_COLUMNS} from basket_rules
    where workspace_id = ${workspaceId} and level = ${level} and lead_item = ${item} and antecedent_size = 1
    order by lift desc, confidence desc, count desc, consequent
    limit ${limit}`.execute(db);
  return rows;
}

/** The 1 ⇒ 1 rules of a level as the pure basket functions take them. */
async function pairRules(
  db: Kysely<Database>,
  workspaceId: string,
  level: RuleLevel,
): Promise<AssociationRule[]> {
  const { rows } = await sql<RuleRow>`
    select ${RULE_COLUMNS} from basket_rules
    where workspace_id = ${workspaceId} and level = ${level} and antecedent_size = 1`.execute(db);
  return rows.map((r) => ({
    antecedent: r.antecedent,
    consequent: [r.consequent],
    count: r.count,
    support: r.support,
    confidence: r.confidence,
    coverage: r.support / r.confidence,
    lift: r.lift,
    leverage: r.leverage,
    conviction: r.conviction ?? Number.POSITIVE_INFINITY,
  }));
}

export async function complementaryPairsOf(
  db: Kysely<Database>,
  workspaceId: string,
  level: RuleLevel,
  options: { minLift: number; limit: number },
): Promise<ComplementaryPair[]> {
  return complementaryPairs(await pairRules(db, workspaceId, level), options);
}

export async function placementOf(
  db: Kysely<Database>,
  workspaceId: string,
  level: RuleLevel,
  options: { minLift: number; minCount: number; limit: number },
): Promise<PlacementSuggestion[]> {
  return placementSuggestions(await pairRules(db, workspaceId, level), options);
}
