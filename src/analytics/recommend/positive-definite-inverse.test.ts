import { describe, expect, it } from "vitest";
import { invertPositiveDefinite } from "./positive-definite-inverse.js";
import { RecommendError } from "./types.js";

/** A random symmetric positive definite n×n matrix: RᵀR + I with a fixed-seed R. */
function randomPositiveDefinite(n: number, seed: number): Float64Array {
  let state = seed;
  const next = () => {
    state = (state * 16_807) % 2_147_483_647;
    return (state / 2_147_483_647) * 2 - 1;
  };
  const r = Array.from({ length: n * n }, next);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += r[k * n + i]! * r[k * n + j]!;
      a[i * n + j] = s;
    }
  return a;
}

function product(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out[i * n + j]! += a[i * n + k]! * b[k * n + j]!;
  return out;
}

describe("invertPositiveDefinite", () => {
  it("inverts a 2×2 matrix by hand", () => {
    const a = Float64Array.of(4, 2, 2, 3);
    invertPositiveDefinite(a, 2);
    // det = 8: inverse = [3, -2; -2, 4] / 8
    expect([...a]).toEqual([0.375, -0.25, -0.25, 0.5].map((v) => expect.closeTo(v, 14)));
  });

  // Sizes around and beyond the four-row blocks, including ragged last blocks.
  it.each([1, 3, 4, 5, 8, 11, 17])("gives A·A⁻¹ = I for a random %i×%i matrix", (n) => {
    const a = randomPositiveDefinite(n, n + 1);
    const inverse = a.slice();
    invertPositiveDefinite(inverse, n);
    const identity = product(a, inverse, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) expect(identity[i * n + j]).toBeCloseTo(i === j ? 1 : 0, 9);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) expect(inverse[i * n + j]).toBe(inverse[j * n + i]);
  });

  it("rejects a matrix that is not positive definite, and a wrong size", () => {
    const singular = Float64Array.of(1, 1, 1, 1);
    expect(() => invertPositiveDefinite(singular, 2)).toThrow(RecommendError);
    expect(() => invertPositiveDefinite(Float64Array.of(1, 2, 3), 2)).toThrow(/2×2/);
  });
});
