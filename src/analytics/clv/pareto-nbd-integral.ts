/**
 * The dropout integral of the Pareto/NBD likelihood, computed in logs:
 *
 *   I(t_x, T) = ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ,
 *
 * so that L = Γ(r+x) α^r β^s / Γ(r) · [(α+T)^−(r+x) (β+T)^−s + s·I]. BTYD writes s·I as
 * s/(r+s+x) · [F(t_x) − F(T)] with Gaussian hypergeometrics F; here the same pieces are kept
 * in logs and chosen by region so that nothing overflows, underflows or cancels:
 *
 * - with y = min(α,β) + τ and D = |α − β|, the tail G(y) = ∫_y^∞ … is
 *   (D+y)^−e_far · y^(1−e_near) / (N−1) · 2F1(1, e_far; N; D/(D+y)) (Euler-transformed, so the
 *   series has positive terms bounded by 1/(1−z)), and I = G(y1) − G(y2) as ln G1 + ln(1 − e^(ln G2 − ln G1));
 * - where D+y ≫ y (one rate scale far larger, e.g. β → ∞ at the no-dropout boundary, z → 1) the
 *   far factor is expanded binomially in y/D and integrated term by term: no 2F1, no difference;
 * - a very short interval (G1 ≈ G2) uses composite Simpson on the integrand instead;
 * - where neither series is short (z > 0.95 with a large far exponent, e.g. α ≫ β and many
 *   purchases), Gauss–Legendre panels in ln y, walking out from the integrand's maximum.
 */
import { hyp2f1Series } from "./hypergeometric.js";
import { log1mExp, logAddExp } from "./special-functions.js";

/** Below this relative gap between the tails, the difference is replaced by quadrature. */
const SHORT_INTERVAL = 1e-3;
/**
 * Above this z the tail series needs more than ~700 terms. It only happens with a large exponent
 * on the far scale (z ≤ 1/(1 + 1/(2 e_far)) outside the binomial region), where the 1 − z
 * connection formula would cancel catastrophically; Gauss–Legendre quadrature takes over.
 */
const MAX_SERIES_Z = 0.95;
/** Most Gauss–Legendre panels one side of a quadrature may use (a bound on its cost). */
const MAX_PANELS = 400;
/** Positive nodes and weights of 16-point Gauss–Legendre on [−1, 1]. */
const GAUSS_NODES = [
  0.0950125098376374, 0.2816035507792589, 0.4580167776572274, 0.6178762444026438, 0.755404408355003,
  0.8656312023878318, 0.9445750230732326, 0.9894009349916499,
];
const GAUSS_WEIGHTS = [
  0.1894506104550685, 0.1826034150449236, 0.1691565193950025, 0.1495959888165767, 0.1246289712555339,
  0.0951585116824928, 0.0622535239386479, 0.0271524594117541,
];

/** ln I(t_x, T) for one customer; −Infinity when t_x = T (the customer bought at the very end). */
export function logDropoutIntegral(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  customer: { readonly x: number; readonly tx: number; readonly T: number },
): number {
  const { x, tx, T } = customer;
  if (!(T > tx)) return Number.NEGATIVE_INFINITY;
  const alphaNear = alpha <= beta;
  const shape: Shape = {
    eNear: alphaNear ? r + x : s + 1,
    eFar: alphaNear ? s + 1 : r + x,
    D: Math.abs(alpha - beta),
  };
  const near = Math.min(alpha, beta);
  const y1 = near + tx;
  const y2 = near + T;
  const yBinomial = (0.5 * shape.D) / Math.max(shape.eFar, 1);
  if (y2 <= yBinomial) return logBinomial(shape, y1, y2);
  if (y1 < yBinomial) return logAddExp(logBinomial(shape, y1, yBinomial), logUpper(shape, yBinomial, y2));
  return logUpper(shape, y1, y2);
}

/** The part beyond the binomial region: tails while their series is short, else quadrature. */
function logUpper(shape: Shape, y1: number, y2: number): number {
  const z = shape.D / (shape.D + y1);
  return z <= MAX_SERIES_Z ? logTailDifference(shape, y1, y2) : logQuadrature(shape, y1, y2);
}

/** Exponents on the nearer (smaller) and farther rate scale, and the gap between the scales. */
interface Shape {
  readonly eNear: number;
  readonly eFar: number;
  readonly D: number;
}

function logIntegrand(shape: Shape, y: number): number {
  return -shape.eNear * Math.log(y) - shape.eFar * Math.log(shape.D + y);
}

/** ln G(y) = −e_far ln(D+y) + (1 − e_near) ln y − ln(N − 1) + ln 2F1(1, e_far; N; D/(D+y)). */
function logTail(shape: Shape, y: number): number {
  const { eNear, eFar, D } = shape;
  const N = eNear + eFar;
  const z = D / (D + y);
  const h = hyp2f1Series(1, eFar, N, z);
  return -eFar * Math.log(D + y) + (1 - eNear) * Math.log(y) - Math.log(N - 1) + Math.log(h.value);
}

function logTailDifference(shape: Shape, y1: number, y2: number): number {
  const g1 = logTail(shape, y1);
  const g2 = logTail(shape, y2);
  const gap = g2 - g1;
  if (!(gap < -SHORT_INTERVAL)) return logSimpson(shape, y1, y2);
  return g1 + log1mExp(gap);
}

/** Composite Simpson (4 panels) in logs, for intervals where G(y1) − G(y2) would cancel. */
function logSimpson(shape: Shape, y1: number, y2: number): number {
  const h = (y2 - y1) / 4;
  const weights = [1, 4, 2, 4, 1];
  let acc = Number.NEGATIVE_INFINITY;
  weights.forEach((w, i) => {
    acc = logAddExp(acc, Math.log(w) + logIntegrand(shape, y1 + i * h));
  });
  return acc + Math.log(h / 3);
}

/**
 * Gauss–Legendre panels in u = ln y, scaled by the integrand's maximum. The log-integrand
 * g(u) = (1 − e_near) u − e_far ln(D + e^u) is concave, so the panels walk out from its maximum
 * (an end, or the stationary point) with widths of about 3 / |g'|, and stop once the integrand
 * has fallen by e^−60: a few dozen panels whatever the exponents.
 */
function logQuadrature(shape: Shape, y1: number, y2: number): number {
  const { eNear, eFar, D } = shape;
  const g = (u: number) => (1 - eNear) * u - eFar * Math.log(D + Math.exp(u));
  const slope = (u: number) => 1 - eNear - eFar / (1 + D * Math.exp(-u));
  const u1 = Math.log(y1);
  const u2 = Math.log(y2);
  const share = (1 - eNear) / eFar;
  const stationary = share > 0 && share < 1 ? Math.log((share * D) / (1 - share)) : Number.NaN;
  const start = stationary > u1 && stationary < u2 ? stationary : g(u1) >= g(u2) ? u1 : u2;
  const peak = g(start);
  const f = (u: number) => Math.exp(g(u) - peak);
  let sum = 0;
  for (const [direction, limit] of [
    [-1, u1],
    [1, u2],
  ] as const) {
    let u = start;
    for (let panel = 0; panel < MAX_PANELS && (limit - u) * direction > 0 && g(u) > peak - 60; panel++) {
      const width = 3 / (Math.abs(slope(u + (direction * 3) / (Math.abs(slope(u)) + 1))) + 1);
      const next = direction > 0 ? Math.min(u + width, limit) : Math.max(u - width, limit);
      sum += gaussLegendre(f, Math.min(u, next), Math.max(u, next));
      u = next;
    }
  }
  return peak + Math.log(sum);
}

function gaussLegendre(f: (u: number) => number, lo: number, hi: number): number {
  const mid = (lo + hi) / 2;
  const half = (hi - lo) / 2;
  let sum = 0;
  for (let i = 0; i < GAUSS_NODES.length; i++) {
    const d = GAUSS_NODES[i]! * half;
    sum += GAUSS_WEIGHTS[i]! * (f(mid - d) + f(mid + d));
  }
  return sum * half;
}

/**
 * Σ_k (−1)^k (e_far)_k / k! · D^−(e_far+k) · ∫_{y1}^{y2} y^(k−e_near) dy, valid for
 * y2 ≤ D / (2 max(e_far, 1)): successive terms shrink by at least half, so the alternating sum
 * keeps at least half of its first term.
 */
function logBinomial(shape: Shape, y1: number, y2: number): number {
  const { eNear, eFar, D } = shape;
  const L = Math.log(y2 / y1);
  const logD = Math.log(D);
  const logY1 = Math.log(y1);
  let logCoef = -eFar * logD;
  let first = Number.NaN;
  let sum = 0;
  for (let k = 0; k < 200; k++) {
    const e = k - eNear + 1;
    const logTerm = logCoef + e * logY1 + logExpm1Ratio(e, L);
    if (k === 0) first = logTerm;
    const term = Math.exp(logTerm - first);
    sum += k % 2 === 0 ? term : -term;
    if (term <= 1e-17 * sum) break;
    logCoef += Math.log((eFar + k) / (k + 1)) - logD;
  }
  return first + Math.log(sum);
}

/** ln[(e^(e·L) − 1) / e] for L > 0, without overflow for large |e·L|. */
function logExpm1Ratio(e: number, L: number): number {
  if (e === 0) return Math.log(L);
  const v = e * L;
  if (v > 30) return v + Math.log1p(-Math.exp(-v)) - Math.log(e);
  if (v < -30) return Math.log1p(-Math.exp(v)) - Math.log(-e);
  return Math.log(Math.expm1(v) / e);
}
