/**
 * How a predicate judges one value: the comparison semantics of the segment language, written so
 * that SQL can reproduce them exactly (docs/segment-language.md, "Semantics"). Every test is true
 * or false, never unknown:
 * - a missing value (absent, JSON null, or a path through something that is not an object) only
 *   satisfies `not_exists`; in particular `neq` and `not_in` are false on it, like SQL's NULL;
 * - a value of another type than the operand never satisfies anything (5 is not "5");
 * - numbers compare numerically, strings by code point (PostgreSQL `COLLATE "C"`), case-sensitively.
 */
import type { Filter, TraitCondition } from "./definition-schema.js";
import { durationMs, instantMs } from "./time-values.js";
import { compareOrdered } from "./value-order.js";

type Predicate = TraitCondition | Filter;

/** The value at `segments` below `root`, or undefined when it is missing or null. */
export function valueAt(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current === null ? undefined : current;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `value` (undefined when missing) satisfies `predicate` at time `now`. */
export function predicateHolds(predicate: Predicate, value: unknown, now: number): boolean {
  switch (predicate.op) {
    case "exists":
      return value !== undefined;
    case "not_exists":
      return value === undefined;
    case "eq":
      return typeof value === typeof predicate.value && value === predicate.value;
    case "neq":
      return typeof value === typeof predicate.value && value !== predicate.value;
    case "gt":
      return ordered(value, predicate.value, (order) => order > 0);
    case "gte":
      return ordered(value, predicate.value, (order) => order >= 0);
    case "lt":
      return ordered(value, predicate.value, (order) => order < 0);
    case "lte":
      return ordered(value, predicate.value, (order) => order <= 0);
    case "in":
      return predicate.values.some((option) => typeof value === typeof option && value === option);
    case "not_in":
      return predicate.values.every((option) => typeof value === typeof option && value !== option);
    case "between": {
      const [low, high] = predicate.values;
      return ordered(value, low, (order) => order >= 0) && ordered(value, high, (order) => order <= 0);
    }
    case "contains":
      if (typeof value === "string") return value.includes(predicate.value);
      return Array.isArray(value) && value.some((element) => element === predicate.value);
    case "starts_with":
      return typeof value === "string" && value.startsWith(predicate.value);
    case "within_last": {
      const at = typeof value === "string" ? instantMs(value) : undefined;
      return at !== undefined && at >= now - (durationMs(predicate.duration) ?? 0) && at <= now;
    }
    case "before_ago": {
      const at = typeof value === "string" ? instantMs(value) : undefined;
      return at !== undefined && at < now - (durationMs(predicate.duration) ?? 0);
    }
  }
}

/** Whether value and operand are both numbers or both strings and their order passes `test`. */
function ordered(value: unknown, operand: unknown, test: (order: number) => boolean): boolean {
  const order = compareOrdered(value, operand);
  return order !== undefined && test(order);
}
