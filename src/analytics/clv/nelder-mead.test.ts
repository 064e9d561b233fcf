import { describe, expect, it } from "vitest";
import { nelderMead } from "./nelder-mead.js";

const options = { step: 0.5, fTolerance: 1e-14, xTolerance: 1e-9, maxIterations: 5000 };

describe("nelderMead", () => {
  it("finds the minimum of the Rosenbrock valley", () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1], options);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
  });

  it("treats NaN and Infinity as walls", () => {
    const walled = ([x = 0]: readonly number[]) => (x < 1 ? Number.NaN : (x - 2) ** 2);
    const result = nelderMead(walled, [1.5], options);
    expect(result.x[0]).toBeCloseTo(2, 6);
  });

  it("stops at its iteration budget and says so", () => {
    const result = nelderMead(([x = 0]) => -x, [0], { ...options, maxIterations: 10 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(10);
  });
});
