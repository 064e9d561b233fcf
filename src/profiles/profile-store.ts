/** Reads and writes of profile rows and of the events a recomputation replays. */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../storage/index.js";
import { demographicsOf, deriveProfile } from "./computed-traits.js";
import type { CustomTraitDefinition } from "./custom-traits.js";
import type { ProfileState } from "./profile-state.js";

type Db = Kysely<Database> | Transaction<Database>;

export async function loadStates(
  db: Db,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, ProfileState>> {
  const states = new Map<string, ProfileState>();
  if (ids.length === 0) return states;
  const rows = await sql<{ id: string; state: ProfileState }>`
    select id, state from profiles where workspace_id = ${workspaceId} and id = any(${ids as string[]}::uuid[])`.execute(
    db,
  );
  for (const row of rows.rows) states.set(row.id, row.state);
  return states;
}

/** Stores each person's state together with what is derived from it. */
export async function saveStates(
  db: Db,
  workspaceId: string,
  states: ReadonlyMap<string, ProfileState>,
  defs: readonly CustomTraitDefinition[],
  now: number,
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
                          revenue, last_order_at, birth_date, traits, trait_sources, computed, state, valid_until)
    select ${workspaceId}, id, ${nowIso}::timestamptz, ${nowIso}::timestamptz, first_seen, last_seen, event_count,
           order_count, revenue, last_order_at, birth_date, traits, trait_sources, computed, state, valid_until
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
      id uuid, first_seen timestamptz, last_seen timestamptz, event_count integer, order_count integer,
      revenue double precision, last_order_at timestamptz, birth_date date, traits jsonb, trait_sources jsonb,
      computed jsonb, state jsonb, valid_until timestamptz)
    on conflict (workspace_id, id) do update set
      updated_at = excluded.updated_at, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
      event_count = excluded.event_count, order_count = excluded.order_count, revenue = excluded.revenue,
      last_order_at = excluded.last_order_at, birth_date = excluded.birth_date, traits = excluded.traits,
      trait_sources = excluded.trait_sources, computed = excluded.computed, state = excluded.state,
      valid_until = excluded.valid_until`.execute(db);
}

export async function deleteProfiles(db: Db, workspaceId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`delete from profiles where workspace_id = ${workspaceId} and id = any(${ids as string[]}::uuid[])`.execute(
    db,
  );
}
