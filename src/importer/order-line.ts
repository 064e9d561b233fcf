/**
 * One CSV row of an orders file → a checked line item plus the order-level fields it carries, or
 * the per-row error that says what is wrong with it. In the UCI layout an invoice number starting
 * with `C` is a cancellation (negative quantities, read as positive) and one starting with `A` a
 * bad-debt adjustment, which is not an order at all.
 */
import type { LineItem } from "../protocol/index.js";
import type { OrderField } from "./order-fields.js";
import { parseDateTime, parseNumber } from "./parse-values.js";
import type { TabularRow } from "./tabular-rows.js";

const CHANNELS = new Set(["store", "online", "app", "phone", "marketplace"]);

/** Order-level fields; an order takes each from the first of its lines that has it. */
export interface OrderHead {
  timestamp?: string;
  customerId?: string;
  email?: string;
  country?: string;
  storeId?: string;
  channel?: string;
  currency?: string;
  loyaltyCardId?: string;
}

export type OrderKind = "order" | "cancellation";

export interface OrderLine {
  orderId: string;
  kind: OrderKind;
  item: LineItem;
  head: OrderHead;
}

export type OrderLineResult = { ok: true; value: OrderLine } | { ok: false; code: string; error: string };

export interface OrderRules {
  /** UCI invoice-number conventions (`C…` cancellations, `A…` adjustments). */
  readonly uci: boolean;
  readonly decimalComma: boolean;
}

/** Checks one row; see the module comment for the UCI rules. */
export function parseOrderLine(row: TabularRow<OrderField>, rules: OrderRules): OrderLineResult {
  const orderId = row.text("order_id");
  if (orderId === undefined) return fail("missing_order_id", "the order id is empty");
  if (rules.uci && /^A/i.test(orderId)) {
    const price = row.text("price") ?? "";
    return fail(
      "adjustment_invoice",
      `invoice ${orderId} is a bad-debt adjustment (price ${price}), not an order`,
    );
  }
  const kind: OrderKind = rules.uci && /^C/i.test(orderId) ? "cancellation" : "order";
  const item = parseItem(row, orderId, kind, rules);
  if (!item.ok) return item;
  const head = parseHead(row);
  if (!head.ok) return head;
  return { ok: true, value: { orderId, kind, item: item.value, head: head.value } };
}

function parseItem(
  row: TabularRow<OrderField>,
  orderId: string,
  kind: OrderKind,
  rules: OrderRules,
): { ok: true; value: LineItem } | { ok: false; code: string; error: string } {
  const productId = row.text("product_id");
  if (productId === undefined) return fail("missing_product_id", `order ${orderId}: the product id is empty`);
  const quantityText = row.text("quantity") ?? "";
  const quantity = parseNumber(quantityText, rules.decimalComma);
  if (quantity === undefined || !Number.isInteger(quantity)) {
    return fail(
      "invalid_quantity",
      `order ${orderId}: quantity ${JSON.stringify(quantityText)} is not a whole number`,
    );
  }
  if (kind === "cancellation" && quantity >= 0) {
    return fail("quantity_not_negative", `cancellation ${orderId}: quantity ${quantity} should be negative`);
  }
  if (kind === "order" && quantity <= 0) {
    return fail("quantity_not_positive", `order ${orderId}: quantity ${quantity} is not positive`);
  }
  const priceText = row.text("price") ?? "";
  const price = parseNumber(priceText, rules.decimalComma);
  if (price === undefined)
    return fail("invalid_price", `order ${orderId}: price ${JSON.stringify(priceText)} is not a number`);
  if (price < 0) return fail("negative_price", `order ${orderId}: price ${price} is negative`);
  const name = row.text("product_name");
  const category = row.text("category");
  const item: LineItem = {
    product_id: productId,
    ...(name === undefined ? {} : { name }),
    ...(category === undefined ? {} : { category }),
    price,
    quantity: Math.abs(quantity),
  };
  return { ok: true, value: item };
}

function parseHead(
  row: TabularRow<OrderField>,
): { ok: true; value: OrderHead } | { ok: false; code: string; error: string } {
  const head: OrderHead = {};
  const when = row.text("timestamp");
  if (when !== undefined) {
    const timestamp = parseDateTime(when);
    if (timestamp === undefined) return fail("invalid_timestamp", `${JSON.stringify(when)} is not a date`);
    head.timestamp = timestamp;
  }
  const currency = row.text("currency")?.toUpperCase();
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
    return fail("invalid_currency", `currency ${JSON.stringify(currency)} is not an ISO-4217 code`);
  }
  const channel = row.text("channel")?.toLowerCase();
  if (channel !== undefined && !CHANNELS.has(channel)) {
    return fail(
      "invalid_channel",
      `channel ${JSON.stringify(channel)} is not one of ${[...CHANNELS].join(", ")}`,
    );
  }
  const email = row.text("email")?.toLowerCase();
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) {
    return fail("invalid_email", `${JSON.stringify(email)} is not an e-mail address`);
  }
  assign(head, "customerId", row.text("customer_id"));
  assign(head, "email", email);
  assign(head, "country", row.text("country"));
  assign(head, "storeId", row.text("store_id"));
  assign(head, "channel", channel);
  assign(head, "currency", currency);
  assign(head, "loyaltyCardId", row.text("loyalty_card_id"));
  return { ok: true, value: head };
}

function assign<K extends keyof OrderHead>(head: OrderHead, key: K, value: OrderHead[K] | undefined): void {
  if (value !== undefined) head[key] = value;
}

function fail(code: string, error: string): { ok: false; code: string; error: string } {
  return { ok: false, code, error };
}
