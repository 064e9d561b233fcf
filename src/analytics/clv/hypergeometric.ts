/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) for real arguments and z < 1.
 * Power series with a convergence check near the origin, Pfaff's transformation for negative z
 * and the 1 − z connection formula (Abramowitz & Stegun 15.3.6) for z close to 1, where the
 * series would need thousands of terms. Every answer says whether it converged (and a series that
 * cancels away more than half its digits counts as not converged). For large parameters near
 * z = 1 the connection formula itself cancels; the CLV models therefore use the specialised,
 * positive-term series of `pareto-nbd-integral.ts` and `bg-nbd-window.ts` instead.
 */
import { gammaSign, lgamma } from "./special-functions.js";

/** A 2F1 value and whether the series behind it met the tolerance within its term budget. */
export interface Hyp2f1Result {
  readonly value: number;
  readonly converged: boolean;
}

const EPS = 1e-16;
const DEFAULT_MAX_TERMS = 100_000;
/** A series whose largest term exceeds its sum by more than this has lost over half its digits. */
const MAX_GROWTH = 1e8;
/** Above this z the 1 − z formula converges faster than the series at z. */
const SERIES_LIMIT = 0.7;
/** Half-width around an integer c − a − b, where 15.3.6 has cancelling poles. */
const INTEGER_GAP = 5e-6;

/**
 * The plain power series Σ (a)_k (b)_k / ((c)_k k!) z^k, stopped when a term falls below
 * 1e-16 of the sum after the ratio of successive terms has dropped below one for good.
 */
export function hyp2f1Series(
  a: number,
  b: number,
  c: number,
  z: number,
  maxTerms = DEFAULT_MAX_TERMS,
): Hyp2f1Result {
  if (c <= 0 && Number.isInteger(c)) return { value: Number.NaN, converged: false };
  let term = 1;
  let sum = 1;
  let largest = 1;
  for (let k = 0; k < maxTerms; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    term *= ratio;
    sum += term;
    largest = Math.max(largest, Math.abs(term));
    if (!Number.isFinite(sum)) return { value: sum, converged: false };
    const pastPoles = k + c > 0 && k + a > 0 && k + b > 0;
    if (term === 0 || (pastPoles && Math.abs(ratio) < 1 && Math.abs(term) <= EPS * Math.abs(sum))) {
      // Terms far larger than the sum mean cancellation has eaten the digits.
      return { value: sum, converged: largest <= MAX_GROWTH * Math.abs(sum) };
    }
  }
  return { value: sum, converged: false };
}

/**
 * 2F1(a, b; c; z) for real z < 1. Returns `{ value: NaN, converged: false }` for z ≥ 1 or a
 * non-positive integer c, never throws.
 *
 * @example hyp2f1(1, 1, 2, 0.5).value // = −ln(0.5) / 0.5
 */
export function hyp2f1(a: number, b: number, c: number, z: number): Hyp2f1Result {
  if (!(z < 1) || Number.isNaN(a + b + c)) return { value: Number.NaN, converged: false };
  if (z === 0) return { value: 1, converged: true };
  if (z < -0.5) return pfaff(a, b, c, z);
  if (z <= SERIES_LIMIT) return hyp2f1Series(a, b, c, z);
  return nearOne(a, b, c, z);
}

/**
 * Pfaff: 2F1(a,b;c;z) = (1 − z)^(−a) 2F1(a, c − b; c; z / (z − 1)), which maps z < −½ into (⅓, 1);
 * by symmetry in a and b there are two versions, and the second is tried when the first cancels.
 */
function pfaff(a: number, b: number, c: number, z: number): Hyp2f1Result {
  const w = z / (z - 1);
  const first = hyp2f1(a, c - b, c, w);
  if (first.converged) return { value: Math.exp(-a * Math.log1p(-z)) * first.value, converged: true };
  const second = hyp2f1(b, c - a, c, w);
  return { value: Math.exp(-b * Math.log1p(-z)) * second.value, converged: second.converged };
}

/** 15.3.6 for z in (0.7, 1); near-integer c − a − b is interpolated between two safe neighbours. */
function nearOne(a: number, b: number, c: number, z: number): Hyp2f1Result {
  const m = c - a - b;
  const n = Math.round(m);
  if (Math.abs(m - n) >= INTEGER_GAP) return connection(a, b, c, z);
  const below = connection(a, b, c + (n - INTEGER_GAP - m), z);
  const above = connection(a, b, c + (n + INTEGER_GAP - m), z);
  const weight = (m - (n - INTEGER_GAP)) / (2 * INTEGER_GAP);
  return {
    value: below.value + (above.value - below.value) * weight,
    converged: below.converged && above.converged,
  };
}

/** Both terms of A&S 15.3.6, each a gamma-ratio coefficient times a series in 1 − z. */
function connection(a: number, b: number, c: number, z: number): Hyp2f1Result {
  const m = c - a - b;
  const w = 1 - z;
  const first = hyp2f1Series(a, b, 1 - m, w);
  const second = hyp2f1Series(c - a, c - b, 1 + m, w);
  const coef1 = gammaRatio([c, m], [c - a, c - b]);
  const coef2 = gammaRatio([c, -m], [a, b]) * Math.exp(m * Math.log(w));
  const value = (coef1 === 0 ? 0 : coef1 * first.value) + (coef2 === 0 ? 0 : coef2 * second.value);
  return { value, converged: first.converged && second.converged && Number.isFinite(value) };
}

/** Π Γ(top) / Π Γ(bottom) with signs; a pole in the denominator gives 0. */
function gammaRatio(top: readonly number[], bottom: readonly number[]): number {
  let sign = 1;
  let log = 0;
  for (const x of bottom) {
    const s = gammaSign(x);
    if (s === 0) return 0;
    sign *= s;
    log -= lgamma(x);
  }
  for (const x of top) {
    sign *= gammaSign(x);
    log += lgamma(x);
  }
  return sign * Math.exp(log);
}
