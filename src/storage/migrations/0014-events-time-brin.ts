/**
 * A block-range (BRIN) index on the event log's time. Events arrive roughly in time order, so the
 * log's pages are in time order too, and a window ("searched in the last 30 days") lies on a few
 * neighbouring stretches of the table. The index keeps the times of each stretch of 128 pages (a
 * few megabytes for ten million events), so a full segment evaluation reads the window's pages
 * instead of the whole log: from disk, that is what decides its time. A btree on time would cost
 * every insert more and led the planner into worse plans (BENCHMARKS.md, eleventh session). Where
 * the log is not in time order (a bulk import per customer) the planner sees the low correlation
 * in the statistics and does not use it.
 *
 * Each stretch keeps several ranges and single times (`minmax_multi`), not one earliest–latest
 * pair: small events also land in the space left at the end of older pages, and with one pair per
 * stretch each of them stretched its range to today, until a window read nearly every page (at
 * 1,000,000 customers, after 350,000 live events, 6.0 s warm against 3.2 s; BENCHMARKS.md).
 *
 * `autosummarize` lets autovacuum summarise each stretch once it fills; until then an
 * unsummarised stretch is always read, so answers never depend on it.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index events_ts on events using brin (ts timestamptz_minmax_multi_ops) with (autosummarize = on)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index events_ts`.execute(db);
}
