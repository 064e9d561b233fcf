/**
 * `--type orders`: order lines (CSV or flat NDJSON) → one track message per order. Row problems
 * are reported as they are met; an order's message follows once the order is closed (see
 * `OrderWindow`), and the remaining open orders at the end of the file.
 */
import { isUciHeader, type OrderField } from "./order-fields.js";
import { type OrderRules, parseOrderLine } from "./order-line.js";
import { orderMessage } from "./order-message.js";
import { MAX_ORDER_ITEMS, type OpenOrder, OrderWindow } from "./order-window.js";
import { type ErrorRow, TabularRow, type TabularSource } from "./tabular-rows.js";
import type { ImportRow } from "./types.js";

/** Reads orders; `currency` is the fallback for files without a currency column (UCI: GBP). */
export async function* readOrders(
  source: TabularSource<OrderField>,
  currency: string | undefined,
): AsyncGenerator<ImportRow> {
  const uci = isUciHeader(source.header);
  const rules: OrderRules = { uci, decimalComma: source.decimalComma };
  const fallbackCurrency = currency ?? (uci ? "GBP" : undefined);
  const emit = (order: OpenOrder): ImportRow => ({
    kind: "message",
    line: order.firstLine,
    message: orderMessage(order, fallbackCurrency),
  });
  const window = new OrderWindow();
  for await (const batch of source.batches) {
    const out: ImportRow[] = [];
    for (const row of batch) {
      if (row instanceof TabularRow)
        out.push(...addLine(window, row, rules).map((item) => ("orderId" in item ? emit(item) : item)));
      else out.push(row);
    }
    yield* out;
  }
  yield* window.flush().map(emit);
}

/** Checks a row and adds it to its order: error rows, or orders that the window closed. */
function addLine(
  window: OrderWindow,
  row: TabularRow<OrderField>,
  rules: OrderRules,
): (ErrorRow | OpenOrder)[] {
  const parsed = parseOrderLine(row, rules);
  if (!parsed.ok) return [{ kind: "error", line: row.line, code: parsed.code, error: parsed.error }];
  const { orderId } = parsed.value;
  const added = window.add(row.line, parsed.value);
  switch (added.status) {
    case "added":
      return added.closed;
    case "split": {
      const error = `order id ${orderId} split across the file (its order, from line ${added.firstLine}, was already emitted)`;
      return [{ kind: "error", line: row.line, code: "split_order", error }];
    }
    case "too_large":
      return [
        {
          kind: "error",
          line: row.line,
          code: "order_too_large",
          error: `order ${orderId} has more than ${MAX_ORDER_ITEMS} lines`,
        },
      ];
  }
}
