/**
 * Rebuilds identities and profiles from the event log: forgets the graph and replays every event
 * through the projector in log order, in chunks that each commit on their own. For databases
 * filled before identity resolution existed, bulk loads (COPY) and a changed rule set. Unmerge
 * decisions are forgotten with the graph, which the command's help says.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../storage/index.js";
import { lockProfiles, type Projector } from "./projector.js";
import { readEvents } from "./stored-events.js";

export async function rebuildProfiles(
  db: Kysely<Database>,
  projector: Projector,
  workspaceId: string,
  options: { chunk?: number; onProgress?: ((done: number, total: number) => void) | undefined } = {},
): Promise<{ events: number; profiles: number }> {
  const chunk = options.chunk ?? 5_000;
  const { rows: counted } = await sql<{ n: number }>`
    select count(*)::int as n from events where workspace_id = ${workspaceId}`.execute(db);
  const total = counted[0]?.n ?? 0;
  await db.transaction().execute(async (trx) => {
    await lockProfiles(trx, workspaceId);
    for (const table of [
      "merge_blocks",
      "identity_conflicts",
      "identity_merges",
      "profile_search",
      "profiles",
      "identities",
      "event_digests",
    ] as const)
      await trx.deleteFrom(table).where("workspace_id", "=", workspaceId).execute();
  });
  let after = 0;
  let done = 0;
  let analyzedAt = 0;
  for (;;) {
    const events = await readEvents(db, workspaceId, { after, limit: chunk }, projector.crypto);
    if (events.length === 0) break;
    await db.transaction().execute((trx) => projector.project(trx, events));
    after = events.at(-1)!.id;
    done += events.length;
    // The graph grows from nothing: without fresh statistics the planner keeps treating its
    // tables as empty and scans them whole for every chunk (a replay of 11M events slowed to a
    // crawl on a server without autovacuum). Refresh them whenever the replay has doubled.
    if (done >= 2 * analyzedAt + chunk) {
      await analyzeGraph(db);
      analyzedAt = done;
    }
    options.onProgress?.(done, total);
  }
  await analyzeGraph(db);
  const { rows: profiles } = await sql<{ n: number }>`
    select count(*)::int as n from profiles where workspace_id = ${workspaceId}`.execute(db);
  return { events: done, profiles: profiles[0]?.n ?? 0 };
}

/**
 * Fresh planner statistics for the tables a replay refills; the event digests are vacuumed too,
 * so that event segments can read them from the covering index alone.
 */
async function analyzeGraph(db: Kysely<Database>): Promise<void> {
  await sql`analyze identities, profiles, subject_keys, profile_search`.execute(db);
  await sql`vacuum analyze event_digests`.execute(db);
}
