/**
 * One predicate on one JSON value, as SQL that gives exactly what test-value.ts gives: true or
 * false, never NULL (the caller wraps every condition in `coalesce(…, false)` so that `not` stays
 * two-valued); a missing value or JSON null satisfies only `not_exists`; a value of another type
 * than the operand satisfies nothing; numbers compare as exact numerics, strings by code point
 * (`COLLATE "C"`). Values and paths are bound parameters, never SQL text.
 */
import { type RawBuilder, sql } from "kysely";
import type { Filter, TraitCondition } from "./definition-schema.js";
import type { ComparisonOp, Scalar } from "./predicate-schema.js";
import { durationMs } from "./time-values.js";

type Predicate = TraitCondition | Filter;
type Sql = RawBuilder<unknown>;

/** `root #> path` as jsonb: the value at a dotted path below a jsonb expression. */
export function jsonAt(root: Sql, segments: readonly string[]): Sql {
  return sql`(${root} #> ${segments as string[]}::text[])`;
}

/** Whether the jsonb value `v` satisfies `predicate` at `now` (milliseconds). */
export function predicateSql(predicate: Predicate, v: Sql, now: number): Sql {
  switch (predicate.op) {
    case "exists":
      return sql`(coalesce(jsonb_typeof(${v}), 'null') <> 'null')`;
    case "not_exists":
      return sql`(coalesce(jsonb_typeof(${v}), 'null') = 'null')`;
    case "eq":
    case "neq":
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return compare(v, SQL_OPERATORS[predicate.op], predicate.value);
    case "in":
      return sql`(${sql.join(
        predicate.values.map((value) => compare(v, "=", value)),
        sql` or `,
      )})`;
    case "not_in":
      return sql`(${sql.join(
        predicate.values.map((value) => compare(v, "<>", value)),
        sql` and `,
      )})`;
    case "between":
      return sql`(${compare(v, ">=", predicate.values[0])} and ${compare(v, "<=", predicate.values[1])})`;
    case "contains":
      return sql`(case jsonb_typeof(${v})
        when 'string' then strpos(${v} #>> '{}', ${predicate.value}::text) > 0
        when 'array' then ${v} @> jsonb_build_array(${predicate.value}::text)
        else false end)`;
    case "starts_with":
      return sql`(jsonb_typeof(${v}) = 'string' and starts_with(${v} #>> '{}', ${predicate.value}::text))`;
    case "within_last":
      return sql`(jsonb_typeof(${v}) = 'string' and ${instant(v)} between ${at(now - ms(predicate.duration))} and ${at(now)})`;
    case "before_ago":
      return sql`(jsonb_typeof(${v}) = 'string' and ${instant(v)} < ${at(now - ms(predicate.duration))})`;
  }
}

/** The SQL operator of each comparison of the language (closed list: the only operator text spliced in). */
export const SQL_OPERATORS = {
  eq: "=",
  neq: "<>",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
} as const satisfies Record<ComparisonOp, string>;
type Operator = (typeof SQL_OPERATORS)[ComparisonOp];

/** A typed comparison: the value must have the operand's JSON type (booleans only = and <>). */
function compare(v: Sql, op: Operator, operand: Scalar): Sql {
  const o = sql.raw(op);
  if (typeof operand === "number")
    return sql`(jsonb_typeof(${v}) = 'number' and (${v} #>> '{}')::numeric ${o} ${String(operand)}::numeric)`;
  if (typeof operand === "string")
    return sql`(jsonb_typeof(${v}) = 'string' and (${v} #>> '{}') collate "C" ${o} ${operand}::text collate "C")`;
  if (op !== "=" && op !== "<>") return sql`false`;
  return sql`(jsonb_typeof(${v}) = 'boolean' and (${v} #>> '{}')::boolean ${o} ${operand})`;
}

/** A date-valued string as an instant truncated to the millisecond (NULL when it is not one). */
function instant(v: Sql): Sql {
  return sql`date_trunc('milliseconds', kp_segment_instant(${v} #>> '{}'))`;
}

/** 0001-01-01T00:00:00Z (Date.UTC reads year 1 as 1901). */
const YEAR_1 = -62_135_596_800_000;
const YEAR_10000 = Date.UTC(10_000, 0, 1);

/**
 * An instant as a timestamptz parameter. Window bounds can lie beyond what ISO 8601 text in
 * PostgreSQL reads (`9999-12-31` whole ends in year 10000); no stored time lies there, so they
 * become ±infinity.
 */
export function at(msSinceEpoch: number): Sql {
  if (msSinceEpoch >= YEAR_10000) return sql`'infinity'::timestamptz`;
  if (msSinceEpoch < YEAR_1) return sql`'-infinity'::timestamptz`;
  return sql`${new Date(msSinceEpoch).toISOString()}::timestamptz`;
}

export function ms(duration: string): number {
  return durationMs(duration) ?? 0;
}
