/**
 * Full evaluations that read the event log itself (conditions on an event's properties; the others
 * read its digests, migration 0015) read a window of it through its time index (migration 0014): a
 * block-range index, which serves a log stored in time order, as a live one is, and reads every
 * stretch of the log it has not summarised yet.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSegment, segmentFromText } from "../../src/segments/index.js";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

const WORKSPACE = "default";
const END = Date.parse("2026-06-30T23:59:59.999Z");
/** A filter on the event's properties, which only the log holds. */
const SEARCHED_JACKETS = 'Products Searched where query = "winter jacket"';

describe.each(BACKENDS)("the event log's time index on $name", (backend) => {
  let h: Harness;
  const db = () => h.core.database.db;

  /**
   * `count` events in time order, one every half hour up to `END`, filed under 5,000 identifiers;
   * every `lateEvery`-th is stamped 150 days after `END` instead: events of today stored among
   * older ones, as short events fill the room that vacuum found left in older pages.
   */
  async function appendLog(count: number, prefix: string, lateEvery = 0) {
    const end = new Date(END).toISOString();
    await sql`insert into events (workspace_id, source_id, message_id, type, event, identity_key, ts, received_at)
      select ${WORKSPACE}, 'test', ${prefix} || n, 'track',
             case when n % 4 = 0 then 'Products Searched' else 'Order Completed' end, 'file:' || (n % 5000),
             case when ${lateEvery} > 0 and n % ${lateEvery} = 0 then ${end}::timestamptz + interval '150 days'
                  else ${end}::timestamptz - (${count} - n) * interval '30 minutes' end,
             now()
      from generate_series(1, ${count}) n`.execute(db());
  }

  /** The plan of a full evaluation of `text` (`analyze`: run, with the pages it read). */
  async function planOf(text: string, analyze = false) {
    const condition = compileSegment(segmentFromText(text), {
      workspaceId: WORKSPACE,
      now: END,
      form: "set",
    });
    const options = sql.raw(analyze ? "(analyze, costs off, timing off)" : "");
    const { rows } = await sql<{ "QUERY PLAN": string }>`explain ${options}
      select count(*) from profiles p where p.workspace_id = ${WORKSPACE} and ${condition}`.execute(db());
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  }

  /** The pages of `events` a full evaluation of `text` reads, and the table's page count. */
  async function pagesRead(text: string) {
    const plan = await planOf(text, true);
    const read = [...plan.matchAll(/(?:exact|lossy)=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    const size = await sql<{ pages: string }>`select pg_relation_size('events') / 8192 as pages`.execute(
      db(),
    );
    return { plan, read, pages: Number(size.rows[0]!.pages) };
  }

  beforeAll(async () => {
    h = await startHarness(backend);
    // 5,000 persons with one identifier each, so the planner weighs the log against them.
    const person = sql`('00000000-0000-4000-8000-' || lpad(k::text, 12, '0'))::uuid`;
    await sql`insert into profiles (workspace_id, id, created_at, updated_at, first_seen, last_seen, traits, computed)
      select ${WORKSPACE}, ${person}, now(), now(), now(), now(), '{}', '{}' from generate_series(0, 4999) k`.execute(
      db(),
    );
    await sql`insert into identities (workspace_id, key, kind, value, person_id, first_seen, source_id)
      select ${WORKSPACE}, 'file:' || k, 'test_filing', k::text, ${person}, now(), 'test'
      from generate_series(0, 4999) k`.execute(db());
  });
  afterAll(async () => h?.close());

  it("reads a window of a log in time order through the index, not the whole log", async () => {
    // Two years, one event every half hour: a 30-day window is a twentieth of the pages. The
    // compiled conditions must keep `ts` bare for the index to serve them.
    await appendLog(35_000, "two-years-");
    for (const table of ["events", "profiles", "identities"])
      await sql`analyze ${sql.table(table)}`.execute(db());
    for (const text of [
      `sequence(${SEARCHED_JACKETS}, last 30d, then not Order Completed, within 7d)`,
      `count(${SEARCHED_JACKETS}, last 30d) >= 2`,
    ]) {
      const plan = await planOf(text);
      expect(plan, text).toMatch(/Bitmap Index Scan on events_ts/);
      expect(plan, text).not.toMatch(/Seq Scan on events/);
    }
  });

  it("keeps reading only the window when every stretch also holds a few events of today", async () => {
    // With one earliest–latest pair per stretch, each such event would stretch its range over
    // every window, and the window would be read from the whole log.
    await appendLog(35_000, "with-today-", 40);
    await sql`select brin_summarize_new_values('events_ts'::regclass)`.execute(db());
    await sql`analyze events`.execute(db());
    const { plan, read, pages } = await pagesRead(`count(${SEARCHED_JACKETS}, last 30d) >= 2`);
    expect(plan).toMatch(/Bitmap Index Scan on events_ts/);
    expect(read).toBeGreaterThan(0);
    expect(read, plan).toBeLessThan(pages / 5);
  });

  it("summarises the stretches added since the last full evaluation before the next one", async () => {
    // Without autovacuum (PGlite, or a server with it off) new stretches stay unsummarised and
    // every window would read them all.
    await appendLog(20_000, "recent-");
    await h.core.segments.recompute(WORKSPACE);
    const { rows } = await sql<{
      left: number;
    }>`select brin_summarize_new_values('events_ts'::regclass) as left`.execute(db());
    expect(Number(rows[0]!.left)).toBe(0);
  });
});
