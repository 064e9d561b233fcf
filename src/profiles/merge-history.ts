/**
 * Merge history and unmerge. Every merge records which identifiers the absorbed person had;
 * unmerge hands back those the survivor still holds, blocks the pair from merging again
 * automatically, and recomputes both profiles from the event log, so each gets back exactly its
 * own events and traits.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import { survivorOf } from "../identity/index.js";
import type { Database } from "../storage/index.js";
import { ProfileError } from "./profile-error.js";
import { lockProfiles, type Projector } from "./projector.js";

export interface MergeEntry {
  id: string;
  winner: string;
  loser: string;
  identifiers: number;
  reason: string;
  rule: string;
  messageId: string | null;
  at: string;
  unmergedAt: string | null;
  unmergedBy: string | null;
}

export interface ConflictEntry {
  personId: string;
  otherPersonId: string;
  rule: string;
  messageId: string | null;
  at: string;
}

export interface IdentityHistory {
  id: string;
  merges: MergeEntry[];
  conflicts: ConflictEntry[];
}

export async function identityHistory(
  db: Kysely<Database>,
  workspaceId: string,
  id: string,
): Promise<IdentityHistory> {
  const merges = await db
    .selectFrom("identity_merges")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb("winner", "=", id), eb("loser", "=", id)]))
    .orderBy("id")
    .execute();
  const conflicts = await db
    .selectFrom("identity_conflicts")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where((eb) => eb.or([eb("person_id", "=", id), eb("other_person_id", "=", id)]))
    .orderBy("id", "desc")
    .limit(100)
    .execute();
  return {
    id,
    merges: merges.map((m) => ({
      id: String(m.id),
      winner: m.winner,
      loser: m.loser,
      identifiers: m.loser_keys.length,
      reason: m.reason,
      rule: m.rule,
      messageId: m.message_id,
      at: m.at.toISOString(),
      unmergedAt: m.unmerged_at?.toISOString() ?? null,
      unmergedBy: m.unmerged_by,
    })),
    conflicts: conflicts.map((c) => ({
      personId: c.person_id,
      otherPersonId: c.other_person_id,
      rule: c.rule,
      messageId: c.message_id,
      at: c.at.toISOString(),
    })),
  };
}

export async function unmergePersons(
  trx: Transaction<Database>,
  workspaceId: string,
  mergeId: string,
  actor: string,
  projector: Projector,
): Promise<{ mergeId: string; restored: string; from: string; identifiers: number }> {
  if (!/^[0-9]{1,18}$/.test(mergeId)) throw new ProfileError("merge_not_found", `no merge ${mergeId}`);
  await lockProfiles(trx, workspaceId);
  const merge = await trx
    .selectFrom("identity_merges")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", mergeId)
    .executeTakeFirst();
  if (merge === undefined) throw new ProfileError("merge_not_found", `no merge ${mergeId}`);
  if (merge.unmerged_at !== null)
    throw new ProfileError(
      "already_unmerged",
      `merge ${mergeId} was undone at ${merge.unmerged_at.toISOString()}`,
    );
  const holder = (await survivorOf(trx, workspaceId, merge.winner)) ?? merge.winner;
  const moved = await sql`
    update identities set person_id = ${merge.loser}
    where workspace_id = ${workspaceId} and person_id = ${holder} and key = any(${merge.loser_keys}::text[])`.execute(
    trx,
  );
  const [a, b] = merge.loser < holder ? [merge.loser, holder] : [holder, merge.loser];
  await sql`
    insert into merge_blocks (workspace_id, person_a, person_b, merge_id) values (${workspaceId}, ${a}, ${b}, ${mergeId})
    on conflict do nothing`.execute(trx);
  await trx
    .updateTable("identity_merges")
    .set({ unmerged_at: new Date(), unmerged_by: actor })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", mergeId)
    .execute();
  await projector.recompute(trx, workspaceId, [holder, merge.loser]);
  return { mergeId, restored: merge.loser, from: holder, identifiers: Number(moved.numAffectedRows ?? 0) };
}
