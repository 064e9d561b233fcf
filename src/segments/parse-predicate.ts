/**
 * Parsing the test after a path (`= "Bern"`, `not in [1, 2]`, `within last 30d`) and the values it
 * takes. Shared by trait conditions and event property filters.
 */
import type { Filter } from "./definition-schema.js";
import type { Scalar } from "./predicate-schema.js";
import type { TokenCursor } from "./token-cursor.js";

/** A predicate without the path it tests: a Filter less its `path`. */
export type Predicate = Filter extends infer F ? (F extends unknown ? Omit<F, "path"> : never) : never;
/** Offsets of a parsed object's members, applied once the final object exists. */
export type Marks = [key: string, offset: number][];

export const SYMBOL_OPS = { "=": "eq", "!=": "neq", ">": "gt", ">=": "gte", "<": "lt", "<=": "lte" } as const;

const PREDICATE_HINT =
  "=, !=, >, >=, <, <=, in, not in, contains, starts_with, exists, not exists, between, within last or before … ago";

export function parsePredicate(c: TokenCursor, subject: string): { predicate: Predicate; marks: Marks } {
  const opOffset = c.peek().offset;
  const at = (
    predicate: Predicate,
    key?: string,
    offset = opOffset,
  ): { predicate: Predicate; marks: Marks } => {
    const marks: Marks = [["op", opOffset]];
    if (key !== undefined) marks.push([key, offset]);
    return { predicate, marks };
  };
  const token = c.peek();
  if (token.kind === "symbol" && Object.hasOwn(SYMBOL_OPS, token.text)) {
    c.next();
    const offset = c.peek().offset;
    const op = SYMBOL_OPS[token.text as keyof typeof SYMBOL_OPS];
    return at({ op, value: parseScalar(c) }, "value", offset);
  }
  if (c.takeWord("in")) return at(...parseListAt(c, "in"));
  if (c.takeWord("not")) {
    if (c.takeWord("in")) return at(...parseListAt(c, "not_in"));
    if (c.takeWord("exists")) return at({ op: "not_exists" });
    c.fail('expected "in" or "exists" after "not"');
  }
  if (token.kind === "word" && (token.text === "contains" || token.text === "starts_with")) {
    c.next();
    const op = token.text === "contains" ? "contains" : "starts_with";
    const offset = c.peek().offset;
    return at({ op, value: parseString(c, `after ${op}`) }, "value", offset);
  }
  if (c.takeWord("exists")) return at({ op: "exists" });
  if (c.takeWord("between")) {
    const offset = c.peek().offset;
    const low = parseScalar(c);
    c.expectWord("and", "between the two bounds of between");
    return at({ op: "between", values: [low, parseScalar(c)] }, "values", offset);
  }
  if (c.takeWord("within")) {
    c.expectWord("last", 'after "within" (within last 30d)');
    const offset = c.peek().offset;
    return at({ op: "within_last", duration: parseDuration(c, "after within last") }, "duration", offset);
  }
  if (c.takeWord("before")) {
    const offset = c.peek().offset;
    const duration = parseDuration(c, 'after "before" (before 90d ago)');
    c.expectWord("ago", "after the duration (before 90d ago)");
    return at({ op: "before_ago", duration }, "duration", offset);
  }
  return c.fail(`expected an operator after ${subject} (${PREDICATE_HINT})`);
}

export function parseScalar(c: TokenCursor): Scalar {
  const token = c.peek();
  if (token.kind === "string" || token.kind === "number") {
    c.next();
    return token.value;
  }
  if (token.kind === "word" && (token.text === "true" || token.text === "false")) {
    c.next();
    return token.text === "true";
  }
  if (token.kind === "day") return c.fail(`write a day as a string here, e.g. "${token.text}"`);
  return c.fail('expected a value: a "string", a number, true or false');
}

export function parseString(c: TokenCursor, context: string): string {
  const token = c.peek();
  if (token.kind !== "string") return c.fail(`expected a "quoted string" ${context}`);
  c.next();
  return token.value;
}

export function parseDuration(c: TokenCursor, context: string): string {
  const token = c.peek();
  if (token.kind === "number")
    return c.fail("a duration needs a unit: h (hours), d (days) or w (weeks), as in 30d");
  if (token.kind !== "duration") return c.fail(`expected a duration such as 30d ${context}`);
  c.next();
  return token.text;
}

/** The list predicate and where its list starts, for `at`. */
function parseListAt(c: TokenCursor, op: "in" | "not_in"): [Predicate, string, number] {
  const offset = c.peek().offset;
  return [{ op, values: parseList(c) }, "values", offset];
}

/** `[v, …]`; its elements are marked on the array. An empty list parses; validation refuses it. */
function parseList(c: TokenCursor): Scalar[] {
  c.expectSymbol("[", "to open the list of values (in [1, 2])");
  const values: Scalar[] = [];
  if (c.takeSymbol("]")) return values;
  do {
    c.positions.mark(values, values.length, c.peek().offset);
    values.push(parseScalar(c));
  } while (c.takeSymbol(","));
  c.expectSymbol("]", "to close the list of values");
  return values;
}
