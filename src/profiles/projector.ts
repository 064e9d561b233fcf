/**
 * Keeps identities and profiles up to date with the event log, inside the transaction that
 * stores a commit's events: resolve each event's identifiers in log order, then fold the events
 * into their persons' states. A person who absorbed another in a merge is recomputed from the
 * event log instead, since a merge changes which events are theirs. An advisory lock serialises
 * projections across connections (and server processes), so identity decisions never race.
 */
import { sql, type Transaction } from "kysely";
import {
  type Identifier,
  type IdentifierCodec,
  IdentityGraph,
  identifiersOf,
  keysOfPersons,
  loadSlice,
  saveGraphChanges,
} from "../identity/index.js";
import type { Database } from "../storage/index.js";
import type { CustomTraitDefinition } from "./custom-traits.js";
import type { ProjectedEvent } from "./fold-event.js";
import type { LocalClock } from "./local-time.js";
import { applyEvent, emptyState, type FoldContext, type ProfileState } from "./profile-state.js";
import { deleteProfiles, loadStates, saveStates } from "./profile-store.js";
import { readEvents } from "./stored-events.js";

export interface ProjectorOptions {
  codecFor(workspaceId: string): IdentifierCodec;
  clock: LocalClock;
  /** The workspace's user-defined computed traits (cached by the caller). */
  customTraits(trx: Transaction<Database>, workspaceId: string): Promise<readonly CustomTraitDefinition[]>;
}

export type { ProjectedEvent };

export interface Projector {
  project(trx: Transaction<Database>, events: readonly ProjectedEvent[]): Promise<void>;
  /** Rebuilds the given persons' profiles from the event log. */
  recompute(trx: Transaction<Database>, workspaceId: string, personIds: readonly string[]): Promise<void>;
  /** Re-derives the persons' computed traits from their stored state (windows move with time). */
  refresh(trx: Transaction<Database>, workspaceId: string, personIds: readonly string[]): Promise<void>;
}

export function lockProfiles(trx: Transaction<Database>, workspaceId: string) {
  return sql`select pg_advisory_xact_lock(hashtext(${`kundenprofil/profiles/${workspaceId}`}))`.execute(trx);
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
    for (const event of await readEvents(trx, workspaceId, { keys: [...ownerOfKey.keys()] })) {
      const person = ownerOfKey.get(event.identityKey)!;
      const state = states.get(person) ?? emptyState();
      states.set(person, state);
      applyEvent(state, event, ctx);
    }
    const empty = personIds.filter((id) => !states.has(id));
    await deleteProfiles(trx, workspaceId, empty);
    await saveStates(trx, workspaceId, states, ctx.customTraits, Date.now());
  }

  async function projectWorkspace(
    trx: Transaction<Database>,
    workspaceId: string,
    events: readonly ProjectedEvent[],
  ) {
    await lockProfiles(trx, workspaceId);
    const codec = options.codecFor(workspaceId);
    const resolved = events.map((event) => {
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
    const keys = new Set<string>();
    for (const r of resolved) {
      for (const id of r.identifiers) keys.add(id.key);
      if (r.previousId !== undefined) keys.add(`user:${r.previousId}`).add(`anon:${r.previousId}`);
    }
    const graph = new IdentityGraph(codec.rules, await loadSlice(trx, workspaceId, [...keys]));
    for (const { event, identifiers, previousId } of resolved) {
      graph.resolve({
        eventId: String(event.id),
        messageId: event.messageId,
        sourceId: event.sourceId,
        type: event.type,
        at: new Date(event.ts).toISOString(),
        identifiers,
        previousId,
      });
    }
    await saveGraphChanges(trx, workspaceId, graph);

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
    const states = await loadStates(trx, workspaceId, [...byPerson.keys()]);
    for (const [person, list] of byPerson) {
      const state = states.get(person) ?? emptyState();
      states.set(person, state);
      for (const event of list) applyEvent(state, event, ctx);
    }
    await deleteProfiles(trx, workspaceId, [...graph.removed]);
    await saveStates(trx, workspaceId, states, ctx.customTraits, Date.now());
    if (rebuilt.size > 0) await recompute(trx, workspaceId, [...rebuilt]);
  }

  return {
    async project(trx, events) {
      const byWorkspace = new Map<string, ProjectedEvent[]>();
      for (const event of events) {
        const list = byWorkspace.get(event.workspaceId);
        if (list === undefined) byWorkspace.set(event.workspaceId, [event]);
        else list.push(event);
      }
      for (const [workspaceId, list] of byWorkspace) await projectWorkspace(trx, workspaceId, list);
    },
    recompute: async (trx, workspaceId, personIds) => {
      await lockProfiles(trx, workspaceId);
      await recompute(trx, workspaceId, personIds);
    },
    refresh: async (trx, workspaceId, personIds) => {
      await lockProfiles(trx, workspaceId);
      const states = await loadStates(trx, workspaceId, personIds);
      await saveStates(trx, workspaceId, states, await options.customTraits(trx, workspaceId), Date.now());
    },
  };
}

function keyAsIdentifier(key: string): Identifier {
  const split = key.search(/[:#]/);
  return { kind: key.slice(0, split), value: key.slice(split + 1), key };
}
