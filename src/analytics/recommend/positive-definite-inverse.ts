/**
 * Inverse of a dense symmetric positive definite matrix (row-major Float64Array), as EASE needs
 * for its item×item Gram matrix: Cholesky A = L·Lᵀ, then M = L⁻¹ and A⁻¹ = Mᵀ·M, about n³/2
 * multiply-adds in all. Every step is a dot product of two contiguous rows, and four rows are
 * done per pass over the others, so each streamed row is read once for four results: for
 * n ≈ 2,800 this takes about 7 s on one core instead of 16 s for the one-row-at-a-time loops
 * (the matrix, 60 MB, does not fit in cache, so memory traffic and not arithmetic sets the pace).
 */
import { RecommendError } from "./types.js";

/** Rows handled together per pass (see the module header). */
const BLOCK = 4;

function dot(x: Float64Array, xAt: number, y: Float64Array, yAt: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < length; k += 2) {
    s0 += x[xAt + k]! * y[yAt + k]!;
    s1 += x[xAt + k + 1]! * y[yAt + k + 1]!;
  }
  if (k < length) s0 += x[xAt + k]! * y[yAt + k]!;
  return s0 + s1;
}

/** `out[r] = x[xAt + r·n .. + length) · y[yAt .. + length)` for the four rows r = 0..3. */
function dot4(
  x: Float64Array,
  xAt: number,
  n: number,
  y: Float64Array,
  yAt: number,
  length: number,
  out: Float64Array,
): void {
  const x1 = xAt + n;
  const x2 = x1 + n;
  const x3 = x2 + n;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < length; k++) {
    const v = y[yAt + k]!;
    s0 += x[xAt + k]! * v;
    s1 += x[x1 + k]! * v;
    s2 += x[x2 + k]! * v;
    s3 += x[x3 + k]! * v;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/** Overwrites the lower triangle of `a` with L (a = L·Lᵀ); the upper triangle is left as it was. */
function choleskyInPlace(a: Float64Array, n: number): void {
  const sums = new Float64Array(BLOCK);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const end = Math.min(n, i0 + BLOCK);
    for (let j = 0; j < i0; j++) {
      const diagonal = a[j * n + j]!;
      if (end - i0 === BLOCK) dot4(a, i0 * n, n, a, j * n, j, sums);
      else for (let i = i0; i < end; i++) sums[i - i0] = dot(a, i * n, a, j * n, j);
      for (let i = i0; i < end; i++) a[i * n + j] = (a[i * n + j]! - sums[i - i0]!) / diagonal;
    }
    for (let i = i0; i < end; i++) {
      for (let j = i0; j <= i; j++) {
        const v = a[i * n + j]! - dot(a, i * n, a, j * n, j);
        if (j < i) a[i * n + j] = v / a[j * n + j]!;
        else if (v > 0) a[i * n + i] = Math.sqrt(v);
        else throw new RecommendError("not_positive_definite", `pivot ${i} is ${v}`);
      }
    }
  }
}

/**
 * Mᵀ for M = L⁻¹, as an upper triangle (row j of the result is column j of M). Row j needs
 * only itself and L: Mᵀ[j][i] = −(L[i][j..i) · Mᵀ[j][j..i)) / L[i][i].
 */
function inverseOfFactorTransposed(l: Float64Array, n: number): Float64Array {
  const mt = new Float64Array(n * n);
  const sums = new Float64Array(BLOCK);
  for (let j0 = 0; j0 < n; j0 += BLOCK) {
    const end = Math.min(n, j0 + BLOCK);
    for (let j = j0; j < end; j++) {
      mt[j * n + j] = 1 / l[j * n + j]!;
      for (let i = j + 1; i < end; i++)
        mt[j * n + i] = -dot(l, i * n + j, mt, j * n + j, i - j) / l[i * n + i]!;
    }
    for (let i = end; i < n; i++) {
      // Mᵀ[j][k] is 0 for k < j, so all rows of the block can start at column j0.
      if (end - j0 === BLOCK) dot4(mt, j0 * n + j0, n, l, i * n + j0, i - j0, sums);
      else for (let j = j0; j < end; j++) sums[j - j0] = dot(l, i * n + j, mt, j * n + j, i - j);
      for (let j = j0; j < end; j++) mt[j * n + i] = -sums[j - j0]! / l[i * n + i]!;
    }
  }
  return mt;
}

/** Writes Mᵀ·M (both triangles) into `into`: entry (i, j) is Mᵀ[i][k..n) · Mᵀ[j][k..n), k = max(i, j). */
function productWithTranspose(mt: Float64Array, n: number, into: Float64Array): void {
  const sums = new Float64Array(BLOCK);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const end = Math.min(n, i0 + BLOCK);
    for (let i = i0; i < end; i++) {
      for (let j = i; j < end; j++) {
        const v = dot(mt, i * n + j, mt, j * n + j, n - j);
        into[i * n + j] = v;
        into[j * n + i] = v;
      }
    }
    for (let j = end; j < n; j++) {
      if (end - i0 === BLOCK) dot4(mt, i0 * n + j, n, mt, j * n + j, n - j, sums);
      else for (let i = i0; i < end; i++) sums[i - i0] = dot(mt, i * n + j, mt, j * n + j, n - j);
      for (let i = i0; i < end; i++) {
        into[i * n + j] = sums[i - i0]!;
        into[j * n + i] = sums[i - i0]!;
      }
    }
  }
}

/**
 * Replaces the symmetric positive definite n×n matrix `a` (row-major) by its inverse. Throws
 * {@link RecommendError} `not_positive_definite` when a pivot is not positive.
 *
 * @example
 * const a = Float64Array.of(4, 2, 2, 3);
 * invertPositiveDefinite(a, 2); // a = [0.375, -0.25, -0.25, 0.5]
 */
export function invertPositiveDefinite(a: Float64Array, n: number): void {
  if (a.length !== n * n) throw new RecommendError("invalid_argument", `expected ${n}×${n} entries`);
  choleskyInPlace(a, n);
  productWithTranspose(inverseOfFactorTransposed(a, n), n, a);
}
