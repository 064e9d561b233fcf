/**
 * A projection's statements are key lookups, and `lockProfiles` has them planned as such for the
 * rest of its transaction: with PostgreSQL's default cost of a random page read, a commit's
 * identity slice of 2,000 keys over 200,000 identifiers is answered by sequential scans (and, on the
 * server, parallel workers that take the core the ingest needs).
 */
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, openTestDatabase } from "../../test/support/backends.js";
import { loadSlice } from "../identity/index.js";
import type { Database } from "../storage/index.js";
import { lockProfiles } from "./projector.js";

const IDENTIFIERS = 200_000;
const SLICE_KEYS = Array.from({ length: 2_000 }, (_, i) => `user:${(i * 97) % IDENTIFIERS}`);

describe.each(BACKENDS)("a projection's planning, on $name", (backend) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    // Four identifiers per person, as a shop's customers have (user id, e-mail, card, device).
    await sql`insert into identities (workspace_id, key, kind, value, person_id, first_seen, source_id)
              select 'w', 'user:' || g, 'user', g::text, md5((g / 4)::text)::uuid, now(), 'web'
              from generate_series(0, ${IDENTIFIERS - 1}) g`.execute(database.db);
    await sql`analyze identities`.execute(database.db);
  }, 120_000);
  afterAll(async () => {
    await database?.remove();
  });

  /** Loads the slice in a transaction; returns its persons and how the identity table was read. */
  async function slice(locked: boolean) {
    return database.db.transaction().execute(async (trx) => {
      if (locked) await lockProfiles(trx, "w");
      // The connection's counts not yet reported (they include earlier transactions'): the
      // difference is this slice's.
      const scans = async () => {
        const { rows } = await sql<{ seq_scan: string; idx_scan: string }>`
          select seq_scan, idx_scan from pg_stat_xact_user_tables where relname = 'identities'`.execute(trx);
        return { seq: Number(rows[0]!.seq_scan), index: Number(rows[0]!.idx_scan) };
      };
      const before = await scans();
      const { persons } = await loadSlice(trx, "w", SLICE_KEYS);
      const after = await scans();
      return { persons, seqScans: after.seq - before.seq, indexScans: after.index - before.index };
    });
  }

  it("reads a commit's identity slice through the indexes once the projection lock is taken", async () => {
    const planned = await slice(false);
    expect(planned.seqScans).toBeGreaterThan(0);
    const locked = await slice(true);
    expect(locked.seqScans).toBe(0);
    expect(locked.indexScans).toBeGreaterThan(0);
    expect(locked.persons).toEqual(planned.persons);
    expect(locked.persons.size).toBeGreaterThan(400);
  });

  it("keeps the planner settings to the projection's transaction", async () => {
    const setting = async (db: Kysely<Database>, name: string) =>
      (await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db)).rows[0]!.value;
    const before = await setting(database.db, "random_page_cost");
    const inside = await database.db.transaction().execute(async (trx) => {
      await lockProfiles(trx, "w");
      return [await setting(trx, "random_page_cost"), await setting(trx, "max_parallel_workers_per_gather")];
    });
    expect(inside).toEqual(["1.1", "0"]);
    expect(await setting(database.db, "random_page_cost")).toBe(before);
  });
});
