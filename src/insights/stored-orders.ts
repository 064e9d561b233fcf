/**
 * Reads the completed orders out of the event log, page by page, for the analytics jobs: one
 * order per person and order id (a corrected resend replaces the first), cancelled orders left
 * out, refunds taken off the revenue. Only persons whose data may be processed for analytics are
 * read (restriction and objection, Art. 18 and 21, through the same `decide` as everywhere).
 * Order lines hold product ids and prices, never personal data, so nothing needs to be opened.
 */
import { type Kysely, sql } from "kysely";
import { decide } from "../privacy/index.js";
import type { ConsentView } from "../profiles/index.js";
import type { Database } from "../storage/index.js";

export interface OrderLine {
  readonly itemId: string;
  /** The line's category path, e.g. ["Bekleidung", "Jacken", "Winterjacken"]; empty when unknown. */
  readonly categoryPath: readonly string[];
  readonly price: number | undefined;
  readonly quantity: number;
}

export interface StoredOrder {
  readonly personId: string;
  readonly orderId: string;
  readonly time: number;
  revenue: number;
  readonly lines: readonly OrderLine[];
}

export interface OrderScan {
  readonly orders: StoredOrder[];
  /** Persons left out because they restricted or objected to analytics. */
  readonly personsLeftOut: number;
}

interface OrderEventRow {
  id: string | number;
  ts: Date;
  event: string;
  message_id: string;
  properties: Record<string, unknown>;
  person_id: string;
}

const PAGE = 20_000;
const NO_CONSENT_SIGNAL: ConsentView = { purposes: {}, objections: [], restricted: false };

/** Every usable order in the workspace; `onProgress(fraction)` runs after each page. */
export async function scanOrders(
  db: Kysely<Database>,
  workspaceId: string,
  onProgress: (fraction: number) => void = () => {},
): Promise<OrderScan> {
  const last = await db
    .selectFrom("events")
    .select((eb) => eb.fn.max("id").as("max"))
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
  const maxId = Number(last?.max ?? 0);
  const orders = new Map<string, StoredOrder>();
  const cancelled = new Set<string>();
  const refunds = new Map<string, number>();
  const allowed = new Map<string, boolean>();
  let after = 0;
  for (;;) {
    const { rows } = await sql<OrderEventRow>`
      select e.id, e.ts, e.event, e.message_id, e.properties, i.person_id
      from events e
      join identities i on i.workspace_id = e.workspace_id and i.key = e.identity_key
      where e.workspace_id = ${workspaceId} and e.id > ${after} and e.type = 'track'
        and e.event in ('Order Completed', 'Order Cancelled', 'Order Refunded')
      order by e.id limit ${PAGE}`.execute(db);
    await decideNewPersons(db, workspaceId, rows, allowed);
    for (const row of rows) if (allowed.get(row.person_id) === true) take(row, orders, cancelled, refunds);
    if (rows.length < PAGE) break;
    after = Number(rows.at(-1)!.id);
    onProgress(maxId === 0 ? 1 : after / maxId);
  }
  onProgress(1);
  const kept: StoredOrder[] = [];
  for (const [key, order] of orders) {
    if (cancelled.has(key)) continue;
    order.revenue = Math.max(0, order.revenue - (refunds.get(key) ?? 0));
    kept.push(order);
  }
  kept.sort((a, b) => a.time - b.time || (a.orderId < b.orderId ? -1 : 1));
  let leftOut = 0;
  for (const may of allowed.values()) if (!may) leftOut++;
  return { orders: kept, personsLeftOut: leftOut };
}

/** Reads the consent view of each person not seen before, once, and decides for analytics. */
async function decideNewPersons(
  db: Kysely<Database>,
  workspaceId: string,
  rows: readonly OrderEventRow[],
  allowed: Map<string, boolean>,
): Promise<void> {
  const fresh = [...new Set(rows.map((r) => r.person_id).filter((id) => !allowed.has(id)))];
  if (fresh.length === 0) return;
  const { rows: views } = await sql<{ id: string; consent: ConsentView | null }>`
    select id, computed -> 'consent' as consent from profiles
    where workspace_id = ${workspaceId} and id = any(${fresh}::uuid[])`.execute(db);
  // A person without a profile row (being merged right now) is left for the next run.
  for (const id of fresh) allowed.set(id, false);
  for (const view of views)
    allowed.set(view.id, decide(view.consent ?? NO_CONSENT_SIGNAL, "analytics").allowed);
}

function take(
  row: OrderEventRow,
  orders: Map<string, StoredOrder>,
  cancelled: Set<string>,
  refunds: Map<string, number>,
): void {
  const p = row.properties;
  const orderId = text(p.order_id) ?? row.message_id;
  const key = `${row.person_id}\u0000${orderId}`;
  if (row.event === "Order Cancelled") {
    cancelled.add(key);
    return;
  }
  if (row.event === "Order Refunded") {
    refunds.set(key, (refunds.get(key) ?? 0) + (num(p.total) ?? num(p.revenue) ?? 0));
    return;
  }
  const lines = orderLines(p.products);
  const revenue =
    num(p.revenue) ?? num(p.total) ?? lines.reduce((sum, l) => sum + (l.price ?? 0) * l.quantity, 0);
  // Resends of one order keep the latest version, as the profile fold does.
  orders.set(key, { personId: row.person_id, orderId, time: row.ts.getTime(), revenue, lines });
}

/** The usable lines of an order's `products` (an id from product_id, sku or id; quantity at least 1). */
export function orderLines(products: unknown): OrderLine[] {
  if (!Array.isArray(products)) return [];
  const lines: OrderLine[] = [];
  for (const product of products) {
    if (product === null || typeof product !== "object") continue;
    const item = product as Record<string, unknown>;
    const itemId = text(item.product_id) ?? text(item.sku) ?? text(item.id);
    if (itemId === undefined) continue;
    const category = text(item.category);
    lines.push({
      itemId,
      categoryPath: category === undefined ? [] : category.split(/\s*(?:>|\/)\s*/).filter((s) => s !== ""),
      price: num(item.price),
      quantity: Math.max(1, num(item.quantity) ?? 1),
    });
  }
  return lines;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === "string" && value !== "") return value;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}
