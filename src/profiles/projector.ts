/**
 * Keeps identities and profiles up to date with the event log, inside the transaction that
 * stores a commit's events: resolve each event's identifiers in log order, then fold the events
 * into their persons' states. A person who absorbed another in a merge is recomputed from the
 * event log instead, since a merge changes which events are theirs. An advisory lock serialises
 * projections across connections (and server processes), so identity decisions never race.
 */
import { sql, type Transaction } from "kysely";
import type { ContactSealer, EventCrypto, IdentifierValues } from "../crypto/index.js";
import {
  type Identifier,
  type IdentifierCodec,
  IdentityGraph,
  identifiersOf,
  keysOfPersons,
  loadSlice,
  saveGraphChanges,
} from "../identity/index.js";
import { mapInSlices } from "../runtime/index.js";
import type { Database } from "../storage/index.js";
import type { CustomTraitDefinition } from "./custom-traits.js";
import { indexEventDigests } from "./event-digests.js";
import type { ProjectedEvent } from "./fold-event.js";
import type { LocalClock } from "./local-time.js";
import type { CommitSnapshots, ProfileView } from "./profile-changes.js";
import { applyEvent, emptyState, type FoldContext, type ProfileState } from "./profile-state.js";
import { deleteProfiles, loadStates, profileView, saveStates } from "./profile-store.js";
import { readEvents } from "./stored-events.js";

export interface ProjectorOptions {
  codecFor(workspaceId: string): IdentifierCodec;
  clock: LocalClock;
  /** The workspace's user-defined computed traits (cached by the caller). */
  customTraits(trx: Transaction<Database>, workspaceId: string): Promise<readonly CustomTraitDefinition[]>;
  /** Opens the personal parts of events read back from the log (recomputation after a merge). */
  crypto: EventCrypto;
  /** Seals contact identifiers' values in the identity graph. */
  identifierValues: IdentifierValues;
  /** Seals the profile row's contact traits and trait state (absent: stored in clear). */
  contacts?: ContactSealer | undefined;
  /** The keys among these that belong to an erased person (the privacy context's suppression list). */
  suppressed?(
    trx: Transaction<Database>,
    workspaceId: string,
    keys: readonly string[],
  ): Promise<ReadonlySet<string>>;
  /**
   * Destroys the data keys the writer made for an erased person's identifiers when their events
   * came back (a replay): the events are dropped, and their keys must not outlive them.
   */
  dropKeys?(trx: Transaction<Database>, workspaceId: string, keys: readonly string[]): Promise<void>;
}

export type { ProjectedEvent };

export interface Projector {
  /** How this projector reads events back (rebuilds replay the log through it). */
  readonly crypto: EventCrypto;
  readonly identifierValues: IdentifierValues;
  readonly contacts: ContactSealer | undefined;
  /**
   * Folds the events in; returns, per workspace, the profiles before and after, from which
   * `changesOf` tells what changed about whom (real-time segments read it).
   */
  project(
    trx: Transaction<Database>,
    events: readonly ProjectedEvent[],
  ): Promise<ReadonlyMap<string, CommitSnapshots>>;
  /** Rebuilds the given persons' profiles from the event log. */
  recompute(trx: Transaction<Database>, workspaceId: string, personIds: readonly string[]): Promise<void>;
  /** Re-derives the persons' computed traits from their stored state (windows move with time). */
  refresh(trx: Transaction<Database>, workspaceId: string, personIds: readonly string[]): Promise<void>;
}

/** Identifier kinds several people can share (a till's anonymous id, a family tablet). */
const SHAREABLE_KINDS: ReadonlySet<string> = new Set(["anon", "device"]);

/**
 * Takes the workspace's projection lock and, for the rest of the transaction, plans its statements
 * as the key lookups they are. PostgreSQL's default cost of a random page read (4, set for spinning
 * disks) made it answer a commit's identity slice (2,000 keys) with parallel sequential scans of the
 * identity table: 77–91 ms against 20 ms through the indexes, at 50,000 profiles on 2 cores, where
 * the parallel workers also take the core the ingest needs. Set in the lock's statement, so they
 * cost no round trip.
 */
export function lockProfiles(trx: Transaction<Database>, workspaceId: string) {
  return sql`select pg_advisory_xact_lock(hashtext(${`kundenprofil/profiles/${workspaceId}`})),
                    set_config('random_page_cost', '1.1', true),
                    set_config('max_parallel_workers_per_gather', '0', true),
                    set_config('jit', 'off', true)`.execute(trx);
}

export function createProjector(options: ProjectorOptions): Projector {
  async function recompute(trx: Transaction<Database>, workspaceId: string, personIds: readonly string[]) {
    const ctx: FoldContext = {
      clock: options.clock,
      customTraits: await options.customTraits(trx, workspaceId),
    };
    const keys = await keysOfPersons(trx, workspaceId, personIds);
    const ownerOfKey = new Map<string, string>();
    for (const [person, list] of keys) for (const key of list) ownerOfKey.set(key, person);
    const states = new Map<string, ProfileState>();
    for (const event of await readEvents(
      trx,
      workspaceId,
      { keys: [...ownerOfKey.keys()] },
      options.crypto,
    )) {
      const person = ownerOfKey.get(event.identityKey)!;
      const state = states.get(person) ?? emptyState();
      states.set(person, state);
      applyEvent(state, event, ctx);
    }
    const empty = personIds.filter((id) => !states.has(id));
    await deleteProfiles(trx, workspaceId, empty);
    await saveStates(trx, workspaceId, states, ctx.customTraits, Date.now(), options.contacts);
  }

  async function projectWorkspace(
    trx: Transaction<Database>,
    workspaceId: string,
    arrived: readonly ProjectedEvent[],
  ): Promise<CommitSnapshots> {
    // The identifiers are read off the events before the lock is taken: that needs no other
    // commit's outcome, and the time spent under the lock is what paces every commit.
    const codec = options.codecFor(workspaceId);
    const all = await mapInSlices(arrived, (event) => {
      const found = identifiersOf(codec, {
        type: event.type,
        user_id: event.userId,
        anonymous_id: event.anonymousId,
        traits: event.traits,
        properties: event.properties,
        context: event.context,
        extra: event.extra,
      });
      // The filing key anchors the event; it leads the list even if the rules changed since ingest.
      const filed =
        found.identifiers.find((id) => id.key === event.identityKey) ?? keyAsIdentifier(event.identityKey);
      const identifiers = [filed, ...found.identifiers.filter((id) => id !== filed)];
      return { event, identifiers, previousId: found.previousId };
    });
    await lockProfiles(trx, workspaceId);
    const keysOf = (r: (typeof all)[number]) => [
      ...r.identifiers.map((id) => id.key),
      ...(r.previousId === undefined ? [] : [`user:${r.previousId}`, `anon:${r.previousId}`]),
    ];
    const resolved = await withoutSuppressed(trx, workspaceId, all, keysOf);
    const events = resolved.map((r) => r.event);
    const keys = new Set<string>();
    for (const r of resolved) for (const key of keysOf(r)) keys.add(key);
    const graph = new IdentityGraph(codec.rules, await loadSlice(trx, workspaceId, [...keys]));
    await mapInSlices(resolved, ({ event, identifiers, previousId }) =>
      graph.resolve({
        eventId: String(event.id),
        messageId: event.messageId,
        sourceId: event.sourceId,
        type: event.type,
        at: new Date(event.ts).toISOString(),
        identifiers,
        previousId,
      }),
    );
    await saveGraphChanges(trx, workspaceId, graph, options.identifierValues);
    await indexEventDigests(trx, workspaceId, events, (key) => graph.ownerOf(key));

    const rebuilt = new Set<string>();
    for (const merge of graph.merges) rebuilt.add(graph.ownerOf(merge.loserKeys[0]!)!);
    const byPerson = new Map<string, ProjectedEvent[]>();
    for (const event of events) {
      const person = graph.ownerOf(event.identityKey)!;
      if (rebuilt.has(person)) continue;
      const list = byPerson.get(person);
      if (list === undefined) byPerson.set(person, [event]);
      else list.push(event);
    }
    const ctx: FoldContext = {
      clock: options.clock,
      customTraits: await options.customTraits(trx, workspaceId),
    };
    const now = Date.now();
    const states = await loadStates(trx, workspaceId, [...byPerson.keys()], options.contacts);
    const unstored = new Set([...byPerson.keys()].filter((person) => !states.has(person)));
    const before = new Map<string, ProfileView>();
    await mapInSlices(states, ([person, state]) =>
      before.set(person, profileView(state, ctx.customTraits, now)),
    );
    await mapInSlices(byPerson, ([person, list]) => {
      const state = states.get(person) ?? emptyState();
      states.set(person, state);
      for (const event of list) applyEvent(state, event, ctx);
    });
    await deleteProfiles(trx, workspaceId, [...graph.removed]);
    const after = await saveStates(
      trx,
      workspaceId,
      states,
      ctx.customTraits,
      now,
      options.contacts,
      unstored,
    );
    if (rebuilt.size > 0) await recompute(trx, workspaceId, [...rebuilt]);
    return { before, after, events: trackEventsOf(byPerson), identifiers: addedKinds(graph), rebuilt };
  }

  /**
   * Drops the events that are about an erased person: filed under one of their identifiers, or
   * naming one that is theirs alone (user id, e-mail, phone, card, external id). A shared anonymous
   * or device id (a till, a family tablet) only counts where the event is filed under it, so the
   * next customer at the erased person's till is still recorded. Dropped events are deleted in the
   * transaction that stored them, so they never become durable.
   */
  async function withoutSuppressed<
    T extends { event: ProjectedEvent; identifiers: Identifier[]; previousId?: string | undefined },
  >(
    trx: Transaction<Database>,
    workspaceId: string,
    resolved: T[],
    keysOf: (r: T) => string[],
  ): Promise<T[]> {
    if (options.suppressed === undefined) return resolved;
    const all = new Set<string>();
    for (const r of resolved) for (const key of keysOf(r)) if (!key.startsWith("message:")) all.add(key);
    const suppressed = await options.suppressed(trx, workspaceId, [...all]);
    if (suppressed.size === 0) return resolved;
    const isAbout = (r: T) =>
      suppressed.has(r.event.identityKey) ||
      r.identifiers.some((id) => !SHAREABLE_KINDS.has(id.kind) && suppressed.has(id.key)) ||
      (r.previousId !== undefined && suppressed.has(`user:${r.previousId}`));
    const dropped = resolved.filter(isAbout);
    if (dropped.length === 0) return resolved;
    await sql`delete from events where workspace_id = ${workspaceId}
              and id = any(${dropped.map((r) => r.event.id)}::bigint[])`.execute(trx);
    await options.dropKeys?.(trx, workspaceId, [...suppressed]);
    return resolved.filter((r) => !dropped.includes(r));
  }

  return {
    crypto: options.crypto,
    identifierValues: options.identifierValues,
    contacts: options.contacts,
    async project(trx, events) {
      const byWorkspace = new Map<string, ProjectedEvent[]>();
      for (const event of events) {
        const list = byWorkspace.get(event.workspaceId);
        if (list === undefined) byWorkspace.set(event.workspaceId, [event]);
        else list.push(event);
      }
      const snapshots = new Map<string, CommitSnapshots>();
      for (const [workspaceId, list] of byWorkspace)
        snapshots.set(workspaceId, await projectWorkspace(trx, workspaceId, list));
      return snapshots;
    },
    recompute: async (trx, workspaceId, personIds) => {
      await lockProfiles(trx, workspaceId);
      await recompute(trx, workspaceId, personIds);
    },
    refresh: async (trx, workspaceId, personIds) => {
      await lockProfiles(trx, workspaceId);
      const states = await loadStates(trx, workspaceId, personIds, options.contacts);
      await saveStates(
        trx,
        workspaceId,
        states,
        await options.customTraits(trx, workspaceId),
        Date.now(),
        options.contacts,
      );
    },
  };
}

/** The names of the track events folded in, per person. */
function trackEventsOf(byPerson: ReadonlyMap<string, readonly ProjectedEvent[]>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [person, events] of byPerson) {
    const names = new Set<string>();
    for (const event of events) if (event.type === "track" && event.event !== null) names.add(event.event);
    if (names.size > 0) out.set(person, names);
  }
  return out;
}

/** The kinds of the identifiers the graph added, per owner. */
function addedKinds(graph: IdentityGraph): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const identifier of graph.added.values()) {
    const owner = graph.ownerOf(identifier.key);
    if (owner === undefined) continue;
    const kinds = out.get(owner) ?? new Set<string>();
    kinds.add(identifier.kind);
    out.set(owner, kinds);
  }
  return out;
}

function keyAsIdentifier(key: string): Identifier {
  const split = key.search(/[:#]/);
  return { kind: key.slice(0, split), value: key.slice(split + 1), key };
}
