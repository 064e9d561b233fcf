/**
 * The test a condition applies to one value: the operator and its operands. Trait conditions and
 * event property filters share it, each adding the path it reads (see definition-schema.ts).
 */
import { z } from "zod";
import { DURATION_PATTERN } from "./time-values.js";

/** A literal value. Which operators take which kind of value is checked in check-predicate.ts. */
export type Scalar = string | number | boolean;

export const scalarSchema = z.union([z.string(), z.number(), z.boolean()], {
  error: (issue) =>
    issue.input === undefined ? "value is required" : "a value is a string, a finite number, true or false",
});

/** `=`, `!=`, `>`, `>=`, `<`, `<=` in the text form. */
export const COMPARISON_OPS = ["eq", "neq", "gt", "gte", "lt", "lte"] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];
export const LIST_OPS = ["in", "not_in"] as const;
export const TEXT_OPS = ["contains", "starts_with"] as const;
export const PRESENCE_OPS = ["exists", "not_exists"] as const;
/** On date-valued fields: `within last 30d`, `before 90d ago`. */
export const RELATIVE_DATE_OPS = ["within_last", "before_ago"] as const;

export const PREDICATE_OPS = [
  ...COMPARISON_OPS,
  ...LIST_OPS,
  "between",
  ...TEXT_OPS,
  ...PRESENCE_OPS,
  ...RELATIVE_DATE_OPS,
] as const;
export type PredicateOp = (typeof PREDICATE_OPS)[number];

export const durationSchema = z
  .string()
  .regex(
    DURATION_PATTERN,
    "a duration is a positive whole number followed by h (hours), d (days) or w (weeks), e.g. 90d",
  );

/**
 * The predicate variants, each a strict object carrying `base` (the fields that say what is
 * tested), ready for a discriminated union on `op`.
 */
export function predicateOptions<Base extends z.ZodRawShape>(base: Base) {
  return [
    z.strictObject({ ...base, op: z.enum(COMPARISON_OPS), value: scalarSchema }),
    z.strictObject({
      ...base,
      op: z.enum(LIST_OPS),
      values: z.array(scalarSchema).min(1, "in and not in need at least one value"),
    }),
    z.strictObject({
      ...base,
      op: z.literal("between"),
      values: z.tuple([scalarSchema, scalarSchema], {
        error: "between needs exactly two values: the lower and the upper bound",
      }),
    }),
    z.strictObject({
      ...base,
      op: z.enum(TEXT_OPS),
      value: z.string({ error: "contains and starts_with need a string value" }),
    }),
    z.strictObject({ ...base, op: z.enum(PRESENCE_OPS) }),
    z.strictObject({ ...base, op: z.enum(RELATIVE_DATE_OPS), duration: durationSchema }),
  ] as const;
}
