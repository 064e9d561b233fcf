/**
 * An assembled order → its Segment track message: `Order Completed`, or `Order Cancelled` with
 * `reason: "cancellation"` for a UCI `C` invoice. The messageId is `import-order-<order id>`.
 * A guest order (no customer column value) gets `anonymousId: "guest-<order id>"`.
 */
import { contactAnonymousId, externalIds } from "./identity.js";
import type { OpenOrder } from "./order-window.js";

/** Builds the message; `currency` applies when the order's rows name none. */
export function orderMessage(order: OpenOrder, currency: string | undefined): Record<string, unknown> {
  const { head, orderId } = order;
  const total = order.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  const orderCurrency = head.currency ?? currency;
  const properties: Record<string, unknown> = {
    order_id: orderId,
    products: order.items,
    ...(orderCurrency === undefined ? {} : { currency: orderCurrency }),
    total: roundCents(total),
    ...(order.kind === "cancellation" ? { reason: "cancellation" } : {}),
    ...(head.storeId === undefined ? {} : { store_id: head.storeId }),
    ...(head.channel === undefined ? {} : { channel: head.channel }),
    ...(head.loyaltyCardId === undefined ? {} : { loyalty_card_id: head.loyaltyCardId }),
  };
  return {
    type: "track",
    event: order.kind === "cancellation" ? "Order Cancelled" : "Order Completed",
    messageId: `import-order-${orderId}`,
    ...identity(order),
    ...(head.timestamp === undefined ? {} : { timestamp: head.timestamp }),
    properties,
    ...context(order),
  };
}

function identity({ head, orderId }: OpenOrder): Record<string, string> {
  if (head.customerId !== undefined) return { userId: head.customerId };
  return { anonymousId: contactAnonymousId(head.email, undefined) ?? `guest-${orderId}` };
}

function context({ head }: OpenOrder): Record<string, unknown> {
  const ids = externalIds({
    ...(head.email === undefined ? {} : { email: head.email }),
    ...(head.loyaltyCardId === undefined ? {} : { loyaltyCardId: head.loyaltyCardId }),
  });
  const context: Record<string, unknown> = {
    ...(head.country === undefined ? {} : { location: { country: head.country } }),
    ...(head.email === undefined ? {} : { traits: { email: head.email } }),
    ...(ids.length === 0 ? {} : { externalIds: ids }),
  };
  return Object.keys(context).length === 0 ? {} : { context };
}

/** Rounds to cents, nudging by epsilon so that 1.005 rounds up as written. */
export function roundCents(value: number): number {
  return Math.round((value + Math.sign(value) * Number.EPSILON) * 100) / 100;
}
