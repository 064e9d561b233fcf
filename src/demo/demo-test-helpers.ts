/**
 * Test support for the demo context: turns a message stream into per-customer histories
 * (orders by catalogue group, searches, location pings) so tests can look for the patterns.
 */
import type { DemoMessage } from "./messages.js";

/** One order as the tests see it. */
export interface SeenOrder {
  readonly t: number;
  readonly channel: string;
  /** Catalogue group keys of the lines (`dish-tabs-02` → `dish-tabs`). */
  readonly groups: ReadonlySet<string>;
  readonly productIds: readonly string[];
}

/** What one customer did, in time order. */
export interface History {
  readonly orders: SeenOrder[];
  readonly searches: { t: number; query: string }[];
  readonly locations: number[];
  readonly views: { t: number; productId: string }[];
}

/** The customer index of a demo messageId (`demo-<seed>-<customer>-<n>`). */
export function customerOf(message: DemoMessage): number {
  return Number(message.messageId.split("-")[2]);
}

/** The catalogue group of a product id. */
export function groupOf(productId: string): string {
  return productId.slice(0, productId.lastIndexOf("-"));
}

/** Per-customer histories of a message stream. */
export function histories(messages: Iterable<DemoMessage>): Map<number, History> {
  const byCustomer = new Map<number, History>();
  for (const m of messages) {
    const c = customerOf(m);
    let h = byCustomer.get(c);
    if (h === undefined) {
      h = { orders: [], searches: [], locations: [], views: [] };
      byCustomer.set(c, h);
    }
    if (m.type !== "track") continue;
    const t = Date.parse(m.timestamp as string);
    const p = m.properties as Record<string, unknown>;
    if (m.event === "Order Completed") {
      const productIds = (p.products as { product_id: string }[]).map((line) => line.product_id);
      h.orders.push({ t, channel: String(p.channel), groups: new Set(productIds.map(groupOf)), productIds });
    } else if (m.event === "Products Searched") h.searches.push({ t, query: String(p.query) });
    else if (m.event === "Location Entered") h.locations.push(t);
    else if (m.event === "Product Viewed") h.views.push({ t, productId: String(p.product_id) });
  }
  return byCustomer;
}
