/**
 * The checks of one predicate that its shape cannot express: which values each operator takes,
 * one type per list, bounds in order, durations within the limit, string lengths.
 */
import type { Filter, TraitCondition } from "./definition-schema.js";
import type { Scalar } from "./predicate-schema.js";
import type { SegmentIssueCode } from "./segment-issue.js";
import { SEGMENT_LIMITS } from "./segment-limits.js";
import { durationMs, MAX_DURATION_MS } from "./time-values.js";
import { compareOrdered } from "./value-order.js";

export type Report = (path: readonly PropertyKey[], message: string, code?: SegmentIssueCode) => void;

/** Checks `predicate` at `path`; returns how many list values it holds (they count as nodes). */
export function checkPredicate(
  predicate: TraitCondition | Filter,
  path: readonly PropertyKey[],
  report: Report,
) {
  switch (predicate.op) {
    case "eq":
    case "neq":
    case "contains":
    case "starts_with":
      checkString(predicate.value, [...path, "value"], report);
      return 0;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      if (typeof predicate.value === "boolean")
        report([...path, "value"], `${predicate.op} compares numbers or strings, not true or false`);
      checkString(predicate.value, [...path, "value"], report);
      return 0;
    case "in":
    case "not_in":
      checkList(predicate.values, [...path, "values"], report);
      return predicate.values.length;
    case "between":
      checkBounds(predicate.values, [...path, "values"], report);
      return 0;
    case "within_last":
    case "before_ago":
      checkDuration(predicate.duration, [...path, "duration"], report);
      return 0;
    case "exists":
    case "not_exists":
      return 0;
  }
}

/**
 * Length, and the two things PostgreSQL text cannot hold (NUL and unpaired surrogates): a string
 * the database cannot store could never match there, so the evaluators would disagree.
 */
export function checkString(value: unknown, path: readonly PropertyKey[], report: Report) {
  if (typeof value !== "string") return;
  if (value.length > SEGMENT_LIMITS.maxStringLength)
    report(
      path,
      `text is ${value.length} characters long; at most ${SEGMENT_LIMITS.maxStringLength} are allowed`,
      "too_large",
    );
  else if (value.includes("\u0000")) report(path, "text must not contain the NUL character (\\u0000)");
  else if (!value.isWellFormed())
    report(path, "text contains an unpaired surrogate, which is not valid Unicode");
}

export function checkDuration(duration: string, path: readonly PropertyKey[], report: Report) {
  if ((durationMs(duration) ?? 0) > MAX_DURATION_MS)
    report(path, `${duration} is longer than the longest duration allowed, 36500d (100 years)`);
}

function checkList(values: readonly Scalar[], path: readonly PropertyKey[], report: Report) {
  const [first] = values;
  values.forEach((value, i) => {
    if (typeof value !== typeof first)
      report(
        [...path, i],
        `a list holds values of one type; ${show(value)} is not a ${typeof first} like ${show(first)}`,
      );
    checkString(value, [...path, i], report);
  });
}

function checkBounds(values: readonly [Scalar, Scalar], path: readonly PropertyKey[], report: Report) {
  const [low, high] = values;
  if (typeof low === "boolean" || typeof high === "boolean") {
    report(path, "between takes two numbers or two strings, not true or false");
    return;
  }
  const order = compareOrdered(low, high);
  if (order === undefined)
    report(path, `between takes two numbers or two strings, not ${show(low)} and ${show(high)}`);
  else if (order > 0)
    report(path, `between's lower bound ${show(low)} is above its upper bound ${show(high)}`);
  values.forEach((value, i) => {
    checkString(value, [...path, i], report);
  });
}

function show(value: Scalar | undefined): string {
  return typeof value === "string"
    ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    : String(value);
}
