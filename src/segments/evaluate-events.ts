/**
 * Event aggregates and sequences, by brute force over one person's events (the oracle the SQL
 * compiler is tested against, so plain loops and no shortcuts). The rules:
 * - an event matches when it is a `track` call with exactly that name and every filter holds;
 * - filters on `products.<field>` must all hold for one and the same line item (an array element
 *   of `properties.products` that is an object); other filters read `properties` directly;
 * - windows: `last 90d` is now − 90 days ≤ ts ≤ now; `between D1 and D2` is midnight UTC of D1
 *   ≤ ts < midnight UTC of the day after D2 (both days whole); no window is all time;
 * - count counts matching events; an aggregate over `products.<field>` takes the field of every
 *   line item that satisfies the line-item filters, one over another property one value per
 *   event; only JSON numbers count (not "12.5"); sum of nothing is 0, avg/min/max of nothing is
 *   missing and no comparison holds for it;
 * - sequence: see sequenceHolds.
 */
import type { EventCondition, EventMatch, Filter, SequenceCondition, Window } from "./definition-schema.js";
import type { InMemoryEvent } from "./in-memory-person.js";
import type { ComparisonOp } from "./predicate-schema.js";
import { LINE_ITEMS } from "./segment-limits.js";
import { isPlainObject, predicateHolds, valueAt } from "./test-value.js";
import { DAY_MS, dayStartMs, durationMs } from "./time-values.js";

const LINE_ITEM_PREFIX = `${LINE_ITEMS}.`;

export function aggregateHolds(node: EventCondition, events: readonly InMemoryEvent[], now: number): boolean {
  const matched = events.filter(
    (event) => eventMatches(event, node, now) && inWindow(event.ts, node.window, now),
  );
  if (node.aggregate === "exists") return matched.length >= 1;
  if (node.aggregate === "count") return compares(matched.length, node.compare);
  const values = matched.flatMap((event) => numbersOf(event, node.property, node.where ?? [], now));
  let total = 0;
  for (const value of values) total += value;
  switch (node.aggregate) {
    case "sum":
      return compares(total, node.compare);
    case "avg":
      return values.length > 0 && compares(total / values.length, node.compare);
    case "min":
      return (
        values.length > 0 &&
        compares(
          values.reduce((a, b) => Math.min(a, b)),
          node.compare,
        )
      );
    case "max":
      return (
        values.length > 0 &&
        compares(
          values.reduce((a, b) => Math.max(a, b)),
          node.compare,
        )
      );
  }
}

/**
 * The person did A (`first`, in the window) and then B (`followedBy`) within the duration after it:
 * there is an A event at tA such that some B event has tA < tB ≤ tA + within. Negated: there is
 * an A event such that no B event has tA < tB ≤ tA + within. The interval may still be open (tA +
 * within after now): someone who searched yesterday and has not bought yet is "did not buy
 * within 7 days" today. B is not limited by the window; an event is never its own B.
 */
export function sequenceHolds(
  node: SequenceCondition,
  events: readonly InMemoryEvent[],
  now: number,
): boolean {
  const within = durationMs(node.within) ?? 0;
  const firsts = events.filter(
    (event) => eventMatches(event, node.first, now) && inWindow(event.ts, node.window, now),
  );
  const thens = events.filter((event) => eventMatches(event, node.followedBy, now));
  return firsts.some((a) => {
    const followed = thens.some((b) => b.ts > a.ts && b.ts <= a.ts + within);
    return node.negated ? !followed : followed;
  });
}

export function inWindow(ts: number, window: Window | undefined, now: number): boolean {
  if (window === undefined) return true;
  if ("last" in window) return ts >= now - (durationMs(window.last) ?? 0) && ts <= now;
  const from = dayStartMs(window.from) ?? 0;
  const to = (dayStartMs(window.to) ?? 0) + DAY_MS;
  return ts >= from && ts < to;
}

function eventMatches(event: InMemoryEvent, match: EventMatch, now: number): boolean {
  if (event.type !== "track" || event.event !== match.event) return false;
  const filters = match.where ?? [];
  for (const filter of filters) {
    if (isLineItemPath(filter.path)) continue;
    if (!predicateHolds(filter, valueAt(event.properties, filter.path.split(".")), now)) return false;
  }
  const readsLineItems = filters.some((filter) => isLineItemPath(filter.path));
  return !readsLineItems || matchingLineItems(event, filters, now).length > 0;
}

/** The line items of an event (objects in a list under `products`) that pass its line-item filters. */
function matchingLineItems(event: InMemoryEvent, filters: readonly Filter[], now: number) {
  const items = event.properties[LINE_ITEMS];
  if (!Array.isArray(items)) return [];
  const perItem = filters.filter((filter) => isLineItemPath(filter.path));
  return items
    .filter(isPlainObject)
    .filter((item) =>
      perItem.every((filter) => predicateHolds(filter, valueAt(item, itemPath(filter.path)), now)),
    );
}

/** The numbers an aggregate takes from one matching event. */
function numbersOf(
  event: InMemoryEvent,
  property: string,
  filters: readonly Filter[],
  now: number,
): number[] {
  const values = isLineItemPath(property)
    ? matchingLineItems(event, filters, now).map((item) => valueAt(item, itemPath(property)))
    : [valueAt(event.properties, property.split("."))];
  return values.filter((value): value is number => typeof value === "number");
}

function compares(value: number, compare: { op: ComparisonOp; value: number }): boolean {
  switch (compare.op) {
    case "eq":
      return value === compare.value;
    case "neq":
      return value !== compare.value;
    case "gt":
      return value > compare.value;
    case "gte":
      return value >= compare.value;
    case "lt":
      return value < compare.value;
    case "lte":
      return value <= compare.value;
  }
}

function isLineItemPath(path: string): boolean {
  return path.startsWith(LINE_ITEM_PREFIX);
}

function itemPath(path: string): string[] {
  return path.slice(LINE_ITEM_PREFIX.length).split(".");
}
