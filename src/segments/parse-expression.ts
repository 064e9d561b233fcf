/**
 * The recursive descent over and/or/not: `not` binds tighter than `and`, `and` tighter than `or`;
 * `a and b and c` is one group of three, while a parenthesised group stays its own node, so
 * `(a and b) and c` reads back as the nested tree it was printed from.
 */
import type { Purpose } from "../protocol/index.js";
import type { SegmentDefinition, TraitCondition } from "./definition-schema.js";
import { parseAggregate, parseSequence, VALUE_AGGREGATE_CALLS } from "./parse-events.js";
import { parsePredicate, parseString } from "./parse-predicate.js";
import { SEGMENT_LIMITS } from "./segment-limits.js";
import type { TokenCursor } from "./token-cursor.js";

/**
 * How deep parentheses and `not` may nest while parsing. Twice the tree's depth limit, because
 * `not (a or b)` spends two for one level of tree; the tree's own limit is checked afterwards.
 */
const MAX_SYNTAX_DEPTH = 2 * SEGMENT_LIMITS.maxDepth;

const STRING_CALLS = ["has_identifier", "in_segment", "consent"] as const;
const CALLS = ["count", "exists", ...VALUE_AGGREGATE_CALLS, "sequence", ...STRING_CALLS];
const CONDITION_HINT =
  'a trait.… or computed.… path, a function such as count(…) or consent(…), "not" or "("';

export function parseOr(c: TokenCursor, depth: number): SegmentDefinition {
  return parseGroup(c, "or", () => parseAnd(c, depth));
}

function parseAnd(c: TokenCursor, depth: number): SegmentDefinition {
  return parseGroup(c, "and", () => parseUnary(c, depth));
}

/** One member, or a group of two or more joined by `keyword`. */
function parseGroup(
  c: TokenCursor,
  keyword: "and" | "or",
  member: () => SegmentDefinition,
): SegmentDefinition {
  const offsets = [c.peek().offset];
  const children = [member()];
  while (c.takeWord(keyword)) {
    offsets.push(c.peek().offset);
    children.push(member());
  }
  if (children.length === 1) return children[0] as SegmentDefinition;
  offsets.forEach((offset, i) => {
    c.positions.mark(children, i, offset);
  });
  return { kind: keyword, children };
}

function parseUnary(c: TokenCursor, depth: number): SegmentDefinition {
  if (depth > MAX_SYNTAX_DEPTH)
    c.fail(`parentheses and not are nested more than ${MAX_SYNTAX_DEPTH} levels deep here`);
  if (c.takeWord("not")) {
    const offset = c.peek().offset;
    const node: SegmentDefinition = { kind: "not", child: parseUnary(c, depth + 1) };
    c.positions.mark(node, "child", offset);
    return node;
  }
  const open = c.peek();
  if (c.takeSymbol("(")) {
    const inner = parseOr(c, depth + 1);
    c.expectSymbol(")", `to close the "(" at offset ${open.offset}`);
    return inner;
  }
  return parseCondition(c);
}

function parseCondition(c: TokenCursor): SegmentDefinition {
  const token = c.peek();
  if (token.kind !== "word" || ["and", "or", "where", "then"].includes(token.text))
    return c.fail(`expected a condition (${CONDITION_HINT})`);
  const after = c.peek(1);
  if (after.kind === "symbol" && after.text === "(") return parseCall(c, token.text);
  c.next();
  const { predicate, marks } = parsePredicate(c, token.text);
  const node: TraitCondition = { kind: "trait", path: token.text, ...predicate };
  c.positions.mark(node, "path", token.offset);
  for (const [key, offset] of marks) c.positions.mark(node, key, offset);
  return node;
}

function parseCall(c: TokenCursor, name: string): SegmentDefinition {
  if (name === "sequence") return parseSequence(c);
  if (name === "count" || name === "exists" || VALUE_AGGREGATE_CALLS.some((call) => call === name))
    return parseAggregate(c, name);
  const call = STRING_CALLS.find((known) => known === name);
  if (call === undefined) return c.fail(`unknown function "${name}"; the functions are ${CALLS.join(", ")}`);
  c.next();
  c.next();
  const offset = c.peek().offset;
  const argument = parseString(c, `inside ${call}(…)`);
  c.expectSymbol(")", `to close ${call}(…)`);
  const { node, key } = stringCondition(call, argument);
  c.positions.mark(node, key, offset);
  return node;
}

function stringCondition(call: (typeof STRING_CALLS)[number], argument: string) {
  switch (call) {
    case "has_identifier":
      return { node: { kind: "identifier", identifierKind: argument } as const, key: "identifierKind" };
    case "in_segment":
      return { node: { kind: "segment", name: argument } as const, key: "name" };
    case "consent":
      // Any string parses; the validation every parsed tree goes through names the purposes.
      return { node: { kind: "consent", purpose: argument as Purpose } as const, key: "purpose" };
  }
}
