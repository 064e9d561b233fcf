/**
 * Erasure's part in the profile and identity tables (Art. 17): every event filed under any of the
 * person's identifiers, the identifiers themselves (with their blind-index keys), the profile, and
 * the merge and conflict records that name the person or the persons merged into them. Runs under
 * the projection lock, so no commit can file a new event for the person halfway through.
 */
import { sql, type Transaction } from "kysely";
import { keysOfPersons } from "../identity/index.js";
import type { Database } from "../storage/index.js";
import { lockProfiles } from "./projector.js";

export interface ErasedRows {
  /** The identifier keys the person had: what the suppression list must now refuse. */
  keys: string[];
  /** The person and those merged into them (and not unmerged since). */
  persons: string[];
  counts: Record<
    | "events"
    | "identities"
    | "profiles"
    | "searchTokens"
    | "merges"
    | "conflicts"
    | "mergeBlocks"
    | "segmentsLeft"
    | "segmentChanges",
    number
  >;
}

export async function erasePerson(
  trx: Transaction<Database>,
  workspaceId: string,
  personId: string,
): Promise<ErasedRows> {
  await lockProfiles(trx, workspaceId);
  const persons = await withMergedIn(trx, workspaceId, personId);
  const keys = [...(await keysOfPersons(trx, workspaceId, persons)).values()].flat();
  const count = async (query: ReturnType<typeof sql>) =>
    Number((await query.execute(trx)).numAffectedRows ?? 0);
  const counts = {
    events: await count(sql`delete from events where workspace_id = ${workspaceId}
                             and identity_key = any(${keys}::text[])`),
    identities: await count(sql`delete from identities where workspace_id = ${workspaceId}
                                 and person_id = any(${persons}::uuid[])`),
    profiles: await count(sql`delete from profiles where workspace_id = ${workspaceId}
                               and id = any(${persons}::uuid[])`),
    searchTokens: await count(sql`delete from profile_search where workspace_id = ${workspaceId}
                                   and person_id = any(${persons}::uuid[])`),
    merges: await count(sql`delete from identity_merges where workspace_id = ${workspaceId}
                             and (winner = any(${persons}::uuid[]) or loser = any(${persons}::uuid[]))`),
    conflicts: await count(sql`delete from identity_conflicts where workspace_id = ${workspaceId}
                                and (person_id = any(${persons}::uuid[]) or other_person_id = any(${persons}::uuid[]))`),
    mergeBlocks: await count(sql`delete from merge_blocks where workspace_id = ${workspaceId}
                                  and (person_a = any(${persons}::uuid[]) or person_b = any(${persons}::uuid[]))`),
    // Memberships and their history name the person; the segments' sizes shrink with them.
    segmentsLeft: await count(sql`
      with gone as (
        delete from segment_members where workspace_id = ${workspaceId} and person_id = any(${persons}::uuid[])
        returning segment_id
      )
      update segments s set size = s.size - g.n
      from (select segment_id, count(*)::integer as n from gone group by segment_id) g
      where s.workspace_id = ${workspaceId} and s.id = g.segment_id`),
    segmentChanges: await count(sql`delete from segment_changes where workspace_id = ${workspaceId}
                                     and person_id = any(${persons}::uuid[])`),
  };
  return { keys, persons, counts };
}

/** The person plus everyone merged into them, directly or through earlier merges, still merged. */
async function withMergedIn(
  trx: Transaction<Database>,
  workspaceId: string,
  personId: string,
): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive merged(id) as (
      select ${personId}::uuid
      union
      select m.loser from identity_merges m join merged on m.winner = merged.id
      where m.workspace_id = ${workspaceId} and m.unmerged_at is null
    )
    select id from merged`.execute(trx);
  return rows.map((r) => r.id);
}
