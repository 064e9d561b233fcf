/**
 * What the analytics jobs leave behind: a record of each run, the association rules of the last
 * basket run (product and category level), and the item neighbours and popularity the
 * recommendation service scores from. Per-person results (CLV, churn risk, purchase timing) live
 * in `profiles.computed.predicted`, so lists and segments filter on them like on any computed trait
 * and erasing a profile erases them too. Results hold product ids and aggregates, no person.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table analytics_runs (
      workspace_id text not null,
      id uuid not null,
      job text not null,
      status text not null,
      actor text not null,
      started_at timestamptz not null,
      finished_at timestamptz,
      summary jsonb not null default '{}',
      error text,
      primary key (workspace_id, id)
    );
    create index analytics_runs_latest on analytics_runs (workspace_id, job, started_at desc);

    create table basket_rules (
      workspace_id text not null,
      level text not null,
      antecedent jsonb not null,
      consequent text not null,
      -- The antecedent's first item, for "customers who bought X also bought" lookups.
      lead_item text not null,
      antecedent_size integer not null,
      support double precision not null,
      confidence double precision not null,
      lift double precision not null,
      leverage double precision not null,
      -- Null where confidence is 1 (conviction is infinite).
      conviction double precision,
      count integer not null
    );
    create index basket_rules_lead on basket_rules (workspace_id, level, lead_item);
    create index basket_rules_lift on basket_rules (workspace_id, level, lift desc);

    create table item_neighbours (
      workspace_id text not null,
      item_id text not null,
      rank integer not null,
      neighbour_id text not null,
      score double precision not null,
      co_count integer not null,
      primary key (workspace_id, item_id, rank)
    );

    create table item_popularity (
      workspace_id text not null,
      item_id text not null,
      buyers integer not null,
      -- Bought on two or more days by enough of its buyers: may be offered again ("buy again").
      repeat_purchase boolean not null,
      primary key (workspace_id, item_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table item_popularity, item_neighbours, basket_rules, analytics_runs`.execute(db);
}
