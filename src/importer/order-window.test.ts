/** OrderWindow: grouping of interleaved order lines and split detection. */
import { describe, expect, it } from "vitest";
import type { OrderLine } from "./order-line.js";
import { OrderWindow } from "./order-window.js";

const line = (orderId: string, productId: string): OrderLine => ({
  orderId,
  kind: "order",
  item: { product_id: productId, price: 1, quantity: 1 },
  head: {},
});
const ids = (result: ReturnType<OrderWindow["add"]>) =>
  result.status === "added" ? result.closed.map((order) => order.orderId) : result.status;

describe("OrderWindow", () => {
  it("merges an order interrupted by fewer than openLimit others", () => {
    const window = new OrderWindow(2);
    expect(ids(window.add(1, line("a", "1")))).toEqual([]);
    expect(ids(window.add(2, line("b", "1")))).toEqual([]);
    expect(ids(window.add(3, line("a", "2")))).toEqual([]);
    // c pushes out the least recently active order, b.
    expect(ids(window.add(4, line("c", "1")))).toEqual(["b"]);
    const rest = window.flush();
    expect(rest.map((order) => [order.orderId, order.firstLine, order.items.length])).toEqual([
      ["a", 1, 2],
      ["c", 4, 1],
    ]);
  });

  it("reports an id seen again after its order was closed", () => {
    const window = new OrderWindow(1);
    window.add(1, line("a", "1"));
    window.add(2, line("b", "1"));
    expect(window.add(3, line("a", "2"))).toEqual({ status: "split", firstLine: 1 });
  });

  it("forgets closed ids beyond closedLimit", () => {
    const window = new OrderWindow(1, 1);
    window.add(1, line("a", "1"));
    window.add(2, line("b", "1"));
    window.add(3, line("c", "1"));
    expect(ids(window.add(4, line("a", "2")))).toEqual(["c"]);
  });
});
