/**
 * Test support: random valid segment definitions. By default over the small vocabulary of
 * arbitrary-vocabulary.test-helpers.ts, for comparing evaluators on random people; `wide` adds
 * odd strings, numbers, names, paths, days and durations for the text round trip.
 */
import fc from "fast-check";
import { PURPOSES } from "../protocol/index.js";
import {
  EVENT_FIELDS,
  type Field,
  IDENTIFIER_KIND_POOL,
  NUMERIC_PROPERTIES,
  SEGMENT_NAMES,
  TRAIT_FIELDS,
} from "./arbitrary-vocabulary.test-helpers.js";
import type {
  EventCondition,
  EventMatch,
  Filter,
  SegmentDefinition,
  SequenceCondition,
  Window,
} from "./definition-schema.js";
import type { Predicate } from "./parse-predicate.js";
import { COMPARISON_OPS, type Scalar } from "./predicate-schema.js";
import {
  dayArbitrary,
  durationArbitrary,
  eventNameArbitrary,
  numberArbitrary,
  pathArbitrary,
  type ScalarKind,
  scalarArbitrary,
  stringArbitrary,
} from "./scalar-arbitraries.test-helpers.js";
import { compareOrdered } from "./value-order.js";

const ALL_EVENT_FIELDS = Object.values(EVENT_FIELDS).flat();

export interface DefinitionArbitraryOptions {
  /** Beyond the vocabulary: any valid strings, doubles (-0 included), names, paths. Default false. */
  wide?: boolean;
  /** Levels of and/or/not above the conditions, at most; default 3 (stays well within the node limit). */
  maxDepth?: number;
}

export function definitionArbitrary(
  options: DefinitionArbitraryOptions = {},
): fc.Arbitrary<SegmentDefinition> {
  const wide = options.wide ?? false;
  const leaf = conditionArbitrary(wide);
  const tree: fc.Memo<SegmentDefinition> = fc.memo((n) => {
    if (n <= 1) return leaf;
    const children = fc.array(tree(n - 1), { minLength: 2, maxLength: 3 });
    return fc.oneof(
      { arbitrary: leaf, weight: 3 },
      { arbitrary: children.map((list) => ({ kind: "and" as const, children: list })), weight: 2 },
      { arbitrary: children.map((list) => ({ kind: "or" as const, children: list })), weight: 2 },
      { arbitrary: tree(n - 1).map((child) => ({ kind: "not" as const, child })), weight: 1 },
    );
  });
  return tree((options.maxDepth ?? 3) + 1);
}

function conditionArbitrary(wide: boolean): fc.Arbitrary<SegmentDefinition> {
  const traitField = wide
    ? fc.oneof(fc.constantFrom(...TRAIT_FIELDS), pathArbitrary("trait"))
    : fc.constantFrom(...TRAIT_FIELDS);
  const trait = traitField.chain((field) =>
    predicateArbitrary(field, wide).map((predicate) => ({
      kind: "trait" as const,
      path: field.path,
      ...predicate,
    })),
  );
  const identifierKind = wide
    ? fc.stringMatching(/^[a-z][a-z0-9_]{0,6}(:[a-z0-9_]{1,6})?$/)
    : fc.constantFrom(...IDENTIFIER_KIND_POOL);
  const segmentName = wide
    ? fc.oneof(fc.constantFrom(...SEGMENT_NAMES), stringArbitrary(true, 1))
    : fc.constantFrom(...SEGMENT_NAMES);
  return fc.oneof(
    { arbitrary: trait, weight: 4 },
    { arbitrary: eventConditionArbitrary(wide), weight: 4 },
    { arbitrary: sequenceArbitrary(wide), weight: 2 },
    {
      arbitrary: identifierKind.map((kind) => ({ kind: "identifier" as const, identifierKind: kind })),
      weight: 1,
    },
    { arbitrary: segmentName.map((name) => ({ kind: "segment" as const, name })), weight: 1 },
    {
      arbitrary: fc.constantFrom(...PURPOSES).map((purpose) => ({ kind: "consent" as const, purpose })),
      weight: 1,
    },
  );
}

function eventConditionArbitrary(wide: boolean): fc.Arbitrary<EventCondition> {
  const property = wide
    ? fc.oneof(
        fc.constantFrom(...NUMERIC_PROPERTIES),
        pathArbitrary("property").map((f) => f.path),
      )
    : fc.constantFrom(...NUMERIC_PROPERTIES);
  const compare = fc.record(
    {
      op: fc.constantFrom(...COMPARISON_OPS),
      value: wide ? numberArbitrary(true) : fc.constantFrom(0, 1, 2, 3, 2.5, 50, 100, 150),
    },
    { noNullPrototype: true },
  );
  const aggregate = fc.constantFrom("count", "exists", "sum", "avg", "min", "max");
  return fc
    .tuple(matchArbitrary(wide), windowArbitrary(wide), aggregate, compare, property)
    .map(([match, window, aggregate, compare, property]): EventCondition => {
      const base = { kind: "event" as const, ...match, ...(window === undefined ? {} : { window }) };
      if (aggregate === "exists") return { ...base, aggregate };
      if (aggregate === "count") return { ...base, aggregate, compare };
      return { ...base, aggregate, property, compare };
    });
}

/**
 * Conditions on orders whose filters are all on the line items' category (count, exists, or the
 * first step of a sequence): the shape segments read from `event_digests` with a category test.
 */
export function categoryConditionArbitrary(): fc.Arbitrary<EventCondition | SequenceCondition> {
  const field: Field = { path: "products.category", kind: "string" };
  const match = fc.array(predicateArbitrary(field, false), { minLength: 1, maxLength: 2 }).map(
    (predicates): EventMatch => ({
      event: "Order Completed",
      where: predicates.map((p): Filter => ({ path: field.path, ...p })),
    }),
  );
  const compare = fc.record(
    { op: fc.constantFrom(...COMPARISON_OPS), value: fc.constantFrom(0, 1, 2, 3) },
    { noNullPrototype: true },
  );
  const counted = fc
    .tuple(match, windowArbitrary(false), fc.constantFrom("count", "exists"), compare)
    .map(([m, window, aggregate, c]): EventCondition => {
      const base = { kind: "event" as const, ...m, ...(window === undefined ? {} : { window }) };
      return aggregate === "exists" ? { ...base, aggregate } : { ...base, aggregate: "count", compare: c };
    });
  const sequence = fc
    .tuple(
      match,
      windowArbitrary(false),
      fc.oneof(match, matchArbitrary(false)),
      fc.boolean(),
      durationArbitrary(false),
    )
    .map(
      ([first, window, followedBy, negated, within]): SequenceCondition => ({
        kind: "sequence",
        first,
        ...(window === undefined ? {} : { window }),
        followedBy,
        negated,
        within,
      }),
    );
  return fc.oneof({ arbitrary: counted, weight: 3 }, { arbitrary: sequence, weight: 1 });
}

function sequenceArbitrary(wide: boolean): fc.Arbitrary<SequenceCondition> {
  return fc
    .tuple(
      matchArbitrary(wide),
      windowArbitrary(wide),
      matchArbitrary(wide),
      fc.boolean(),
      durationArbitrary(wide),
    )
    .map(([first, window, followedBy, negated, within]) => ({
      kind: "sequence" as const,
      first,
      ...(window === undefined ? {} : { window }),
      followedBy,
      negated,
      within,
    }));
}

function matchArbitrary(wide: boolean): fc.Arbitrary<EventMatch> {
  return eventNameArbitrary(wide).chain((event) => {
    // hasOwn: a random name may be "constructor".
    const known = Object.hasOwn(EVENT_FIELDS, event) ? (EVENT_FIELDS[event] as Field[]) : ALL_EVENT_FIELDS;
    const field = wide
      ? fc.oneof(fc.constantFrom(...known), pathArbitrary("property"))
      : fc.constantFrom(...known);
    const filter = field.chain((f) =>
      predicateArbitrary(f, wide).map((p): Filter => ({ path: f.path, ...p })),
    );
    return fc
      .option(fc.array(filter, { minLength: 1, maxLength: 2 }), { nil: undefined })
      .map((where) => (where === undefined ? { event } : { event, where }));
  });
}

function windowArbitrary(wide: boolean): fc.Arbitrary<Window | undefined> {
  const days = fc
    .tuple(dayArbitrary(wide), dayArbitrary(wide))
    .map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));
  return fc.option(
    fc.oneof(
      durationArbitrary(wide).map((last) => ({ last })),
      days,
    ),
    { nil: undefined },
  );
}

/** A predicate that mostly fits the field's kind of value, sometimes not (mismatches must not match). */
function predicateArbitrary(field: Field, wide: boolean): fc.Arbitrary<Predicate> {
  const preferred: ScalarKind = field.kind === "number" || field.kind === "boolean" ? field.kind : "string";
  const anyKind = fc.oneof(
    { arbitrary: fc.constant(preferred), weight: 4 },
    { arbitrary: fc.constantFrom<ScalarKind>("string", "number", "boolean"), weight: 1 },
  );
  const orderedKind = anyKind.map((kind): ScalarKind => (kind === "boolean" ? "number" : kind));
  const valueFor = (kind: ScalarKind) => scalarArbitrary(kind, wide, field.kind === "date");
  const between = orderedKind.chain((kind) =>
    fc
      .tuple(valueFor(kind), valueFor(kind))
      .map(([a, b]): [Scalar, Scalar] => ((compareOrdered(a, b) ?? 0) <= 0 ? [a, b] : [b, a])),
  );
  return fc.oneof(
    anyKind.chain((kind) => fc.record({ op: fc.constantFrom("eq", "neq"), value: valueFor(kind) })),
    orderedKind.chain((kind) =>
      fc.record({ op: fc.constantFrom("gt", "gte", "lt", "lte"), value: valueFor(kind) }),
    ),
    anyKind.chain((kind) =>
      fc.record({
        op: fc.constantFrom("in", "not_in"),
        values: fc.array(valueFor(kind), { minLength: 1, maxLength: 3 }),
      }),
    ),
    between.map((values) => ({ op: "between" as const, values })),
    fc.record({ op: fc.constantFrom("contains", "starts_with"), value: stringArbitrary(wide) }),
    fc.record({ op: fc.constantFrom("exists", "not_exists") }),
    fc.record({ op: fc.constantFrom("within_last", "before_ago"), duration: durationArbitrary(wide) }),
  );
}
