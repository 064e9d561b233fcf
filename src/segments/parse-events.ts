/**
 * Parsing event conditions: `count(Order Completed where products.category = "Baby", last 90d) >= 2`,
 * `exists(…)`, `sum(total of Order Completed, …) > 100` and
 * `sequence(A where …, last 30d, then not B where …, within 7d)`.
 */
import type { EventCondition, EventMatch, Filter, SequenceCondition, Window } from "./definition-schema.js";
import { type Marks, parseDuration, parsePredicate, SYMBOL_OPS } from "./parse-predicate.js";
import type { TokenCursor } from "./token-cursor.js";

export const VALUE_AGGREGATE_CALLS = ["sum", "avg", "min", "max"] as const;

/** An aggregate call; the cursor is on its name (count, exists, sum, avg, min or max). */
export function parseAggregate(c: TokenCursor, name: string): EventCondition {
  c.next();
  c.expectSymbol("(", `after ${name}`);
  const marks: Marks = [];
  let property = "";
  if (name !== "count" && name !== "exists") {
    const token = c.peek();
    if (token.kind !== "word")
      c.fail(`expected the property to ${name}, as in ${name}(total of Order Completed)`);
    property = token.text;
    marks.push(["property", token.offset]);
    c.next();
    c.expectWord("of", `after the property, as in ${name}(total of Order Completed)`);
  }
  const match = parseEventMatch(c);
  marks.push(...match.marks);
  const window = c.takeSymbol(",") ? parseWindow(c, marks) : undefined;
  c.expectSymbol(")", `to close ${name}(…)`);
  const base = { kind: "event" as const, ...match.value, ...(window === undefined ? {} : { window }) };
  let node: EventCondition;
  if (name === "exists") {
    if (c.atSymbol("=", "!=", ">", ">=", "<", "<="))
      c.fail("exists(…) takes no comparison; use count(…) >= 2 to count");
    node = { ...base, aggregate: "exists" };
  } else {
    marks.push(["compare", c.peek().offset]);
    const compare = parseCompare(c, name);
    if (name === "count") node = { ...base, aggregate: "count", compare };
    else node = { ...base, aggregate: name as (typeof VALUE_AGGREGATE_CALLS)[number], property, compare };
  }
  applyMarks(c, node, marks);
  return node;
}

/** `sequence(…)`; the cursor is on the word sequence. */
export function parseSequence(c: TokenCursor): SequenceCondition {
  c.next();
  c.expectSymbol("(", "after sequence");
  const marks: Marks = [["first", c.peek().offset]];
  const first = parseEventMatch(c);
  applyMarks(c, first.value, first.marks);
  c.expectSymbol(",", "after the first event, as in sequence(A, then not B, within 7d)");
  let window: Window | undefined;
  if (c.atWord("last", "between")) {
    window = parseWindow(c, marks);
    c.expectSymbol(",", "after the window of the first event");
  }
  c.expectWord("then", "before the second event, as in sequence(A, then not B, within 7d)");
  const negated = c.takeWord("not");
  marks.push(["followedBy", c.peek().offset]);
  const followedBy = parseEventMatch(c);
  applyMarks(c, followedBy.value, followedBy.marks);
  c.expectSymbol(",", "after the second event, as in sequence(A, then not B, within 7d)");
  c.expectWord("within", "before the time allowed for the second event (within 7d)");
  marks.push(["within", c.peek().offset]);
  const within = parseDuration(c, "after within");
  c.expectSymbol(")", "to close sequence(…)");
  const node: SequenceCondition = {
    kind: "sequence",
    first: first.value,
    ...(window === undefined ? {} : { window }),
    followedBy: followedBy.value,
    negated,
    within,
  };
  applyMarks(c, node, marks);
  return node;
}

/** An event name, bare (`Order Completed`) or quoted, and its optional `where` filters. */
function parseEventMatch(c: TokenCursor): { value: EventMatch; marks: Marks } {
  const start = c.peek();
  const marks: Marks = [["event", start.offset]];
  let event = "";
  if (start.kind === "string") {
    event = start.value;
    c.next();
  } else {
    const words: string[] = [];
    for (let token = c.peek(); token.kind === "word" && token.text !== "where"; token = c.peek()) {
      words.push(token.text);
      c.next();
    }
    if (words.length === 0) c.fail('expected an event name: its words, or a "quoted string"');
    event = words.join(" ");
  }
  if (!c.takeWord("where")) return { value: { event }, marks };
  const where: Filter[] = [];
  marks.push(["where", c.peek().offset]);
  do {
    c.positions.mark(where, where.length, c.peek().offset);
    where.push(parseFilter(c));
  } while (c.takeWord("and"));
  return { value: { event, where }, marks };
}

function parseFilter(c: TokenCursor): Filter {
  const token = c.peek();
  if (token.kind !== "word") return c.fail("expected a property path, e.g. products.category");
  c.next();
  const { predicate, marks } = parsePredicate(c, `"${token.text}"`);
  const filter: Filter = { path: token.text, ...predicate };
  applyMarks(c, filter, [["path", token.offset], ...marks]);
  return filter;
}

/** `last 90d` or `between 2026-01-01 and 2026-03-31`; adds the window's own mark to `marks`. */
function parseWindow(c: TokenCursor, marks: Marks): Window {
  marks.push(["window", c.peek().offset]);
  if (c.takeWord("last")) {
    const offset = c.peek().offset;
    const window = { last: parseDuration(c, "after last") };
    c.positions.mark(window, "last", offset);
    return window;
  }
  if (!c.takeWord("between"))
    return c.fail("expected a window: last 90d or between 2026-01-01 and 2026-03-31");
  const fromOffset = c.peek().offset;
  const from = parseDay(c);
  c.expectWord("and", "between the first and the last day of the window");
  const toOffset = c.peek().offset;
  const window = { from, to: parseDay(c) };
  applyMarks(c, window, [
    ["from", fromOffset],
    ["to", toOffset],
  ]);
  return window;
}

function parseDay(c: TokenCursor): string {
  const token = c.peek();
  if (token.kind === "day" || token.kind === "string") {
    c.next();
    return token.kind === "day" ? token.text : token.value;
  }
  return c.fail("expected a day such as 2026-03-31");
}

function parseCompare(
  c: TokenCursor,
  name: string,
): { op: (typeof SYMBOL_OPS)[keyof typeof SYMBOL_OPS]; value: number } {
  const token = c.peek();
  if (token.kind !== "symbol" || !Object.hasOwn(SYMBOL_OPS, token.text))
    return c.fail(`${name}(…) needs a comparison such as >= 2`);
  c.next();
  const value = c.peek();
  if (value.kind !== "number") return c.fail(`expected a number to compare ${name}(…) with`);
  c.next();
  return { op: SYMBOL_OPS[token.text as keyof typeof SYMBOL_OPS], value: value.value };
}

function applyMarks(c: TokenCursor, target: object, marks: Marks): void {
  for (const [key, offset] of marks) c.positions.mark(target, key, offset);
}
