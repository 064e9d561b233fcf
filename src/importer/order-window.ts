/**
 * Groups order lines into orders in bounded memory. Lines of one order are normally contiguous;
 * a few most-recently-active orders are kept open so that a short interleaving (the UCI file has
 * one: invoice 542806 is interrupted by cancellation C542805) still yields one message. An order
 * is closed when more than `openLimit` other orders became active after it. An order id that
 * shows up again after its order was closed is reported, not emitted twice: a second message with
 * the same messageId would be dropped by the ingest's dedupe, and a suffixed id would change when
 * the file is sorted differently. Closed ids are remembered in an LRU of `closedLimit` entries.
 */
import type { LineItem } from "../protocol/index.js";
import type { OrderHead, OrderKind, OrderLine } from "./order-line.js";

/** Line items kept per order; further lines are reported (a larger "order" is not a basket). */
export const MAX_ORDER_ITEMS = 10_000;

export interface OpenOrder {
  readonly orderId: string;
  readonly kind: OrderKind;
  readonly firstLine: number;
  readonly head: OrderHead;
  readonly items: LineItem[];
}

export type AddResult =
  | { status: "added"; closed: OpenOrder[] }
  | { status: "split"; firstLine: number }
  | { status: "too_large" };

export class OrderWindow {
  readonly #open = new Map<string, OpenOrder>();
  readonly #closed = new Map<string, number>();

  constructor(
    private readonly openLimit = 8,
    private readonly closedLimit = 100_000,
  ) {}

  /** Adds a checked line; returns the orders that fell out of the window and are complete. */
  add(lineNumber: number, line: OrderLine): AddResult {
    const open = this.#open.get(line.orderId);
    if (open !== undefined) {
      if (open.items.length >= MAX_ORDER_ITEMS) return { status: "too_large" };
      this.#open.delete(line.orderId); // re-insert: Map order is the recency order
      this.#open.set(line.orderId, open);
      open.items.push(line.item);
      fillHead(open.head, line.head);
      return { status: "added", closed: [] };
    }
    const firstLine = this.#closed.get(line.orderId);
    if (firstLine !== undefined) return { status: "split", firstLine };
    const order: OpenOrder = {
      orderId: line.orderId,
      kind: line.kind,
      firstLine: lineNumber,
      head: { ...line.head },
      items: [line.item],
    };
    this.#open.set(line.orderId, order);
    return { status: "added", closed: this.#open.size > this.openLimit ? [this.#closeOldest()] : [] };
  }

  /** Closes every open order (end of file), least recently active first. */
  flush(): OpenOrder[] {
    const orders = [...this.#open.values()];
    for (const order of orders) this.#remember(order);
    this.#open.clear();
    return orders;
  }

  #closeOldest(): OpenOrder {
    const [orderId, order] = this.#open.entries().next().value as [string, OpenOrder];
    this.#open.delete(orderId);
    this.#remember(order);
    return order;
  }

  #remember(order: OpenOrder): void {
    this.#closed.set(order.orderId, order.firstLine);
    const oldest = this.#closed.keys().next().value;
    if (this.#closed.size > this.closedLimit && oldest !== undefined) this.#closed.delete(oldest);
  }
}

function fillHead(head: OrderHead, more: OrderHead): void {
  for (const key of Object.keys(more) as (keyof OrderHead)[]) {
    const value = more[key];
    if (head[key] === undefined && value !== undefined) head[key] = value;
  }
}
