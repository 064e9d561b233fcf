/**
 * Traits with `$set` / `$set_once` semantics and provenance. Plain identify traits (and `$set`)
 * take the value of the latest event by event time; `$set_once` takes the earliest and only shows
 * where no `$set` ever gave the trait a value; `$unset` clears as of its time. Comparing event
 * times instead of arrival order makes the result the same whatever order events arrive in, so
 * the incremental fold equals a recomputation from the event log.
 */
import { type FoldEvent, isLater } from "./fold-event.js";

/** [value, ts, eventId, sourceId]; a `null` value is an `$unset`. */
export type TraitEntry = [unknown, number, number, string];

export interface TraitState {
  set: Record<string, TraitEntry>;
  once: Record<string, TraitEntry>;
}

export interface TraitSource {
  source: string;
  at: string;
  semantics: "set" | "set_once";
}

const OPERATORS = new Set(["$set", "$set_once", "$unset"]);
/** Object keys that could reach a prototype are never stored as trait names. */
const UNSAFE = new Set(["__proto__", "constructor", "prototype"]);

export function applyTraits(state: TraitState, event: FoldEvent): void {
  if (event.type !== "identify" && event.type !== "group") return;
  if (event.type === "group") return;
  const traits = event.traits;
  const stamp = [event.ts, event.id] as const;
  const set = (name: string, value: unknown) => {
    if (UNSAFE.has(name) || value === undefined) return;
    const current = state.set[name];
    if (current === undefined || isLater(stamp, [current[1], current[2]]))
      state.set[name] = [value, event.ts, event.id, event.sourceId];
  };
  for (const [name, value] of Object.entries(traits)) if (!OPERATORS.has(name)) set(name, value);
  const explicit = record(traits.$set);
  if (explicit) for (const [name, value] of Object.entries(explicit)) set(name, value);
  const unset = traits.$unset;
  if (Array.isArray(unset)) for (const name of unset) if (typeof name === "string") set(name, null);
  const once = record(traits.$set_once);
  if (once) {
    for (const [name, value] of Object.entries(once)) {
      if (UNSAFE.has(name) || value === undefined || value === null) continue;
      const current = state.once[name];
      if (current === undefined || isLater([current[1], current[2]], stamp))
        state.once[name] = [value, event.ts, event.id, event.sourceId];
    }
  }
}

/** The effective traits and where each came from. */
export function effectiveTraits(state: TraitState): {
  traits: Record<string, unknown>;
  sources: Record<string, TraitSource>;
} {
  const traits: Record<string, unknown> = {};
  const sources: Record<string, TraitSource> = {};
  for (const [name, [value, ts, , source]] of Object.entries(state.once)) {
    if (state.set[name] !== undefined) continue;
    traits[name] = value;
    sources[name] = { source, at: new Date(ts).toISOString(), semantics: "set_once" };
  }
  for (const [name, [value, ts, , source]] of Object.entries(state.set)) {
    if (value === null) continue;
    traits[name] = value;
    sources[name] = { source, at: new Date(ts).toISOString(), semantics: "set" };
  }
  return { traits, sources };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
