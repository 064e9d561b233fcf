/**
 * The fold behind the computed traits: one event at a time into a per-person state. Every part
 * combines commutatively (counts, sums, maps keyed by order or complaint id, latest-by-stamp
 * values), so applying a commit's events to the stored state gives the same state as replaying
 * the person's whole event log, in any order.
 */
import { applyConsent, type ConsentState } from "./consent-fold.js";
import { applyCustomTrait, type CustomTraitDefinition, type CustomTraitState } from "./custom-traits.js";
import { type FoldEvent, isLater } from "./fold-event.js";
import type { LocalClock } from "./local-time.js";
import { applyTraits, type TraitState } from "./traits.js";

/** Per order: completion [ts, eventId, revenue], cancelled flag, refunded amount. */
export interface OrderEntry {
  c?: [number, number, number];
  x?: 1;
  r?: number;
}

/** [ts, eventId, value] */
export type Latest<T> = [number, number, T];

export interface ProfileState {
  first: number;
  last: number;
  n: number;
  traits: TraitState;
  orders: Record<string, OrderEntry>;
  /** Units bought per top-level category. */
  cat: Record<string, number>;
  /** Last purchase per leaf category (ms). */
  catLast: Record<string, number>;
  store: Record<string, number>;
  chan: Record<string, number>;
  /** Orders per local weekday (Monday first) and hour. */
  wd: number[];
  hr: number[];
  points: number;
  nps?: Latest<number>;
  sat?: Latest<number>;
  satLine: Record<string, Latest<number>>;
  complaints: Record<string, Latest<string>>;
  reviews: [count: number, ratingSum: number];
  search?: Latest<string>;
  custom: Record<string, CustomTraitState>;
  /** Absent until the person's first consent signal. */
  consent?: ConsentState;
}

export function emptyState(): ProfileState {
  return {
    first: Number.POSITIVE_INFINITY,
    last: Number.NEGATIVE_INFINITY,
    n: 0,
    traits: { set: {}, once: {} },
    orders: {},
    cat: {},
    catLast: {},
    store: {},
    chan: {},
    wd: [0, 0, 0, 0, 0, 0, 0],
    hr: new Array(24).fill(0),
    points: 0,
    satLine: {},
    complaints: {},
    reviews: [0, 0],
    custom: {},
  };
}

export interface FoldContext {
  readonly clock: LocalClock;
  readonly customTraits: readonly CustomTraitDefinition[];
}

export function applyEvent(state: ProfileState, event: FoldEvent, ctx: FoldContext): void {
  state.n++;
  if (event.ts < state.first) state.first = event.ts;
  if (event.ts > state.last) state.last = event.ts;
  applyTraits(state.traits, event);
  applyConsent(state, event);
  for (const def of ctx.customTraits) {
    const custom = state.custom[def.name] ?? {};
    state.custom[def.name] = custom;
    applyCustomTrait(def, custom, event);
  }
  if (event.type !== "track") return;
  const p = event.properties;
  const stamp = [event.ts, event.id] as const;
  switch (event.event) {
    case "Order Completed":
      applyOrder(state, event, ctx.clock);
      return;
    case "Order Cancelled":
    case "Order Refunded": {
      const id = text(p.order_id);
      if (id === undefined) return;
      const entry = orderEntry(state, id);
      if (event.event === "Order Cancelled") entry.x = 1;
      else entry.r = round2((entry.r ?? 0) + (num(p.total) ?? 0));
      return;
    }
    case "Loyalty Points Earned":
      state.points += num(p.points) ?? 0;
      return;
    case "Loyalty Points Redeemed":
      state.points -= num(p.points) ?? 0;
      return;
    case "Survey Answered": {
      const nps = num(p.nps);
      const sat = num(p.satisfaction);
      if (nps !== undefined && isLater(stamp, state.nps)) state.nps = [event.ts, event.id, nps];
      if (sat !== undefined && isLater(stamp, state.sat)) state.sat = [event.ts, event.id, sat];
      const line = text(p.product_line);
      if (sat !== undefined && line !== undefined && isLater(stamp, state.satLine[line]))
        state.satLine[line] = [event.ts, event.id, sat];
      return;
    }
    case "Complaint Filed": {
      const id = text(p.complaint_id);
      if (id !== undefined && isLater(stamp, state.complaints[id]))
        state.complaints[id] = [event.ts, event.id, text(p.status) ?? "open"];
      return;
    }
    case "Review Submitted": {
      const rating = num(p.rating);
      if (rating !== undefined) state.reviews = [state.reviews[0] + 1, state.reviews[1] + rating];
      return;
    }
    case "Products Searched": {
      const query = text(p.query);
      if (query !== undefined && isLater(stamp, state.search)) state.search = [event.ts, event.id, query];
      return;
    }
  }
}

function applyOrder(state: ProfileState, event: FoldEvent, clock: LocalClock): void {
  const p = event.properties;
  const id = text(p.order_id) ?? event.messageId;
  const items = Array.isArray(p.products) ? p.products : [];
  const revenue = num(p.revenue) ?? num(p.total) ?? round2(items.reduce((s, item) => s + lineValue(item), 0));
  const entry = orderEntry(state, id);
  if (entry.c !== undefined && !isLater([event.ts, event.id], [entry.c[0], entry.c[1]])) return;
  const repeated = entry.c !== undefined;
  entry.c = [event.ts, event.id, revenue];
  // A corrected resend of the same order replaces its revenue but is not a second purchase.
  if (repeated) return;
  for (const item of items) {
    if (item === null || typeof item !== "object") continue;
    const category = text((item as Record<string, unknown>).category);
    if (category === undefined) continue;
    const path = category.split(/\s*(?:>|\/)\s*/).filter((s) => s !== "");
    const top = path[0];
    const leaf = path.at(-1);
    const quantity = num((item as Record<string, unknown>).quantity) ?? 1;
    if (top !== undefined) state.cat[top] = (state.cat[top] ?? 0) + quantity;
    if (leaf !== undefined && event.ts > (state.catLast[leaf] ?? Number.NEGATIVE_INFINITY))
      state.catLast[leaf] = event.ts;
  }
  const store = text(p.store_id);
  if (store !== undefined) state.store[store] = (state.store[store] ?? 0) + 1;
  const channel = text(p.channel) ?? (store !== undefined ? "store" : "online");
  state.chan[channel] = (state.chan[channel] ?? 0) + 1;
  const [weekday, hour] = clock.weekdayHour(event.ts);
  state.wd[weekday] = (state.wd[weekday] ?? 0) + 1;
  state.hr[hour] = (state.hr[hour] ?? 0) + 1;
}

function orderEntry(state: ProfileState, orderId: string): OrderEntry {
  const entry = state.orders[orderId] ?? {};
  state.orders[orderId] = entry;
  return entry;
}

function lineValue(item: unknown): number {
  if (item === null || typeof item !== "object") return 0;
  const line = item as Record<string, unknown>;
  return (num(line.price) ?? 0) * (num(line.quantity) ?? 1);
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== ""
    ? value
    : typeof value === "number"
      ? String(value)
      : undefined;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
