/**
 * Nelder–Mead simplex minimisation (Lagarias et al. 1998 coefficients) for the likelihood fits.
 * Derivative-free, so it copes with the flat ridges and the +Infinity walls (outside the
 * parameter box) that the CLV likelihoods have. Bounded by an iteration budget: it always ends.
 */

/** Options for one simplex run. */
export interface NelderMeadOptions {
  /** Edge length of the starting simplex along each axis. */
  readonly step: number;
  /** Stop when the simplex's function values span at most this much … */
  readonly fTolerance: number;
  /** … and its vertices lie within this distance of the best one (max-norm). */
  readonly xTolerance: number;
  readonly maxIterations: number;
}

/** The best vertex found, and whether the tolerances (rather than the budget) ended the run. */
export interface NelderMeadResult {
  readonly x: number[];
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

interface Vertex {
  x: number[];
  f: number;
}

/**
 * Minimises `f` from `start`. Non-finite values of `f` count as +Infinity.
 *
 * @example nelderMead(([x = 0, y = 0]) => (x - 1) ** 2 + (y + 2) ** 2, [0, 0], options).x // ≈ [1, -2]
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions,
): NelderMeadResult {
  let evaluations = 0;
  const evaluate = (x: number[]): Vertex => {
    evaluations++;
    const v = f(x);
    return { x, f: Number.isFinite(v) ? v : Number.POSITIVE_INFINITY };
  };
  const simplex = initialSimplex(start, options.step).map(evaluate);
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    simplex.sort((p, q) => p.f - q.f);
    if (hasConverged(simplex, options)) {
      return finish(simplex, iteration, evaluations, true);
    }
    step(simplex, evaluate);
  }
  simplex.sort((p, q) => p.f - q.f);
  return finish(simplex, options.maxIterations, evaluations, false);
}

function initialSimplex(start: readonly number[], step: number): number[][] {
  const points = [start.slice()];
  for (let i = 0; i < start.length; i++) {
    const p = start.slice();
    p[i] = (p[i] ?? 0) + step;
    points.push(p);
  }
  return points;
}

function hasConverged(simplex: readonly Vertex[], options: NelderMeadOptions): boolean {
  const best = simplex[0]!;
  const worst = simplex[simplex.length - 1]!;
  if (!Number.isFinite(worst.f) || worst.f - best.f > options.fTolerance) return false;
  for (const v of simplex) {
    for (let i = 0; i < v.x.length; i++) {
      if (Math.abs((v.x[i] ?? 0) - (best.x[i] ?? 0)) > options.xTolerance) return false;
    }
  }
  return true;
}

/** One reflect / expand / contract / shrink move on a simplex sorted best-first. */
function step(simplex: Vertex[], evaluate: (x: number[]) => Vertex): void {
  const n = simplex.length - 1;
  const worst = simplex[n]!;
  const centroid = combine(simplex.slice(0, n), 1 / n);
  const along = (t: number): number[] => centroid.map((c, i) => c + t * (c - (worst.x[i] ?? 0)));
  const reflected = evaluate(along(1));
  const best = simplex[0]!;
  const secondWorst = simplex[n - 1]!;
  if (reflected.f < best.f) {
    const expanded = evaluate(along(2));
    simplex[n] = expanded.f < reflected.f ? expanded : reflected;
  } else if (reflected.f < secondWorst.f) {
    simplex[n] = reflected;
  } else {
    const outside = reflected.f < worst.f;
    const contracted = evaluate(along(outside ? 0.5 : -0.5));
    if (contracted.f < (outside ? reflected.f : worst.f)) simplex[n] = contracted;
    else shrink(simplex, evaluate);
  }
}

function shrink(simplex: Vertex[], evaluate: (x: number[]) => Vertex): void {
  const best = simplex[0]!;
  for (let i = 1; i < simplex.length; i++) {
    const v = simplex[i]!;
    simplex[i] = evaluate(v.x.map((xi, j) => (best.x[j] ?? 0) + 0.5 * (xi - (best.x[j] ?? 0))));
  }
}

function combine(vertices: readonly Vertex[], weight: number): number[] {
  const dim = vertices[0]?.x.length ?? 0;
  const out = new Array<number>(dim).fill(0);
  for (const v of vertices) {
    for (let i = 0; i < dim; i++) out[i] = (out[i] ?? 0) + weight * (v.x[i] ?? 0);
  }
  return out;
}

function finish(simplex: readonly Vertex[], iterations: number, evaluations: number, converged: boolean) {
  const best = simplex[0]!;
  return { x: best.x.slice(), value: best.f, iterations, evaluations, converged };
}
