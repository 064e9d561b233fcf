/**
 * Reads and writes of the identity graph. Runs inside the caller's transaction: the projector
 * calls it in the same transaction that stores a commit's events, so an acknowledged event is
 * already resolved to its person.
 */

import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { IdentifierValues } from "../crypto/index.js";
import type { Database } from "../storage/index.js";
import { type GraphSlice, type IdentityGraph, pairKey } from "./identity-graph.js";

type Db = Kysely<Database> | Transaction<Database>;

/** The persons owning any of `keys`, each with all of its identifiers, and their unmerge blocks. */
export async function loadSlice(db: Db, workspaceId: string, keys: readonly string[]): Promise<GraphSlice> {
  const persons = new Map<string, Map<string, string>>();
  const blocks = new Set<string>();
  if (keys.length === 0) return { persons, blocks };
  const rows = await sql<{ person_id: string; key: string; kind: string }>`
    select i.person_id, i.key, i.kind from identities i
    where i.workspace_id = ${workspaceId}
      and i.person_id in (select person_id from identities
                          where workspace_id = ${workspaceId} and key = any(${keys as string[]}::text[]))`.execute(
    db,
  );
  for (const row of rows.rows) {
    const keysOf = persons.get(row.person_id) ?? new Map<string, string>();
    persons.set(row.person_id, keysOf);
    keysOf.set(row.key, row.kind);
  }
  if (persons.size > 0) {
    const ids = [...persons.keys()];
    const blocked = await sql<{ person_a: string; person_b: string }>`
      select person_a, person_b from merge_blocks
      where workspace_id = ${workspaceId}
        and (person_a = any(${ids}::uuid[]) or person_b = any(${ids}::uuid[]))`.execute(db);
    for (const row of blocked.rows) blocks.add(pairKey(row.person_a, row.person_b));
  }
  return { persons, blocks };
}

/** Writes what `graph` changed: new and moved identifiers, merges (with ids), conflicts. */
export async function saveGraphChanges(
  db: Db,
  workspaceId: string,
  graph: IdentityGraph,
  values: IdentifierValues,
): Promise<void> {
  const fresh = [...graph.added.values()];
  const stored = await values.seal(db, workspaceId, fresh);
  const added = fresh.map((id, i) => ({ ...id, value: stored[i], personId: graph.ownerOf(id.key) }));
  if (added.length > 0) {
    await sql`
      insert into identities (workspace_id, key, kind, value, person_id, first_seen, source_id)
      select ${workspaceId}, key, kind, value, "personId", "firstSeen", "sourceId"
      from jsonb_to_recordset(${JSON.stringify(added)}::jsonb)
        as r(key text, kind text, value text, "personId" uuid, "firstSeen" timestamptz, "sourceId" text)`.execute(
      db,
    );
  }
  const moved = graph.movedKeys();
  if (moved.length > 0) {
    await sql`
      update identities i set person_id = r."personId"
      from jsonb_to_recordset(${JSON.stringify(moved)}::jsonb) as r(key text, "personId" uuid)
      where i.workspace_id = ${workspaceId} and i.key = r.key`.execute(db);
  }
  for (const merge of graph.merges) {
    await sql`
      insert into identity_merges (workspace_id, winner, loser, loser_keys, reason, rule, event_id, message_id, at)
      values (${workspaceId}, ${merge.winner}, ${merge.loser}, ${JSON.stringify(merge.loserKeys)}::jsonb,
              ${merge.reason}, ${merge.rule}, ${merge.eventId}, ${merge.messageId}, ${merge.at})`.execute(db);
    // The survivor inherits the absorbed person's unmerge blocks (pairs stored smaller id first).
    await sql`
      insert into merge_blocks (workspace_id, person_a, person_b, merge_id)
      select ${workspaceId}, least(other, ${merge.winner}::uuid), greatest(other, ${merge.winner}::uuid), merge_id
      from (select case when person_a = ${merge.loser}::uuid then person_b else person_a end as other, merge_id
            from merge_blocks
            where workspace_id = ${workspaceId} and (person_a = ${merge.loser}::uuid or person_b = ${merge.loser}::uuid)) s
      where other <> ${merge.winner}::uuid
      on conflict do nothing`.execute(db);
    await sql`delete from merge_blocks where workspace_id = ${workspaceId}
              and (person_a = ${merge.loser}::uuid or person_b = ${merge.loser}::uuid)`.execute(db);
  }
  if (graph.conflicts.length > 0) {
    await sql`
      insert into identity_conflicts (workspace_id, person_id, other_person_id, keys, rule, event_id, message_id, at)
      select ${workspaceId}, "personId", "otherPersonId", keys, rule, "eventId", "messageId", at
      from jsonb_to_recordset(${JSON.stringify(graph.conflicts)}::jsonb)
        as r("personId" uuid, "otherPersonId" uuid, keys jsonb, rule text, "eventId" bigint, "messageId" text,
             at timestamptz)`.execute(db);
  }
}

/** Every identifier key of each person. */
export async function keysOfPersons(
  db: Db,
  workspaceId: string,
  personIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (personIds.length === 0) return result;
  const rows = await sql<{ person_id: string; key: string }>`
    select person_id, key from identities
    where workspace_id = ${workspaceId} and person_id = any(${personIds as string[]}::uuid[])`.execute(db);
  for (const row of rows.rows) {
    const keys = result.get(row.person_id);
    if (keys === undefined) result.set(row.person_id, [row.key]);
    else keys.push(row.key);
  }
  return result;
}

export interface StoredIdentifier {
  kind: string;
  value: string;
  firstSeen: string;
  source: string;
}

export async function identifiersOfPerson(
  db: Db,
  workspaceId: string,
  personId: string,
  values: IdentifierValues,
): Promise<StoredIdentifier[]> {
  const rows = await db
    .selectFrom("identities")
    .select(["key", "kind", "value", "first_seen", "source_id"])
    .where("workspace_id", "=", workspaceId)
    .where("person_id", "=", personId)
    .orderBy("first_seen")
    .orderBy("key")
    .execute();
  return openIdentifiers(db, workspaceId, rows, values);
}

/** An identifier row as read, `first_seen` a Date or, read as JSON, its text. */
export interface IdentifierRow {
  key: string;
  kind: string;
  value: string;
  first_seen: Date | string;
  source_id: string;
}

/**
 * The person's identifier rows as one JSON array, oldest first, for a query that reads them
 * together with the person's other rows; `person` is the SQL naming the person id.
 */
export function identifierRowsOf(
  workspaceId: string,
  person: RawBuilder<unknown>,
): RawBuilder<IdentifierRow[]> {
  return sql<IdentifierRow[]>`(select coalesce(json_agg(json_build_object('key', i.key, 'kind', i.kind,
      'value', i.value, 'first_seen', i.first_seen, 'source_id', i.source_id) order by i.first_seen, i.key), '[]')
    from identities i where i.workspace_id = ${workspaceId} and i.person_id = ${person})`;
}

/** The person id an identifier key belongs to, as SQL (null where none does). */
export function personOfKeySql(workspaceId: string, key: string): RawBuilder<string | null> {
  return sql<
    string | null
  >`(select person_id from identities where workspace_id = ${workspaceId} and key = ${key})`;
}

/** Identifier rows as shown: contact values opened, times as ISO text. */
export async function openIdentifiers(
  db: Db,
  workspaceId: string,
  rows: readonly IdentifierRow[],
  values: IdentifierValues,
): Promise<StoredIdentifier[]> {
  const opened = await values.open(db, workspaceId, rows);
  return rows.map((r, i) => ({
    kind: r.kind,
    value: opened[i]!,
    firstSeen: new Date(r.first_seen).toISOString(),
    source: r.source_id,
  }));
}

/** The live person a merged-away person id now belongs to (following later merges too). */
export async function survivorOf(db: Db, workspaceId: string, personId: string): Promise<string | undefined> {
  let current = personId;
  for (let hops = 0; hops < 100; hops++) {
    const merge = await db
      .selectFrom("identity_merges")
      .select("winner")
      .where("workspace_id", "=", workspaceId)
      .where("loser", "=", current)
      .where("unmerged_at", "is", null)
      .orderBy("id", "desc")
      .executeTakeFirst();
    if (merge === undefined) return hops === 0 ? undefined : current;
    current = merge.winner;
  }
  return current;
}
