/**
 * The text form of a definition. For every valid (normalised) definition,
 * `parseSegmentText(printSegmentText(d))` gives `d` back: groups inside groups get parentheses,
 * event names that could be misread are quoted, numbers print in JavaScript's shortest exact form
 * (and -0 as -0), strings as JSON literals.
 */
import type { EventMatch, Filter, SegmentDefinition, TraitCondition, Window } from "./definition-schema.js";
import type { Scalar } from "./predicate-schema.js";
import { quote } from "./string-literal.js";
import { WORD } from "./tokenizer.js";

const OP_SYMBOLS = { eq: "=", neq: "!=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** Words that keep an event name from being written bare, so that it can never be misread. */
const RESERVED = new Set(
  "and or not where of then within last between true false in exists contains starts_with before ago".split(
    " ",
  ),
);

/**
 * @example
 * printSegmentText({ kind: "consent", purpose: "marketing.push" }) // 'consent("marketing.push")'
 */
export function printSegmentText(definition: SegmentDefinition): string {
  switch (definition.kind) {
    case "and":
    case "or":
      return definition.children.map(member).join(` ${definition.kind} `);
    case "not":
      return `not ${member(definition.child)}`;
    case "trait":
      return `${definition.path} ${printPredicate(definition)}`;
    case "event": {
      const property = "property" in definition ? `${definition.property} of ` : "";
      const call = `${definition.aggregate}(${property}${printMatch(definition)}${printWindow(definition.window)})`;
      return "compare" in definition
        ? `${call} ${OP_SYMBOLS[definition.compare.op]} ${printNumber(definition.compare.value)}`
        : call;
    }
    case "sequence": {
      const then = `then ${definition.negated ? "not " : ""}${printMatch(definition.followedBy)}`;
      return `sequence(${printMatch(definition.first)}${printWindow(definition.window)}, ${then}, within ${definition.within})`;
    }
    case "identifier":
      return `has_identifier(${quote(definition.identifierKind)})`;
    case "segment":
      return `in_segment(${quote(definition.name)})`;
    case "consent":
      return `consent(${quote(definition.purpose)})`;
  }
}

/** A member of a group or the operand of not: parenthesised when it is itself a group. */
function member(node: SegmentDefinition): string {
  const text = printSegmentText(node);
  return node.kind === "and" || node.kind === "or" ? `(${text})` : text;
}

function printPredicate(predicate: TraitCondition | Filter): string {
  switch (predicate.op) {
    case "eq":
    case "neq":
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return `${OP_SYMBOLS[predicate.op]} ${printScalar(predicate.value)}`;
    case "in":
      return `in [${predicate.values.map(printScalar).join(", ")}]`;
    case "not_in":
      return `not in [${predicate.values.map(printScalar).join(", ")}]`;
    case "between":
      return `between ${printScalar(predicate.values[0])} and ${printScalar(predicate.values[1])}`;
    case "contains":
    case "starts_with":
      return `${predicate.op} ${quote(predicate.value)}`;
    case "exists":
      return "exists";
    case "not_exists":
      return "not exists";
    case "within_last":
      return `within last ${predicate.duration}`;
    case "before_ago":
      return `before ${predicate.duration} ago`;
  }
}

function printMatch(match: EventMatch): string {
  const where = match.where === undefined ? "" : ` where ${match.where.map(printFilter).join(" and ")}`;
  return `${printEventName(match.event)}${where}`;
}

function printFilter(filter: Filter): string {
  return `${filter.path} ${printPredicate(filter)}`;
}

function printWindow(window: Window | undefined): string {
  if (window === undefined) return "";
  return "last" in window ? `, last ${window.last}` : `, between ${window.from} and ${window.to}`;
}

/** Bare when it is words separated by single spaces, none of them reserved; quoted otherwise. */
function printEventName(name: string): string {
  const words = name.split(" ");
  return words.every((word) => WORD.test(word) && !RESERVED.has(word)) ? name : quote(name);
}

function printScalar(value: Scalar): string {
  if (typeof value === "string") return quote(value);
  return typeof value === "number" ? printNumber(value) : String(value);
}

function printNumber(value: number): string {
  return Object.is(value, -0) ? "-0" : String(value);
}
