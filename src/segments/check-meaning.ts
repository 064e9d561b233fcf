/**
 * The checks of a well-shaped definition that the zod schema cannot express: path characters,
 * value types per operator, windows and durations, string lengths, and the size limits. Runs on
 * zod's output, so every field is known to have its type.
 */
import { checkDuration, checkPredicate, checkString, type Report } from "./check-predicate.js";
import type { EventMatch, SegmentDefinition, Window } from "./definition-schema.js";
import { type SegmentIssue, toPointer } from "./segment-issue.js";
import { propertyPathProblem, SEGMENT_LIMITS, traitPathProblem } from "./segment-limits.js";
import { dayStartMs } from "./time-values.js";

type Path = readonly PropertyKey[];

export function checkMeaning(definition: SegmentDefinition): SegmentIssue[] {
  const issues: SegmentIssue[] = [];
  const report: Report = (path, message, code = "invalid_value") => {
    issues.push({ code, path: toPointer(path), message });
  };
  let nodes = 0;
  const count = (n: number) => {
    nodes += n;
  };
  walk(definition, [], 1, report, count);
  if (nodes > SEGMENT_LIMITS.maxNodes)
    report(
      [],
      `the definition has ${nodes} nodes (conditions, groups, filters and list values); at most ${SEGMENT_LIMITS.maxNodes} are allowed`,
      "too_large",
    );
  return issues;
}

function walk(
  node: SegmentDefinition,
  path: Path,
  depth: number,
  report: Report,
  count: (n: number) => void,
) {
  count(1);
  if (depth > SEGMENT_LIMITS.maxDepth) {
    report(path, `conditions are nested more than ${SEGMENT_LIMITS.maxDepth} levels deep`, "too_large");
    return;
  }
  switch (node.kind) {
    case "and":
    case "or":
      node.children.forEach((child, i) => {
        walk(child, [...path, "children", i], depth + 1, report, count);
      });
      return;
    case "not":
      walk(node.child, [...path, "child"], depth + 1, report, count);
      return;
    case "trait":
      checkPath(traitPathProblem(node.path), [...path, "path"], report);
      count(checkPredicate(node, path, report));
      return;
    case "event":
      checkMatch(node, path, report, count);
      if (node.aggregate !== "exists" && node.aggregate !== "count")
        checkPath(propertyPathProblem(node.property), [...path, "property"], report);
      checkWindow(node.window, [...path, "window"], report);
      return;
    case "sequence":
      checkMatch(node.first, [...path, "first"], report, count);
      checkMatch(node.followedBy, [...path, "followedBy"], report, count);
      checkWindow(node.window, [...path, "window"], report);
      checkDuration(node.within, [...path, "within"], report);
      return;
    case "identifier":
      checkString(node.identifierKind, [...path, "identifierKind"], report);
      return;
    case "segment":
      checkString(node.name, [...path, "name"], report);
      return;
    case "consent":
      return;
  }
}

function checkMatch(match: EventMatch, path: Path, report: Report, count: (n: number) => void) {
  checkString(match.event, [...path, "event"], report);
  match.where?.forEach((filter, i) => {
    const at = [...path, "where", i];
    count(1);
    checkPath(propertyPathProblem(filter.path), [...at, "path"], report);
    count(checkPredicate(filter, at, report));
  });
}

function checkWindow(window: Window | undefined, path: Path, report: Report) {
  if (window === undefined) return;
  if ("last" in window) {
    checkDuration(window.last, [...path, "last"], report);
    return;
  }
  const from = dayStartMs(window.from);
  const to = dayStartMs(window.to);
  if (from === undefined) report([...path, "from"], `${window.from} is not a day of the calendar`);
  if (to === undefined) report([...path, "to"], `${window.to} is not a day of the calendar`);
  if (from !== undefined && to !== undefined && from > to)
    report(path, `the window starts (${window.from}) after it ends (${window.to})`);
}

function checkPath(problem: string | undefined, path: Path, report: Report) {
  if (problem !== undefined) report(path, problem);
}
