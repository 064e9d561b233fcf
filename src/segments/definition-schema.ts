/**
 * The JSON form of a segment definition: a tree of and/or/not groups over conditions, each node
 * an object with a `kind`. The zod schema checks the shape; what the shape cannot say (value
 * types per operator, bounds in order, path characters, limits) is checked in check-meaning.ts.
 * docs/segment-language.md describes every node with examples.
 */
import { z } from "zod";
import { PURPOSES } from "../protocol/index.js";
import { COMPARISON_OPS, durationSchema, PREDICATE_OPS, predicateOptions } from "./predicate-schema.js";
import { CALENDAR_DAY_PATTERN } from "./time-values.js";

/** Standard identifier kinds; custom external ids are `ext:<type>` or a kind the identity rules name. */
export const IDENTIFIER_KINDS = ["user", "email", "phone", "card", "anon", "device"] as const;
/** The same rule the identity context applies to identifier kinds. */
export const IDENTIFIER_KIND_PATTERN = /^[a-z][a-z0-9_]*(:[a-z0-9_]+)?$/;

export const AGGREGATES = ["count", "sum", "avg", "min", "max", "exists"] as const;
export type Aggregate = (typeof AGGREGATES)[number];
/** The aggregates over a property's numeric values. */
export const VALUE_AGGREGATES = ["sum", "avg", "min", "max"] as const;

/** A message for a discriminated union whose discriminator matched none of its options. */
const unknownDiscriminator = (field: string, options: readonly string[]) => ({
  error: (issue: { code: string }) =>
    issue.code === "invalid_union" ? `${field} must be one of ${options.join(", ")}` : undefined,
});
const opError = unknownDiscriminator("op", PREDICATE_OPS);

export const traitConditionSchema = z.discriminatedUnion(
  "op",
  predicateOptions({ kind: z.literal("trait"), path: z.string() }),
  opError,
);
export const filterSchema = z.discriminatedUnion("op", predicateOptions({ path: z.string() }), opError);

const daySchema = z.string().regex(CALENDAR_DAY_PATTERN, "a day is written YYYY-MM-DD, e.g. 2026-03-31");
export const windowSchema = z.union(
  [z.strictObject({ last: durationSchema }), z.strictObject({ from: daySchema, to: daySchema })],
  { error: 'a window is {"last": "90d"} or {"from": "2026-01-01", "to": "2026-03-31"}' },
);

const eventMatchShape = {
  event: z.string().min(1, "the event name must not be empty"),
  where: z.array(filterSchema).min(1, "where needs at least one filter; leave it out for none").optional(),
};
export const eventMatchSchema = z.strictObject(eventMatchShape);

const comparisonSchema = z.strictObject(
  { op: z.enum(COMPARISON_OPS), value: z.number() },
  {
    error: (issue) =>
      issue.input === undefined ? 'compare is required here, e.g. {"op": "gte", "value": 2}' : undefined,
  },
);
const eventBase = { kind: z.literal("event"), ...eventMatchShape, window: windowSchema.optional() };

export const eventConditionSchema = z.discriminatedUnion(
  "aggregate",
  [
    z.strictObject(
      { ...eventBase, aggregate: z.literal("exists") },
      {
        error: (issue) =>
          issue.code === "unrecognized_keys" &&
          issue.keys.some((key) => key === "compare" || key === "property")
            ? "exists takes no compare or property; use count (>= 1 is what exists means) or sum to compare"
            : undefined,
      },
    ),
    z.strictObject(
      { ...eventBase, aggregate: z.literal("count"), compare: comparisonSchema },
      {
        error: (issue) =>
          issue.code === "unrecognized_keys" && issue.keys.includes("property")
            ? "count counts events and takes no property; sum, avg, min and max take one"
            : undefined,
      },
    ),
    z.strictObject({
      ...eventBase,
      aggregate: z.enum(VALUE_AGGREGATES),
      property: z.string({
        error: "sum, avg, min and max need a numeric property, e.g. total or products.price",
      }),
      compare: comparisonSchema,
    }),
  ],
  unknownDiscriminator("aggregate", AGGREGATES),
);

export const sequenceConditionSchema = z.strictObject({
  kind: z.literal("sequence"),
  first: eventMatchSchema,
  window: windowSchema.optional(),
  followedBy: eventMatchSchema,
  negated: z.boolean(),
  within: durationSchema,
});

export const identifierConditionSchema = z.strictObject({
  kind: z.literal("identifier"),
  identifierKind: z
    .string()
    .regex(
      IDENTIFIER_KIND_PATTERN,
      `an identifier kind is ${IDENTIFIER_KINDS.join(", ")} or a custom kind like ext:crm (lower case)`,
    ),
});

export const segmentConditionSchema = z.strictObject({
  kind: z.literal("segment"),
  name: z.string().min(1, "the segment name must not be empty"),
});

export const consentConditionSchema = z.strictObject({
  kind: z.literal("consent"),
  purpose: z.enum(PURPOSES, { error: `purpose must be one of ${PURPOSES.join(", ")}` }),
});

export const CONDITION_KINDS = ["trait", "event", "sequence", "identifier", "segment", "consent"] as const;

export type TraitCondition = z.infer<typeof traitConditionSchema>;
export type Filter = z.infer<typeof filterSchema>;
export type Window = z.infer<typeof windowSchema>;
export type EventMatch = z.infer<typeof eventMatchSchema>;
export type EventCondition = z.infer<typeof eventConditionSchema>;
export type SequenceCondition = z.infer<typeof sequenceConditionSchema>;
export type IdentifierCondition = z.infer<typeof identifierConditionSchema>;
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;
export type ConsentCondition = z.infer<typeof consentConditionSchema>;
export type Condition =
  | TraitCondition
  | EventCondition
  | SequenceCondition
  | IdentifierCondition
  | SegmentCondition
  | ConsentCondition;

/** A segment definition: and/or over one or more definitions, not over one, or a condition. */
export type SegmentDefinition =
  | { kind: "and"; children: SegmentDefinition[] }
  | { kind: "or"; children: SegmentDefinition[] }
  | { kind: "not"; child: SegmentDefinition }
  | Condition;

const childrenSchema = (kind: string) =>
  z.array(z.lazy(() => segmentDefinitionSchema)).min(1, `${kind} needs at least one condition`);

export const segmentDefinitionSchema: z.ZodType<SegmentDefinition> = z.lazy(() =>
  z.discriminatedUnion(
    "kind",
    [
      z.strictObject({ kind: z.literal("and"), children: childrenSchema("and") }),
      z.strictObject({ kind: z.literal("or"), children: childrenSchema("or") }),
      z.strictObject({ kind: z.literal("not"), child: segmentDefinitionSchema }),
      traitConditionSchema,
      eventConditionSchema,
      sequenceConditionSchema,
      identifierConditionSchema,
      segmentConditionSchema,
      consentConditionSchema,
    ],
    unknownDiscriminator("kind", ["and", "or", "not", ...CONDITION_KINDS]),
  ),
);
