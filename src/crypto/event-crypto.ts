/**
 * Sealing events on their way into the log and opening them on the way out, with the keys of the
 * identifiers they are filed under. The writer seals inside the commit's transaction (so a key
 * created for a new identifier commits with its first event); every reader of stored events opens
 * them through here.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../storage/index.js";
import { openEvent, type SealableEvent, sealEvent } from "./event-sealer.js";
import type { SubjectKeys } from "./subject-keys.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface EventCrypto {
  /** The events with their personal parts sealed (copies; the inputs are not changed). */
  seal<T extends SealableEvent>(trx: Db, events: readonly T[]): Promise<T[]>;
  /** The events with their personal parts opened; parts whose key was destroyed come back null. */
  open<T extends SealableEvent>(db: Db, workspaceId: string, events: readonly T[]): Promise<T[]>;
}

export function createEventCrypto(keys: SubjectKeys): EventCrypto {
  return {
    async seal<T extends SealableEvent>(trx: Db, events: readonly T[]): Promise<T[]> {
      // Most keys are cached: seal with those at once and look up the rest, by workspace.
      const sealed: T[] = new Array(events.length);
      const missing = new Map<string, number[]>();
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        const key = keys.cachedKey(e.workspace_id, e.identity_key);
        if (key !== undefined) sealed[i] = { ...e, ...sealEvent(e, key) };
        else {
          const waiting = missing.get(e.workspace_id);
          if (waiting === undefined) missing.set(e.workspace_id, [i]);
          else waiting.push(i);
        }
      }
      for (const [workspaceId, indexes] of missing) {
        const found = await keys.ensure(
          trx,
          workspaceId,
          indexes.map((i) => events[i]!.identity_key),
        );
        for (const i of indexes) {
          const e = events[i]!;
          sealed[i] = { ...e, ...sealEvent(e, found.get(e.identity_key)!) };
        }
      }
      return sealed;
    },
    async open(db, workspaceId, events) {
      if (events.length === 0) return [];
      const found = await keys.find(db, workspaceId, [...new Set(events.map((e) => e.identity_key))]);
      return events.map((e) => {
        const { unreadable: _, ...opened } = openEvent(e, found.get(e.identity_key));
        return { ...e, ...opened };
      });
    },
  };
}

/** No encryption (benchmarks compare against it): events pass through as they are. */
export const PLAIN_EVENTS: EventCrypto = {
  seal: async (_trx, events) => [...events],
  open: async (_db, _workspaceId, events) => [...events],
};
