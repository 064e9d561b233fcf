/**
 * Reads and writes of profile rows. With a contact sealer (encryption at rest on), the contact
 * traits and the trait fold state are stored sealed with the person's key, with blind search
 * tokens beside them; the rest stays in clear for lists and filters.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import { type ContactSealer, splitTraits } from "../crypto/index.js";
import { mapInSlices } from "../runtime/index.js";
import type { Database } from "../storage/index.js";
import { demographicsOf, deriveProfile } from "./computed-traits.js";
import type { CustomTraitDefinition } from "./custom-traits.js";
import type { ProfileView } from "./profile-changes.js";
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
  const { rows } = await sql<{ id: string; state: string; contact: string | null }>`
    select id, state, contact from profiles
    where workspace_id = ${workspaceId} and id = any(${ids as string[]}::uuid[])`.execute(db);
  const opened = sealer === undefined ? [] : await sealer.open(db, workspaceId, rows);
  await mapInSlices(rows.entries(), ([i, row]) => {
    const part = opened[i];
    const stored = JSON.parse(row.state) as ProfileState;
    if (part === undefined) {
      states.set(row.id, stored);
      return;
    }
    const state = { ...stored, traits: part.state as TraitState };
    states.set(row.id, state);
    unchanged.set(state, JSON.stringify(part.state));
  });
  return states;
}

/**
 * The trait state each loaded state's sealed part held: most events change no trait, and then the
 * row keeps its sealed part and search tokens instead of paying for a new encryption and new tokens.
 */
const unchanged = new WeakMap<ProfileState, string>();

/**
 * Sent in place of a sealed part the row keeps; the upsert then assigns the stored value back, and
 * PostgreSQL keeps its out-of-line (TOAST) copy instead of writing the 1 KB again with every event.
 * Never a sealed part, which starts with its version (`v1.`), and never inserted: only rows read
 * under the projection lock keep their part, so the upsert always finds them.
 */
const KEEP_CONTACT = "";

/** The profile row of a state: the state and everything derived from it, contact data in clear. */
function profileRow(id: string, state: ProfileState, defs: readonly CustomTraitDefinition[], now: number) {
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
}

/** The traits and computed traits `saveStates` would store for this state now. */
export function profileView(
  state: ProfileState,
  defs: readonly CustomTraitDefinition[],
  now: number,
): ProfileView {
  return profileRow("", state, defs, now);
}

/**
 * Stores each person's state together with what is derived from it; returns, per person, the
 * traits and computed traits stored (contact data in clear), for what changed (profile-changes.ts).
 * `unstored` names persons known to have had no row, read under the projection lock: they have no
 * search tokens to replace either, since tokens are only ever written and deleted with their row.
 */
export async function saveStates(
  db: Db,
  workspaceId: string,
  states: ReadonlyMap<string, ProfileState>,
  defs: readonly CustomTraitDefinition[],
  now: number,
  sealer: ContactSealer | undefined,
  unstored: ReadonlySet<string> = new Set(),
): Promise<Map<string, ProfileView>> {
  if (states.size === 0) return new Map();
  const nowIso = new Date(now).toISOString();
  const rows = await mapInSlices(states, ([id, state]) => profileRow(id, state, defs, now));
  const stored = await sealed(db, workspaceId, rows, sealer);
  // The rows travel as one JSON document. The state and the sealed contact data, text columns, are
  // strings in it: PostgreSQL reads each as one string, not the structure inside. Sent apart as
  // text arrays they cost the driver's escaping of every element, 100 ms per commit of 2,500 persons.
  const documents = await mapInSlices(stored, (r) =>
    JSON.stringify({
      id: r.id,
      first_seen: r.first_seen,
      last_seen: r.last_seen,
      event_count: r.event_count,
      order_count: r.order_count,
      revenue: r.revenue,
      last_order_at: r.last_order_at,
      birth_date: r.birth_date,
      traits: r.traits,
      trait_sources: r.trait_sources,
      computed: r.computed,
      valid_until: r.valid_until,
      state: JSON.stringify(r.state),
      contact: r.contact,
    }),
  );
  await sql`
    insert into profiles (workspace_id, id, created_at, updated_at, first_seen, last_seen, event_count, order_count,
                          revenue, last_order_at, birth_date, traits, trait_sources, computed, state, valid_until,
                          contact)
    select ${workspaceId}, r.id, ${nowIso}::timestamptz, ${nowIso}::timestamptz, first_seen, last_seen, event_count,
           order_count, revenue, last_order_at, birth_date, traits, trait_sources, computed, state, valid_until,
           contact
    from jsonb_to_recordset(${`[${documents.join(",")}]`}::jsonb) as r(
      id uuid, first_seen timestamptz, last_seen timestamptz, event_count integer, order_count integer,
      revenue double precision, last_order_at timestamptz, birth_date date, traits jsonb, trait_sources jsonb,
      computed jsonb, valid_until timestamptz, state text, contact text)
    on conflict (workspace_id, id) do update set
      updated_at = excluded.updated_at, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
      event_count = excluded.event_count, order_count = excluded.order_count, revenue = excluded.revenue,
      last_order_at = excluded.last_order_at, birth_date = excluded.birth_date, traits = excluded.traits,
      trait_sources = excluded.trait_sources, state = excluded.state,
      -- What the analytics jobs predicted is theirs to replace (insights/predictions.ts), not the fold's.
      computed = excluded.computed || case when profiles.computed ? 'predicted'
        then jsonb_build_object('predicted', profiles.computed -> 'predicted') else '{}'::jsonb end,
      valid_until = excluded.valid_until,
      contact = case when excluded.contact = ${KEEP_CONTACT} then profiles.contact else excluded.contact end`.execute(
    db,
  );
  await saveSearchTokens(db, workspaceId, stored, unstored);
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Rewrites the search tokens of the persons whose contact data was sealed anew. New persons have
 * none to delete: at 1,000,000 profiles the delete that found nothing cost 23 ms of each commit.
 */
async function saveSearchTokens(
  db: Db,
  workspaceId: string,
  rows: ReadonlyArray<{ id: string; search: string[] | undefined }>,
  unstored: ReadonlySet<string>,
): Promise<void> {
  const changed = rows.filter((r) => r.search !== undefined);
  if (changed.length === 0) return;
  const replaced = changed.filter((r) => !unstored.has(r.id)).map((r) => r.id);
  if (replaced.length > 0)
    await sql`delete from profile_search where workspace_id = ${workspaceId}
              and person_id = any(${replaced}::uuid[])`.execute(db);
  const tokens = changed.flatMap((r) => r.search!.map((token) => ({ token, person: r.id })));
  if (tokens.length === 0) return;
  await sql`
    insert into profile_search (workspace_id, token, person_id)
    select ${workspaceId}, token, person::uuid from jsonb_to_recordset(${JSON.stringify(tokens)}::jsonb)
      as r(token text, person text)
    on conflict do nothing`.execute(db);
}

/** The rows as stored: contact traits and trait state sealed (when a sealer is given). */
async function sealed<R extends { id: string; traits: Record<string, unknown>; state: ProfileState }>(
  db: Db,
  workspaceId: string,
  rows: R[],
  sealer: ContactSealer | undefined,
): Promise<Array<R & { contact: string | null; search: string[] | undefined }>> {
  if (sealer === undefined) return rows.map((r) => ({ ...r, contact: null, search: undefined }));
  const kept = await mapInSlices(rows, (r) => unchanged.get(r.state) === JSON.stringify(r.state.traits));
  const changed = rows.filter((_, i) => !kept[i]);
  const parts = await sealer.seal(
    db,
    workspaceId,
    changed.map((r) => ({ id: r.id, traits: r.traits, state: r.state.traits })),
  );
  let next = 0;
  return rows.map((r, i) => {
    const part = kept[i]
      ? { traits: splitTraits(r.traits).clear, contact: KEEP_CONTACT, search: undefined }
      : parts[next++]!;
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
  await sql`delete from profile_search where workspace_id = ${workspaceId}
            and person_id = any(${ids as string[]}::uuid[])`.execute(db);
  await sql`delete from profiles where workspace_id = ${workspaceId} and id = any(${ids as string[]}::uuid[])`.execute(
    db,
  );
}
