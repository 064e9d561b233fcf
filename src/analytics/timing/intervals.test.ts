import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, interPurchaseIntervals, purchaseOccasions } from "./intervals.js";
import { normalQuantile } from "./normal-quantile.js";

describe("purchaseOccasions / interPurchaseIntervals", () => {
  it("sorts and merges purchases closer than the minimum gap", () => {
    expect(purchaseOccasions([10 * DAY_MS, 0, 1000, 3 * DAY_MS])).toEqual([0, 3 * DAY_MS, 10 * DAY_MS]);
    expect(interPurchaseIntervals([10 * DAY_MS, 0, 3 * DAY_MS])).toEqual([3, 7]);
  });

  it("never yields an interval below the minimum gap", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e11 })),
        fc.double({ min: 0.1, max: 30, noNaN: true }),
        (times, gap) => interPurchaseIntervals(times, gap).every((d) => d >= gap && Number.isFinite(d)),
      ),
    );
  });
});

describe("normalQuantile", () => {
  it("matches known values", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.2)).toBeCloseTo(-0.841621, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });

  it("is odd and non-decreasing", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 0.5, noNaN: true }),
        fc.double({ min: 1e-9, max: 0.5, noNaN: true }),
        (p, q) => {
          const odd = Math.abs(normalQuantile(p) + normalQuantile(1 - p)) < 1e-6;
          return (
            odd && (p <= q ? normalQuantile(p) <= normalQuantile(q) : normalQuantile(p) >= normalQuantile(q))
          );
        },
      ),
    );
  });
});
