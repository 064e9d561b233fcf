import { describe, expect, it } from "vitest";
import { repeatPurchaseItems } from "./repeat-purchases.js";
import type { Purchase } from "./types.js";

const DAY = 86_400_000;
const buy = (customerId: string, itemId: string, day: number): Purchase => ({
  customerId,
  itemId,
  time: day * DAY,
});

describe("repeatPurchaseItems", () => {
  it("finds products a large enough share of their buyers bought on two or more days", () => {
    const purchases: Purchase[] = [];
    for (let c = 0; c < 10; c++) {
      purchases.push(buy(`c${c}`, "tabs", 1), buy(`c${c}`, "dishwasher", 1));
      if (c < 4) purchases.push(buy(`c${c}`, "tabs", 40));
      if (c < 2) purchases.push(buy(`c${c}`, "dishwasher", 1)); // the same day twice is one purchase
    }
    expect([...repeatPurchaseItems(purchases)]).toEqual(["tabs"]);
    expect([...repeatPurchaseItems(purchases, { minRepeatShare: 0.5 })]).toEqual([]);
  });

  it("leaves products with too few buyers to judge", () => {
    const purchases = [buy("a", "rare", 1), buy("a", "rare", 9), buy("b", "rare", 2), buy("b", "rare", 5)];
    expect(repeatPurchaseItems(purchases).size).toBe(0);
    expect([...repeatPurchaseItems(purchases, { minBuyers: 2 })]).toEqual(["rare"]);
  });
});
