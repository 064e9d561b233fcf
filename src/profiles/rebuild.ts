/**
 * Rebuilds identities and profiles from the event log: forgets the graph and replays every event
 * through the projector in log order, in chunks that each commit on their own. For databases
 * filled before identity resolution existed, bulk loads (COPY) and a changed rule set. Unmerge
 * decisions are forgotten with the graph, which the command's help says.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../storage/index.js";
import type { ProjectedEvent, Projector } from "./projector.js";
import { lockProfiles } from "./projector.js";

interface Row {
  id: string | number;
  workspace_id: string;
  source_id: string;
  message_id: string;
  type: string;
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  identity_key: string;
  ts: Date;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  extra: Record<string, unknown>;
}

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
      "profiles",
      "identities",
    ] as const)
      await trx.deleteFrom(table).where("workspace_id", "=", workspaceId).execute();
  });
  let after = 0;
  let done = 0;
  for (;;) {
    const { rows } = await sql<Row>`
      select id, workspace_id, source_id, message_id, type, event, user_id, anonymous_id, identity_key, ts,
             properties, traits, context, extra
      from events where workspace_id = ${workspaceId} and id > ${after} order by id limit ${chunk}`.execute(
      db,
    );
    if (rows.length === 0) break;
    const events: ProjectedEvent[] = rows.map((r) => ({
      id: Number(r.id),
      ts: r.ts.getTime(),
      type: r.type,
      event: r.event,
      sourceId: r.source_id,
      messageId: r.message_id,
      properties: r.properties,
      traits: r.traits,
      context: r.context,
      extra: r.extra,
      workspaceId: r.workspace_id,
      identityKey: r.identity_key,
      userId: r.user_id,
      anonymousId: r.anonymous_id,
    }));
    await db.transaction().execute((trx) => projector.project(trx, events));
    after = Number(rows.at(-1)!.id);
    done += rows.length;
    options.onProgress?.(done, total);
  }
  const { rows: profiles } = await sql<{ n: number }>`
    select count(*)::int as n from profiles where workspace_id = ${workspaceId}`.execute(db);
  return { events: done, profiles: profiles[0]?.n ?? 0 };
}
