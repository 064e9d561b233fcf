/**
 * The expectation behind every BG/NBD forecast: for an active customer whose dropout
 * probability is p ~ Beta(a, B) and whose purchase rate is λ ~ Gamma(A, scale),
 *
 *   W = E_p[φ(p)],  φ(p) = (1 − (1 + κp)^−A) / p,  κ = t / scale,
 *
 * the expected number of transactions in the next t periods (FHL 2005 eq. 7 averaged over λ).
 * E[X(t)] is W with (A, B, scale) = (r, b, α); E[Y(t) | x, t_x, T] is P(alive) · W with
 * (r + x, b + x, α + T).
 *
 * Closed form: W = C/(a−1) · [1 − (1−z)^A 2F1(A, B; C; z)], C = a + B − 1, z = κ/(1+κ). After
 * Euler's transformation this is C · [expm1Ratio(1−a, L) − e^((1−a)L) S] with L = ln(1+κ) and a
 * positive-ratio series S, with no pole at a = 1. Where p is concentrated near 0 (B ≫ a, e.g.
 * the a → 0, b → ∞ boundary, where the closed form cancels), a series in the moments of p is
 * used first; where neither applies (z near 1, a large), quadrature in logit(p).
 */
import { expm1Ratio, lbeta } from "./special-functions.js";

const SERIES_MAX_Z = 0.95;
const SERIES_MAX_TERMS = 20_000;
/** Accept the closed form only while its estimated rounding error is below 1e-10 of the result. */
const MAX_CANCELLATION = 1e10;

/** W = E_p[(1 − (1 + κp)^−A) / p] for p ~ Beta(a, B); 0 for κ ≤ 0. */
export function bgNbdWindow(a: number, B: number, A: number, kappa: number): number {
  if (!(kappa > 0)) return 0;
  const bound = A * kappa; // φ(p) ≤ φ(0) = Aκ
  const small = smallDropoutSeries(a, B, A, kappa);
  if (small !== undefined) return small;
  const closed = kappa / (1 + kappa) <= SERIES_MAX_Z ? closedForm(a, B, A, kappa) : undefined;
  if (closed !== undefined && closed >= 0 && closed <= bound * (1 + 1e-9)) return closed;
  return Math.min(bound, logitQuadrature(a, B, A, kappa));
}

/**
 * Where p is concentrated near 0 (B ≫ a, as at the no-dropout boundary), expand φ in powers of
 * p and take Beta moments: W = Σ_{j≥1} (−1)^(j+1) (A)_j κ^j (a)_(j−1) / (j! (a+B)_(j−1)).
 * Used only while every term is at most half the previous one, so the alternating sum cannot
 * cancel; undefined otherwise.
 */
function smallDropoutSeries(a: number, B: number, A: number, kappa: number): number | undefined {
  let term = A * kappa;
  let sum = term;
  for (let j = 1; j < 200; j++) {
    const ratio = -((A + j) * kappa * (a + j - 1)) / ((j + 1) * (a + B + j - 1));
    if (!(Math.abs(ratio) <= 0.5)) return undefined;
    term *= ratio;
    sum += term;
    if (Math.abs(term) <= 1e-17 * sum) return sum;
  }
  return undefined;
}

function closedForm(a: number, B: number, A: number, kappa: number): number | undefined {
  const C = a + B - 1;
  const L = Math.log1p(kappa);
  const z = kappa / (1 + kappa);
  const series = tailSeries(C - A, a, C, z);
  if (series === undefined) return undefined;
  const first = expm1Ratio(1 - a, L);
  const damping = Math.exp((1 - a) * L);
  const value = C * (first - damping * series.sum);
  // Rounding error of the two terms (the series' from its largest term), against the result.
  const error = 1e-15 * Math.abs(C) * (Math.abs(first) + damping * series.largest);
  if (!Number.isFinite(value) || error * MAX_CANCELLATION > Math.abs(value)) return undefined;
  return value;
}

/**
 * S = Σ_{k≥1} (e)_k (a)_{k−1} / ((C)_k k!) z^k and its largest term (terms alternate while
 * e + k < 0); undefined if it overflows or does not settle.
 */
function tailSeries(
  e: number,
  a: number,
  C: number,
  z: number,
): { sum: number; largest: number } | undefined {
  let term = (e / C) * z;
  let sum = term;
  let largest = Math.abs(term);
  for (let k = 1; k < SERIES_MAX_TERMS; k++) {
    if (term === 0) return { sum, largest };
    const ratio = (((e + k) * (a + k - 1)) / ((C + k) * (k + 1))) * z;
    term *= ratio;
    sum += term;
    largest = Math.max(largest, Math.abs(term));
    if (!Number.isFinite(sum)) return undefined;
    const pastPoles = C + k > 0 && e + k > 0 && a + k - 1 > 0;
    if (pastPoles && Math.abs(ratio) < 1 && Math.abs(term) <= 1e-16 * Math.abs(sum)) return { sum, largest };
  }
  return undefined;
}

/** ln σ(v) = ln(1 / (1 + e^−v)), without overflow. */
function logSigmoid(v: number): number {
  return v < 0 ? v - Math.log1p(Math.exp(v)) : -Math.log1p(Math.exp(-v));
}

/**
 * W by quadrature (exported for tests; `bgNbdWindow` picks it where the closed form fails):
 * ∫ φ(p) Beta(p; a, B) dp in v = logit(p), where the density is p^a (1−p)^B / B(a, B) (concave in
 * v, slope a(1−p) − Bp). Panels of 16-point Gauss–Legendre walk out from the mode with widths
 * that keep the change of the log-integrand per panel small; far tails, where φ is constant to
 * 1e-12, are added in closed form.
 */
export function logitQuadrature(a: number, B: number, A: number, kappa: number): number {
  const lb = lbeta(a, B);
  const logDensity = (v: number) => a * logSigmoid(v) + B * logSigmoid(-v) - lb;
  const slope = (v: number) => a - (a + B) * Math.exp(logSigmoid(v));
  const phi = (logP: number) => {
    const p = Math.exp(logP);
    return p > 0 ? -Math.expm1(-A * Math.log1p(kappa * p)) / p : A * kappa;
  };
  const vMin = Math.log(1e-12 / Math.max(1, (A + 1) * kappa, B));
  const vMax = -Math.log(1e-12 / Math.max(1, a, A));
  const mode = Math.min(vMax, Math.max(vMin, Math.log(a / B)));
  const top = logDensity(mode);
  const integrand = (v: number) => Math.exp(logDensity(v)) * phi(logSigmoid(v));
  let total = 0;
  for (const direction of [-1, 1]) {
    const limit = direction < 0 ? vMin : vMax;
    let v = mode;
    for (let panel = 0; panel < 2000 && (limit - v) * direction > 0; panel++) {
      if (logDensity(v) < top - 60) break;
      const h = Math.min(1 / (Math.abs(slope(v)) + 1), 1 / (Math.abs(slope(v + direction)) + 1));
      const next = direction > 0 ? Math.min(v + h, limit) : Math.max(v - h, limit);
      total += gaussLegendre(integrand, Math.min(v, next), Math.max(v, next));
      v = next;
    }
  }
  const leftTail = phi(vMin) * Math.exp(a * vMin - Math.log(a) - lb);
  const rightTail = phiAtOne(A, kappa) * Math.exp(-B * vMax - Math.log(B) - lb);
  return total + leftTail + rightTail;
}

function phiAtOne(A: number, kappa: number): number {
  return -Math.expm1(-A * Math.log1p(kappa));
}

const NODES = [
  0.0950125098376374, 0.2816035507792589, 0.4580167776572274, 0.6178762444026438, 0.755404408355003,
  0.8656312023878318, 0.9445750230732326, 0.9894009349916499,
];
const WEIGHTS = [
  0.1894506104550685, 0.1826034150449236, 0.1691565193950025, 0.1495959888165767, 0.1246289712555339,
  0.0951585116824928, 0.0622535239386479, 0.0271524594117541,
];

function gaussLegendre(f: (v: number) => number, lo: number, hi: number): number {
  const mid = (lo + hi) / 2;
  const half = (hi - lo) / 2;
  let sum = 0;
  for (let i = 0; i < NODES.length; i++) {
    const d = NODES[i]! * half;
    sum += WEIGHTS[i]! * (f(mid - d) + f(mid + d));
  }
  return sum * half;
}
