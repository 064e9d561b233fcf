/**
 * The profile context's operations: the 360° view by person id or any identifier, contact lists,
 * the timeline, rectification, unmerge and user-defined computed traits. Fronts (HTTP, CLI) call
 * these; none of them touches the profile tables directly.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import { joinTraits } from "../crypto/index.js";
import {
  type IdentifierCodec,
  type IdentifierRow,
  identifierRowsOf,
  identifiersOfPerson,
  keysOfPersons,
  openIdentifiers,
  personOfKeySql,
  type StoredIdentifier,
  survivorOf,
} from "../identity/index.js";
import type { Database } from "../storage/index.js";
import { demographicsOf } from "./computed-traits.js";
import { type ConsentView, consentView } from "./consent-fold.js";
import { consentRecordOf } from "./consent-history.js";
import type { CustomTraitDefinition } from "./custom-traits.js";
import { type ErasedRows, erasePerson } from "./erase-person.js";
import { type IdentityHistory, identityHistory, unmergePersons } from "./merge-history.js";
import { ProfileError } from "./profile-error.js";
import { type ListQuery, listProfileRows, type ProfileRow } from "./profile-list.js";
import type { Projector } from "./projector.js";
import { rebuildProfiles } from "./rebuild.js";
import { type RfmCutoffs, type RfmScores, rfmScores } from "./rfm.js";
import { readEvents } from "./stored-events.js";
import { type TimelineEntry, timelineOf } from "./timeline.js";
import type { TraitRegistry } from "./trait-registry.js";

export interface ProfileView {
  id: string;
  /** Set when the id asked for was merged into this profile. */
  mergedFrom?: string;
  identifiers: StoredIdentifier[];
  traits: Record<string, unknown>;
  traitSources: Record<string, unknown>;
  demographics: ReturnType<typeof demographicsOf>;
  computed: Record<string, unknown> & { recencyDays: number | null; rfm: RfmScores | null };
  createdAt: string;
  updatedAt: string;
}

export interface ProfileSummary {
  id: string;
  traits: Record<string, unknown>;
  demographics: ReturnType<typeof demographicsOf>;
  computed: Record<string, unknown> & { recencyDays: number | null; rfm: RfmScores | null };
}

export interface Rectification {
  /** New values; `null` removes a trait. */
  traits: Record<string, unknown>;
  reason?: string | undefined;
}

/** Submits messages through the ingest pipeline under the system's own source. */
export type SystemSubmit = (workspaceId: string, messages: unknown[]) => Promise<void>;

export interface ProfilesOptions {
  db: Kysely<Database>;
  codecFor(workspaceId: string): IdentifierCodec;
  projector: Projector;
  traits: TraitRegistry;
  rfmCutoffs(workspaceId: string): Promise<RfmCutoffs>;
  submit: SystemSubmit;
}

/** A message the system files about a person; `fileFor` adds the ids and the time. */
export interface SystemMessage {
  type: "identify" | "track";
  messageId: string;
  event?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** A profile row as the 360° view reads it, the person's identifier rows with it. */
type ViewRow = ProfileRow & {
  trait_sources: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  identifiers: IdentifierRow[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = 86_400_000;

export function createProfiles(options: ProfilesOptions) {
  const { db } = options;
  const contacts = options.projector.contacts;

  /**
   * What `find` reads for the person a reference names: a person id (a merged-away one leads to
   * the survivor, `mergedFrom` naming the id asked for) or an identifier, looked up inside the
   * query `find` makes.
   */
  async function byReference<T>(
    workspaceId: string,
    reference: string,
    find: (person: RawBuilder<unknown>) => Promise<T | undefined>,
  ): Promise<{ found: T; mergedFrom?: string }> {
    if (UUID.test(reference)) {
      const id = reference.toLowerCase();
      const found = await find(sql`${id}::uuid`);
      if (found !== undefined) return { found };
      const survivor = await survivorOf(db, workspaceId, id);
      const merged = survivor === undefined ? undefined : await find(sql`${survivor}::uuid`);
      if (merged !== undefined) return { found: merged, mergedFrom: id };
      throw new ProfileError("profile_not_found", `no profile ${reference}`);
    }
    const identifier = parseReference(workspaceId, reference);
    const found = await find(personOfKeySql(workspaceId, identifier.key));
    if (found === undefined)
      throw new ProfileError("profile_not_found", `no profile with ${identifier.kind} ${identifier.value}`);
    return { found };
  }

  function parseReference(workspaceId: string, reference: string) {
    const identifier = options.codecFor(workspaceId).parseReference(reference);
    if (identifier === undefined)
      throw new ProfileError(
        "invalid_identifier",
        `${JSON.stringify(reference)} is neither a profile id nor an identifier such as email:anna@example.de, user:42, card:1234, anon:…`,
      );
    return identifier;
  }

  /** The live person behind a person id or identifier reference, and the id asked for if merged. */
  async function resolve(
    workspaceId: string,
    reference: string,
  ): Promise<{ id: string; mergedFrom?: string }> {
    const { found, mergedFrom } = await byReference(workspaceId, reference, async (person) => {
      const { rows } = await sql<{ id: string }>`
        select id from profiles where workspace_id = ${workspaceId} and id = ${person}`.execute(db);
      return rows[0]?.id;
    });
    return mergedFrom === undefined ? { id: found } : { id: found, mergedFrom };
  }

  /** The row of the person a reference names, with their identifiers, in one query. */
  async function viewRowFor(
    workspaceId: string,
    reference: string,
  ): Promise<{ row: ViewRow; mergedFrom?: string }> {
    const { found, mergedFrom } = await byReference(workspaceId, reference, (person) =>
      viewRow(workspaceId, person),
    );
    return mergedFrom === undefined ? { row: found } : { row: found, mergedFrom };
  }

  async function viewRow(workspaceId: string, person: RawBuilder<unknown>): Promise<ViewRow | undefined> {
    const { rows } = await sql<ViewRow>`
      select id, traits, trait_sources, computed, created_at, updated_at, revenue, order_count, contact,
             last_order_at, first_seen, last_seen, birth_date::text as birth_date,
             ${identifierRowsOf(workspaceId, sql`p.id`)} as identifiers
      from profiles p where p.workspace_id = ${workspaceId} and p.id = ${person}`.execute(db);
    return rows[0];
  }

  async function view(workspaceId: string, row: ViewRow, mergedFrom?: string): Promise<ProfileView> {
    // The sealed contact part and the sealed identifier values each need their keys: one
    // lookup each, side by side.
    const [[opened], identifiers] = await Promise.all([
      withContacts(workspaceId, [row]),
      openIdentifiers(db, workspaceId, row.identifiers, options.projector.identifierValues),
    ]);
    const summary = await summarise(workspaceId, opened!);
    return {
      id: row.id,
      ...(mergedFrom === undefined ? {} : { mergedFrom }),
      identifiers,
      traits: summary.traits,
      traitSources: row.trait_sources,
      demographics: summary.demographics,
      computed: summary.computed,
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  /**
   * The 360° view. `alongside` runs with the read once the person is known, and the view is
   * answered when both are done: an audited read waits for its audit entry, not after it.
   */
  async function get(
    workspaceId: string,
    reference: string,
    alongside?: (personId: string) => Promise<unknown>,
  ): Promise<ProfileView> {
    const { row, mergedFrom } = await viewRowFor(workspaceId, reference);
    if (alongside === undefined) return view(workspaceId, row, mergedFrom);
    const [shown] = await Promise.all([view(workspaceId, row, mergedFrom), alongside(row.id)]);
    return shown;
  }

  /** The rows with their sealed contact traits opened and joined to the clear ones. */
  async function withContacts(workspaceId: string, rows: ProfileRow[]): Promise<ProfileRow[]> {
    const sealer = options.projector.contacts;
    if (sealer === undefined) return rows;
    const parts = await sealer.open(db, workspaceId, rows);
    return rows.map((row, i) => {
      const part = parts[i];
      return part === undefined ? row : { ...row, traits: joinTraits(row.traits, part.traits) };
    });
  }

  async function summarise(workspaceId: string, row: ProfileRow): Promise<ProfileSummary> {
    const now = Date.now();
    const { demographics: _stored, ...computed } = row.computed as Record<string, unknown>;
    const birthDate = dateText(row.birth_date);
    const lastOrderAt = row.last_order_at === null ? null : new Date(row.last_order_at).toISOString();
    const cutoffs = await options.rfmCutoffs(workspaceId);
    return {
      id: row.id,
      traits: row.traits,
      demographics: demographicsOf(row.traits, birthDate, now),
      computed: {
        ...computed,
        recencyDays: lastOrderAt === null ? null : Math.floor((now - Date.parse(lastOrderAt)) / DAY),
        rfm: rfmScores(cutoffs, lastOrderAt, Number(row.order_count), Number(row.revenue)),
      },
    };
  }

  /**
   * Submits a message about a person through the ingest pipeline under the system's source, filed
   * under one of the person's own identifiers so that it follows them through merges and unmerges
   * like any event. Returns the person id.
   */
  async function fileFor(workspaceId: string, reference: string, message: SystemMessage): Promise<string> {
    const { id } = await resolve(workspaceId, reference);
    const anchor = anchorOf(
      id,
      await identifiersOfPerson(db, workspaceId, id, options.projector.identifierValues),
    );
    await options.submit(workspaceId, [
      {
        ...message,
        ...anchor.ids,
        context: { ...anchor.context, ...message.context },
        timestamp: new Date().toISOString(),
      },
    ]);
    return id;
  }

  return {
    resolve,
    fileFor,
    /** How identifiers are normalised and keyed in this workspace (blind index for contact kinds). */
    codecFor: options.codecFor,

    get,

    async list(
      workspaceId: string,
      query: ListQuery,
    ): Promise<{ data: ProfileSummary[]; nextCursor: string | null }> {
      const { rows, nextCursor } = await listProfileRows(
        db,
        workspaceId,
        query,
        Date.now(),
        await options.rfmCutoffs(workspaceId),
        contacts === undefined
          ? undefined
          : {
              searchTokens: (q) => contacts.searchTokens(workspaceId, q),
              traits: {
                isSealed: (path) => contacts.isSealed(path),
                token: (path, value) => contacts.valueToken(workspaceId, path, value),
              },
            },
      );
      const data: ProfileSummary[] = [];
      for (const row of await withContacts(workspaceId, rows)) data.push(await summarise(workspaceId, row));
      return { data, nextCursor };
    },

    /** Summaries of the given persons (a segment's sample, a page of its members), in the order asked. */
    async summaries(workspaceId: string, ids: readonly string[]): Promise<ProfileSummary[]> {
      if (ids.length === 0) return [];
      const { rows } = await sql<ProfileRow>`
        select id, first_seen, last_seen, order_count, revenue, last_order_at, birth_date::text as birth_date,
               traits, computed, contact
        from profiles where workspace_id = ${workspaceId} and id = any(${ids as string[]}::uuid[])`.execute(
        db,
      );
      const byId = new Map((await withContacts(workspaceId, rows)).map((row) => [row.id, row] as const));
      const out: ProfileSummary[] = [];
      for (const id of ids) {
        const row = byId.get(id);
        if (row !== undefined) out.push(await summarise(workspaceId, row));
      }
      return out;
    },

    async timeline(
      workspaceId: string,
      reference: string,
      query: { limit: number; cursor?: string | undefined; kind?: string | undefined },
    ): Promise<{ id: string; entries: TimelineEntry[]; nextCursor: string | null }> {
      const { id } = await resolve(workspaceId, reference);
      const keys = (await keysOfPersons(db, workspaceId, [id])).get(id) ?? [];
      return { id, ...(await timelineOf(db, workspaceId, keys, query, options.projector.crypto)) };
    },

    /** Every event filed under the person's identifiers, oldest first (access and portability). */
    async eventsOf(workspaceId: string, personId: string) {
      const keys = (await keysOfPersons(db, workspaceId, [personId])).get(personId) ?? [];
      const events = await readEvents(db, workspaceId, { keys }, options.projector.crypto);
      return events.sort((a, b) => a.ts - b.ts || a.id - b.id);
    },

    /** The person's consent record (see consent-history.ts). */
    async consentRecord(workspaceId: string, reference: string) {
      const { id } = await resolve(workspaceId, reference);
      const keys = (await keysOfPersons(db, workspaceId, [id])).get(id) ?? [];
      return { id, entries: await consentRecordOf(db, workspaceId, keys, options.projector.crypto) };
    },

    /** The person's stored consent view, read fresh (no cache: a withdrawal counts at once). */
    async consentOf(workspaceId: string, personId: string): Promise<ConsentView | undefined> {
      const row = await db
        .selectFrom("profiles")
        .select(sql<ConsentView | null>`computed->'consent'`.as("consent"))
        .where("workspace_id", "=", workspaceId)
        .where("id", "=", personId)
        .executeTakeFirst();
      return row === undefined ? undefined : (row.consent ?? consentView(undefined));
    },

    /**
     * Erases the person's events, identifiers, profile and merge records; `alongside` runs in the
     * same transaction (the privacy context adds the suppression list entries there).
     */
    async erase(
      workspaceId: string,
      personId: string,
      alongside: (trx: Transaction<Database>, erased: ErasedRows) => Promise<void>,
    ): Promise<ErasedRows> {
      return db.transaction().execute(async (trx) => {
        const erased = await erasePerson(trx, workspaceId, personId);
        await alongside(trx, erased);
        return erased;
      });
    },

    async history(workspaceId: string, reference: string): Promise<IdentityHistory> {
      const { id } = await resolve(workspaceId, reference);
      return identityHistory(db, workspaceId, id);
    },

    /** Rectification (Art. 16): an identify event from the system, so provenance and timeline show it. */
    async rectify(
      workspaceId: string,
      reference: string,
      change: Rectification,
      actor: string,
    ): Promise<ProfileView> {
      const set: Record<string, unknown> = {};
      const unset: string[] = [];
      for (const [name, value] of Object.entries(change.traits)) {
        if (name.startsWith("$"))
          throw new ProfileError("invalid_traits", `trait names cannot start with $ (${name})`);
        if (value === null) unset.push(name);
        else set[name] = value;
      }
      const id = await fileFor(workspaceId, reference, {
        type: "identify",
        messageId: `rectification-${randomUUID()}`,
        traits: unset.length === 0 ? set : { ...set, $unset: unset },
        context: {
          rectification: { actor, ...(change.reason === undefined ? {} : { reason: change.reason }) },
        },
      });
      return get(workspaceId, id);
    },

    async unmerge(workspaceId: string, mergeId: string, actor: string) {
      return db
        .transaction()
        .execute((trx) => unmergePersons(trx, workspaceId, mergeId, actor, options.projector));
    },

    computedTraits: {
      list: (workspaceId: string) => options.traits.get(db, workspaceId),
      /** Defines a trait and computes it for every existing profile (with `onProgress` per chunk). */
      async define(
        workspaceId: string,
        definition: unknown,
        onProgress?: (done: number, total: number) => void,
      ): Promise<{ definition: CustomTraitDefinition; profiles: number }> {
        const defined = await options.traits.define(db, workspaceId, definition);
        const profiles = await recomputeAll(workspaceId, onProgress);
        return { definition: defined, profiles };
      },
      async remove(workspaceId: string, name: string): Promise<void> {
        await options.traits.remove(db, workspaceId, name);
        await recomputeAll(workspaceId);
      },
    },

    /** Forgets the identity graph and profiles and replays the whole event log (see rebuild.ts). */
    rebuild: (workspaceId: string, onProgress?: (done: number, total: number) => void) =>
      rebuildProfiles(db, options.projector, workspaceId, { onProgress }),

    /** Re-derives profiles whose windowed traits changed with time alone (a day left a window). */
    async refreshExpired(workspaceId: string, limit = 1000): Promise<number> {
      const due = await db
        .selectFrom("profiles")
        .select("id")
        .where("workspace_id", "=", workspaceId)
        .where("valid_until", "<=", new Date())
        .limit(limit)
        .execute();
      if (due.length === 0) return 0;
      await db.transaction().execute((trx) =>
        options.projector.refresh(
          trx,
          workspaceId,
          due.map((r) => r.id),
        ),
      );
      return due.length;
    },
  };

  async function recomputeAll(
    workspaceId: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<number> {
    const ids = (
      await db.selectFrom("profiles").select("id").where("workspace_id", "=", workspaceId).execute()
    ).map((r) => r.id);
    const CHUNK = 500;
    for (let i = 0; i < ids.length; i += CHUNK) {
      await db
        .transaction()
        .execute((trx) => options.projector.recompute(trx, workspaceId, ids.slice(i, i + CHUNK)));
      onProgress?.(Math.min(i + CHUNK, ids.length), ids.length);
    }
    return ids.length;
  }
}

export type Profiles = ReturnType<typeof createProfiles>;

/**
 * The ids that file a message under this person: their user id or anonymous id, else a system
 * anonymous id tied to them through one of their other identifiers (card, e-mail, device, …).
 */
function anchorOf(
  personId: string,
  identifiers: readonly StoredIdentifier[],
): { ids: { userId: string } | { anonymousId: string }; context: Record<string, unknown> } {
  const user = identifiers.find((i) => i.kind === "user");
  if (user !== undefined) return { ids: { userId: user.value }, context: {} };
  const anon = identifiers.find((i) => i.kind === "anon");
  if (anon !== undefined) return { ids: { anonymousId: anon.value }, context: {} };
  const other = identifiers[0];
  if (other === undefined)
    throw new ProfileError("profile_not_found", `profile ${personId} has no identifiers left`);
  const ids = { anonymousId: `kundenprofil:${personId}` };
  if (other.kind === "email" || other.kind === "phone" || other.kind === "card")
    return {
      ids,
      context: { traits: { [other.kind === "card" ? "loyalty_card_id" : other.kind]: other.value } },
    };
  if (other.kind === "device") return { ids, context: { device: { id: other.value } } };
  const type = other.kind.startsWith("ext:") ? other.kind.slice(4) : other.kind;
  return { ids, context: { externalIds: [{ type, id: other.value }] } };
}

function dateText(value: Date | string | null): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value.slice(0, 10);
  return value.toISOString().slice(0, 10);
}
