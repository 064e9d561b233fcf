/**
 * Test support: random people for the evaluator comparison — traits, computed traits, identifier
 * kinds, allowed purposes and events drawn from the same small vocabulary as the definitions,
 * with missing values, nulls and values of the wrong type mixed in, and event times in whole
 * hours so that window and sequence edges are hit exactly now and then.
 */
import fc from "fast-check";
import { PURPOSES } from "../protocol/index.js";
import {
  ARBITRARY_NOW,
  daysAgoIso,
  EVENT_FIELDS,
  EVENT_NAMES,
  type Field,
  hoursAgo,
  IDENTIFIER_KIND_POOL,
  MAX_AGE_HOURS,
  NUMBER_POOL,
  SEGMENT_NAMES,
  STRING_POOL,
  TRAIT_FIELDS,
  type ValueKind,
} from "./arbitrary-vocabulary.test-helpers.js";
import type { InMemoryContext, InMemoryEvent, InMemoryPerson } from "./in-memory-person.js";
import { LINE_ITEMS } from "./segment-limits.js";

/**
 * Computed traits a real profile row also keeps in typed columns (the compiler reads those), so
 * they take only the values the projector writes: counts, and instants (the last order's only when
 * there was one).
 */
const COLUMN_BACKED = new Set([
  "computed.orderCount",
  "computed.lastOrderAt",
  "computed.eventCount",
  "computed.lastSeen",
]);

/** The first and last seen of every generated person: ARBITRARY_NOW, as the SQL side stores them. */
export const PROFILE_ROW_TIMES = {
  firstSeen: new Date(ARBITRARY_NOW).toISOString(),
  lastSeen: new Date(ARBITRARY_NOW).toISOString(),
};

/** Segment name → ids of its members, as data the SQL side can store as well. */
export type Memberships = Record<string, string[]>;

/** Up to `max` people with ids p0, p1, … */
export function peopleArbitrary(max = 6): fc.Arbitrary<InMemoryPerson[]> {
  return fc
    .integer({ min: 1, max })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => personArbitrary(`p${i}`))));
}

export function personArbitrary(id: string): fc.Arbitrary<InMemoryPerson> {
  const traitEntries = TRAIT_FIELDS.filter((field) => !COLUMN_BACKED.has(field.path)).map((field) =>
    fieldEntry(field),
  );
  return fc
    .record({
      fields: fc.tuple(...traitEntries),
      orderCount: fc.constantFrom(...NUMBER_POOL.filter((n) => Number.isInteger(n) && n >= 0)),
      lastOrderDaysAgo: fc.integer({ min: -2, max: 150 }),
      identifierKinds: fc.subarray(IDENTIFIER_KIND_POOL),
      allowedPurposes: fc.subarray([...PURPOSES]),
      events: fc.array(eventArbitrary(), { maxLength: 8 }),
    })
    .map(({ fields, orderCount, lastOrderDaysAgo, identifierKinds, allowedPurposes, events }) => {
      const nested = nest(fields.filter((entry) => entry !== undefined));
      return {
        id,
        traits: record(nested.trait),
        computed: {
          ...record(nested.computed),
          ...PROFILE_ROW_TIMES,
          eventCount: events.length,
          orderCount,
          lastOrderAt: orderCount === 0 ? null : daysAgoIso(lastOrderDaysAgo),
        },
        identifierKinds,
        allowedPurposes,
        events,
      };
    });
}

export function membershipsArbitrary(personIds: readonly string[]): fc.Arbitrary<Memberships> {
  const shape = Object.fromEntries(SEGMENT_NAMES.map((name) => [name, fc.subarray([...personIds])]));
  return fc.record(shape, { noNullPrototype: true });
}

export function contextOf(memberships: Memberships, now = ARBITRARY_NOW): InMemoryContext {
  // Own keys only: a generated segment name such as "constructor" must not find Object's.
  return {
    now,
    memberOf: (segment, personId) =>
      Object.hasOwn(memberships, segment) && (memberships[segment] ?? []).includes(personId),
  };
}

function eventArbitrary(): fc.Arbitrary<InMemoryEvent> {
  return fc
    .record({
      event: fc.constantFrom(...EVENT_NAMES, "Other Event"),
      type: fc.constantFrom("track", "track", "track", "page"),
      hours: fc.integer({ min: -24, max: MAX_AGE_HOURS }),
    })
    .chain(({ event, type, hours }) =>
      propertiesArbitrary(EVENT_FIELDS[event] ?? []).map((properties) => ({
        event,
        type,
        ts: hoursAgo(hours),
        properties,
      })),
    );
}

function propertiesArbitrary(fields: readonly Field[]): fc.Arbitrary<Record<string, unknown>> {
  const prefix = `${LINE_ITEMS}.`;
  const direct = fields.filter((field) => !field.path.startsWith(prefix));
  const perItem = fields
    .filter((field) => field.path.startsWith(prefix))
    .map((field) => ({ ...field, path: field.path.slice(prefix.length) }));
  const item = fc
    .tuple(...perItem.map(fieldEntry))
    .map((entries) => nest(entries.filter((e) => e !== undefined)));
  const items = fc.oneof(
    { arbitrary: fc.array(item, { maxLength: 3 }), weight: 5 },
    { arbitrary: fc.constantFrom<unknown>("not a list", null), weight: 1 },
  );
  return fc
    .tuple(fc.tuple(...direct.map(fieldEntry)), perItem.length > 0 ? items : fc.constant(undefined))
    .map(([entries, lineItems]) => {
      const properties = nest(entries.filter((entry) => entry !== undefined));
      if (lineItems !== undefined) properties[LINE_ITEMS] = lineItems;
      return properties;
    });
}

/** The field's value (sometimes absent, null or of the wrong type) as a [path, value] entry. */
function fieldEntry(field: Field): fc.Arbitrary<[string, unknown] | undefined> {
  return fc.option(
    valueArbitrary(field.kind).map((value): [string, unknown] => [field.path, value]),
    { nil: undefined, freq: 4 },
  );
}

function valueArbitrary(kind: ValueKind): fc.Arbitrary<unknown> {
  // A list holding a usual value too: a scalar test must not look inside it.
  const odd = fc.constantFrom<unknown>(null, "5", 5, true, { nested: 1 }, [STRING_POOL[0]]);
  const usual = {
    string: fc.constantFrom(...STRING_POOL),
    number: fc.constantFrom(...NUMBER_POOL),
    boolean: fc.boolean(),
    date: fc.oneof(
      fc.integer({ min: -2, max: 150 }).map(daysAgoIso),
      fc.constantFrom("2026-03-01", "2026-03-15", "soon"),
    ),
    tags: fc.array(fc.constantFrom(...STRING_POOL), { maxLength: 3 }),
  }[kind];
  return fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: odd, weight: 1 });
}

/** `[["computed.rfm.segment", "x"]]` → `{ computed: { rfm: { segment: "x" } } }`. */
function nest(entries: readonly [string, unknown][]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of entries) {
    const keys = path.split(".");
    let target = root;
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      target[key] = typeof next === "object" && next !== null ? next : {};
      target = target[key] as Record<string, unknown>;
    }
    target[keys.at(-1) as string] = value;
  }
  return root;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
