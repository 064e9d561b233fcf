/**
 * Test support: the small world random definitions and random people are drawn from, small on
 * purpose so that conditions and data meet often (equal values, window edges, shared names).
 */
import { DAY_MS, HOUR_MS } from "./time-values.js";

/** The evaluation time of every generated case: 2026-03-15 12:00 UTC. */
export const ARBITRARY_NOW = Date.UTC(2026, 2, 15, 12);

export type ValueKind = "string" | "number" | "boolean" | "date" | "tags";

export interface Field {
  path: string;
  kind: ValueKind;
}

export const STRING_POOL = [
  "Bern",
  "Basel",
  "Zürich",
  "Baby",
  "Jackets",
  "winter jacket",
  "web",
  "store",
  "a",
  "",
];
export const NUMBER_POOL = [0, 1, 2, 3, 5, 18, 30, 49.5, 50, 100, -1];

export const TRAIT_FIELDS: readonly Field[] = [
  { path: "trait.city", kind: "string" },
  { path: "trait.age", kind: "number" },
  { path: "trait.vip", kind: "boolean" },
  { path: "trait.tags", kind: "tags" },
  { path: "trait.signupAt", kind: "date" },
  { path: "computed.orderCount", kind: "number" },
  { path: "computed.lastOrderAt", kind: "date" },
  { path: "computed.eventCount", kind: "number" },
  { path: "computed.lastSeen", kind: "date" },
  { path: "computed.rfm.segment", kind: "string" },
];

/** Each event's properties; `products.*` are line-item fields of orders. */
export const EVENT_FIELDS: Readonly<Record<string, readonly Field[]>> = {
  "Order Completed": [
    { path: "total", kind: "number" },
    { path: "store_id", kind: "string" },
    { path: "channel", kind: "string" },
    { path: "products.category", kind: "string" },
    { path: "products.price", kind: "number" },
    { path: "products.quantity", kind: "number" },
  ],
  "Products Searched": [{ path: "query", kind: "string" }],
  "Product Viewed": [
    { path: "category", kind: "string" },
    { path: "price", kind: "number" },
  ],
};
export const EVENT_NAMES = Object.keys(EVENT_FIELDS);

/** Numeric properties an aggregate can take, whatever the event (a missing one gives no values). */
export const NUMERIC_PROPERTIES = ["total", "price", "products.price", "products.quantity"];

/** Whole hours, so that events land exactly on window edges now and then. */
export const DURATIONS = ["1h", "12h", "1d", "2d", "7d", "30d", "90d", "2w", "13w"];
/** Days around ARBITRARY_NOW for absolute windows, in order. */
export const DAYS = ["2025-12-31", "2026-01-01", "2026-02-15", "2026-03-14", "2026-03-15", "2026-03-31"];

export const IDENTIFIER_KIND_POOL = ["user", "email", "phone", "card", "anon", "device", "ext:crm"];
export const SEGMENT_NAMES = ["vip", "champions", "lapsed"];

/** Event times: whole hours before (or, rarely, after) ARBITRARY_NOW, up to about four months. */
export const MAX_AGE_HOURS = 130 * 24;
export const hoursAgo = (hours: number) => ARBITRARY_NOW - hours * HOUR_MS;
export const daysAgoIso = (days: number) => new Date(ARBITRARY_NOW - days * DAY_MS).toISOString();
