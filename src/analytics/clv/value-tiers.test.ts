import { describe, expect, it } from "vitest";
import { churnRisk, quantile, valueTiers } from "./value-tiers.js";

describe("valueTiers", () => {
  it("splits at equally spaced quantiles, ties to the lower tier", () => {
    const result = valueTiers([5, 1, 4, 2, 3, 8, 7, 6]);
    expect(result.cutPoints).toEqual([2.75, 4.5, 6.25]);
    expect(result.tiers).toEqual([2, 0, 1, 0, 1, 3, 3, 2]);
    expect(valueTiers([1, 2, 3, 4], ["low", "high"]).tiers).toEqual([0, 0, 1, 1]);
  });

  it("places non-finite values at the ends and copes with empty input", () => {
    const result = valueTiers([Number.NaN, 1, 2, Number.POSITIVE_INFINITY], ["low", "high"]);
    expect(result.tiers).toEqual([0, 0, 1, 1]);
    expect(valueTiers([]).tiers).toEqual([]);
    expect(quantile([], 0.5)).toBe(0);
  });
});

describe("churnRisk", () => {
  it("is 1 − P(alive), clamped", () => {
    expect(churnRisk(0.75)).toBe(0.25);
    expect(churnRisk(1.0000001)).toBe(0);
    expect(churnRisk(Number.NaN)).toBe(1);
  });
});
