/**
 * Reads and writes of profile rows. With a contact sealer (encryption at rest on), the contact
 * traits and the trait fold state are stored sealed with the person's key, with blind search
 * tokens beside them; the rest stays in clear for lists and filters.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { ContactSealer } from "../crypto/index.js";
import type { Database } from "../storage/index.js";
import { demographicsOf, deriveProfile } from "./computed-traits.js";
import type { CustomTraitDefinition } from "./custom-traits.js";
import type { ProfileState } from "./profile-state.js";
import type { TraitState } from "./traits.js";

type Db = Kysely<Database> | Transaction<Database>;

export async function loadStates(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
  sealer: ContactSealer | undefined,
): Promise<Map<string, ProfileState>> {
  const states = new Map<string, ProfileState>();
  if (ids.length === 0) return states;
  const { rows } = await sql<{ id: string; state: ProfileState; contact: string | null }>`
    select id, state, contact from profiles
    where workspace_id = ${workspaceId} and id = any(${ids as string[]}::uuid[])`.execute(db);
  const opened = sealer === undefined ? [] : await sealer.open(db, workspaceId, rows);
  rows.forEach((row, i) => {
    const part = opened[i];
    states.set(row.id, part === undefined ? row.state : { ...row.state, traits: part.state as TraitState });
  });
  return states;
}

/** Stores each person's state together with what is derived from it. */
export async function saveStates(
  db: Db,
  workspaceId: string,
  states: ReadonlyMap<string, ProfileState>,
  defs: readonly CustomTraitDefinition[],
  now: number,
  sealer: ContactSealer | undefined,
): Promise<void> {
  if (states.size === 0) return;
  const nowIso = new Date(now).toISOString();
  const rows = [...states].map(([id, state]) => {
    const derived = deriveProfile(state, defs, now);
    const c = derived.computed;
    return {
      id,
      first_seen: c.firstSeen,
      last_seen: c.lastSeen,
      event_count: c.eventCount,
      order_count: c.orderCount,
      revenue: c.revenue,
      last_order_at: c.lastOrderAt,
      birth_date: derived.birthDate,
      traits: derived.traits,
      trait_sources: derived.traitSources,
      // Demographics ride along (without the age, which changes by itself) so lists can filter on them.
      computed: {
        ...c,
        demographics: { ...demographicsOf(derived.traits, derived.birthDate, now), age: undefined },
      },
      state,
      valid_until: derived.validUntil === undefined ? null : new Date(derived.validUntil).toISOString(),
    };
  });
  await sql`
    insert into profiles (workspace_id, id, created_at, updated_at, first_seen, last_seen, event_count, order_count,
                          revenue, last_order_at, birth_date, traits, trait_sources, computed, state, valid_until,
                          contact, search)
    select ${workspaceId}, id, ${nowIso}::timestamptz, ${nowIso}::timestamptz, first_seen, last_seen, event_count,
           order_count, revenue, last_order_at, birth_date, traits, trait_sources, computed, state, valid_until,
           contact, array(select jsonb_array_elements_text(search))
    from jsonb_to_recordset(${JSON.stringify(await sealed(db, workspaceId, rows, sealer))}::jsonb) as r(
      id uuid, first_seen timestamptz, last_seen timestamptz, event_count integer, order_count integer,
      revenue double precision, last_order_at timestamptz, birth_date date, traits jsonb, trait_sources jsonb,
      computed jsonb, state jsonb, valid_until timestamptz, contact text, search jsonb)
    on conflict (workspace_id, id) do update set
      updated_at = excluded.updated_at, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
      event_count = excluded.event_count, order_count = excluded.order_count, revenue = excluded.revenue,
      last_order_at = excluded.last_order_at, birth_date = excluded.birth_date, traits = excluded.traits,
      trait_sources = excluded.trait_sources, computed = excluded.computed, state = excluded.state,
      valid_until = excluded.valid_until, contact = excluded.contact, search = excluded.search`.execute(db);
}

/** The rows as stored: contact traits and trait state sealed (when a sealer is given). */
async function sealed<R extends { id: string; traits: Record<string, unknown>; state: ProfileState }>(
  db: Db,
  workspaceId: string,
  rows: R[],
  sealer: ContactSealer | undefined,
): Promise<Array<R & { contact: string | null; search: string[] }>> {
  if (sealer === undefined) return rows.map((r) => ({ ...r, contact: null, search: [] }));
  const parts = await sealer.seal(
    db,
    workspaceId,
    rows.map((r) => ({ id: r.id, traits: r.traits, state: r.state.traits })),
  );
  return rows.map((r, i) => {
    const part = parts[i]!;
    return {
      ...r,
      traits: part.traits,
      state: { ...r.state, traits: { set: {}, once: {} } },
      contact: part.contact,
      search: part.search,
    };
  });
}

export async function deleteProfiles(db: Db, workspaceId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`delete from profiles where workspace_id = ${workspaceId} and id = any(${ids as string[]}::uuid[])`.execute(
    db,
  );
}
