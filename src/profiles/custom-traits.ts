/**
 * User-defined computed traits in Segment's families: event counter, sum / average / minimum /
 * maximum of a property, most frequent value, first value, last value and unique list, each over
 * an optional window of days. State is kept per UTC day so a window slides without replaying
 * events, and every bucket combines commutatively, so arrival order never changes the result.
 */
import { z } from "zod";
import { type FoldEvent, isLater } from "./fold-event.js";

export const CUSTOM_TRAIT_FAMILIES = [
  "count",
  "sum",
  "avg",
  "min",
  "max",
  "mostFrequent",
  "first",
  "last",
  "unique",
] as const;
export type CustomTraitFamily = (typeof CUSTOM_TRAIT_FAMILIES)[number];

export const customTraitDefinitionSchema = z
  .strictObject({
    name: z
      .string()
      .regex(
        /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/,
        "name must be a letter followed by letters, digits or _ (at most 63)",
      ),
    family: z.enum(CUSTOM_TRAIT_FAMILIES),
    /** The track event counted (e.g. "Order Completed"); absent: every event of `type`. */
    event: z.string().min(1).optional(),
    type: z.enum(["track", "page", "screen", "identify"]).default("track"),
    /** Dotted path into `properties`; required by every family but `count`. */
    property: z
      .string()
      .regex(/^[^.\s]+(\.[^.\s]+)*$/, "property is a dotted path such as products.0.price")
      .optional(),
    windowDays: z.number().int().min(1).max(3650).optional(),
  })
  .refine((d) => d.family === "count" || d.property !== undefined, {
    message: "every family but count needs a property",
    path: ["property"],
  });

export type CustomTraitDefinition = z.infer<typeof customTraitDefinitionSchema>;

type Bucket = number | [number, number] | Record<string, number> | [number, number, unknown] | string[];
/** Buckets by UTC day number, or under "all" without a window. */
export type CustomTraitState = Record<string, Bucket>;

const DAY = 86_400_000;
const MAX_DISTINCT = 100;

export function applyCustomTrait(
  def: CustomTraitDefinition,
  state: CustomTraitState,
  event: FoldEvent,
): void {
  if (event.type !== def.type) return;
  if (def.event !== undefined && event.event !== def.event) return;
  const value = def.property === undefined ? undefined : readPath(event.properties, def.property);
  if (def.family !== "count" && (value === undefined || value === null)) return;
  const day = Math.floor(event.ts / DAY);
  if (def.windowDays !== undefined) {
    const newest = Math.max(day, ...Object.keys(state).map(Number));
    if (day <= newest - def.windowDays) return;
    for (const key of Object.keys(state)) if (Number(key) <= newest - def.windowDays) delete state[key];
  }
  const key = def.windowDays === undefined ? "all" : String(day);
  const bucket = state[key];
  switch (def.family) {
    case "count":
      state[key] = ((bucket as number | undefined) ?? 0) + 1;
      return;
    case "sum":
    case "avg": {
      if (typeof value !== "number" || !Number.isFinite(value)) return;
      const [sum, n] = (bucket as [number, number] | undefined) ?? [0, 0];
      state[key] = [sum + value, n + 1];
      return;
    }
    case "min":
    case "max": {
      if (typeof value !== "number" || !Number.isFinite(value)) return;
      const current = bucket as number | undefined;
      state[key] =
        current === undefined
          ? value
          : def.family === "min"
            ? Math.min(current, value)
            : Math.max(current, value);
      return;
    }
    case "mostFrequent": {
      const counts = (bucket as Record<string, number> | undefined) ?? {};
      const label = String(value);
      if (counts[label] === undefined && Object.keys(counts).length >= MAX_DISTINCT) return;
      counts[label] = (counts[label] ?? 0) + 1;
      state[key] = counts;
      return;
    }
    case "first":
    case "last": {
      const current = bucket as [number, number, unknown] | undefined;
      const stamp = [event.ts, event.id] as const;
      const replace =
        current === undefined ||
        (def.family === "last"
          ? isLater(stamp, [current[0], current[1]])
          : isLater([current[0], current[1]], stamp));
      if (replace) state[key] = [event.ts, event.id, value];
      return;
    }
    case "unique": {
      const values = (bucket as string[] | undefined) ?? [];
      const label = String(value);
      if (values.includes(label) || values.length >= MAX_DISTINCT) return;
      values.push(label);
      values.sort();
      state[key] = values;
      return;
    }
  }
}

/** The trait's value at `now`, and when it next changes without a new event (for windows). */
export function evaluateCustomTrait(
  def: CustomTraitDefinition,
  state: CustomTraitState | undefined,
  now: number,
): { value: unknown; changesAt: number | undefined } {
  const today = Math.floor(now / DAY);
  const buckets: Bucket[] = [];
  let changesAt: number | undefined;
  for (const [key, bucket] of Object.entries(state ?? {})) {
    if (def.windowDays !== undefined) {
      const day = Number(key);
      if (day <= today - def.windowDays) continue;
      const expires = (day + def.windowDays) * DAY;
      changesAt = changesAt === undefined ? expires : Math.min(changesAt, expires);
    }
    buckets.push(bucket);
  }
  return { value: combine(def.family, buckets), changesAt };
}

function combine(family: CustomTraitFamily, buckets: Bucket[]): unknown {
  switch (family) {
    case "count":
      return buckets.reduce<number>((n, b) => n + (b as number), 0);
    case "sum":
      return buckets.length === 0
        ? null
        : round(buckets.reduce<number>((s, b) => s + (b as [number, number])[0], 0));
    case "avg": {
      let sum = 0;
      let n = 0;
      for (const b of buckets as [number, number][]) {
        sum += b[0];
        n += b[1];
      }
      return n === 0 ? null : round(sum / n);
    }
    case "min":
      return buckets.length === 0 ? null : Math.min(...(buckets as number[]));
    case "max":
      return buckets.length === 0 ? null : Math.max(...(buckets as number[]));
    case "mostFrequent": {
      const total: Record<string, number> = {};
      for (const b of buckets as Record<string, number>[])
        for (const [v, n] of Object.entries(b)) total[v] = (total[v] ?? 0) + n;
      let best: string | null = null;
      for (const [v, n] of Object.entries(total))
        if (best === null || n > (total[best] as number) || (n === total[best] && v < best)) best = v;
      return best;
    }
    case "first":
    case "last": {
      let pick: [number, number, unknown] | undefined;
      for (const b of buckets as [number, number, unknown][]) {
        const later = pick === undefined || isLater([b[0], b[1]], [pick[0], pick[1]]);
        if (pick === undefined || (family === "last") === later) pick = b;
      }
      return pick === undefined ? null : pick[2];
    }
    case "unique":
      return [...new Set((buckets as string[][]).flat())].sort().slice(0, MAX_DISTINCT);
  }
}

function readPath(root: Record<string, unknown>, path: string): unknown {
  let node: unknown = root;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    if (!Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
