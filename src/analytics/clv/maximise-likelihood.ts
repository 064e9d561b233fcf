/**
 * Maximum likelihood over positive parameters: Nelder–Mead on ln(parameter / scale) inside a
 * box, restarted from the best point until a restart no longer helps, then a boundary probe
 * that moves each parameter to the edge of the box and flags it when the likelihood does not
 * get worse there (a → 0 with b unidentified in BG/NBD on Online Retail). Always terminates.
 */
import { nelderMead } from "./nelder-mead.js";
import type { ClvIssue, FitDiagnostics } from "./types.js";

/** A likelihood over positive parameters. */
export interface LikelihoodProblem {
  readonly names: readonly string[];
  /** Natural size of each parameter (e.g. mean customer age for a rate scale): the box is relative. */
  readonly scales: readonly number[];
  /** Starting values, in natural units. */
  readonly start: readonly number[];
  logLikelihood(params: readonly number[]): number;
}

/** The maximiser and how the search ended. */
export type MaximiseOutcome =
  | ({ readonly ok: true; readonly params: number[]; readonly logLikelihood: number } & FitDiagnostics)
  | { readonly ok: false; readonly issues: readonly ClvIssue[] };

/** Search box half-width in ln(parameter / scale): about 1.5e-8 … 6.6e7 times the scale. */
export const LOG_BOUND = 18;
const STEP = 0.5;
const MAX_RESTARTS = 8;
/** Iterations of one simplex run before it is restarted (or followed by a leap). */
const RUN_ITERATIONS = 600;
/** A run that gains less than this (relative) is taken as having reached the noise floor. */
const STALL_TOLERANCE = 1e-10;
/** Regular fits need a few hundred; only a drift along a ridge to infinity uses the rest. */
const MAX_ITERATIONS = 5_000;
const X_TOLERANCE = 1e-7;
/** How much worse (in log-likelihood) the edge of the box may be and still count as "no worse". */
const PROBE_TOLERANCE = 1e-3;
/** A parameter this close (in ln units) to the edge of the box has run off, whatever the probe says. */
const EDGE_MARGIN = 4;

interface Search {
  theta: number[];
  value: number;
  iterations: number;
  evaluations: number;
  restarts: number;
  converged: boolean;
}

/**
 * Maximises `problem.logLikelihood`. Never throws: a likelihood that is not finite anywhere near
 * the start gives `{ ok: false }`.
 */
export function maximiseLikelihood(problem: LikelihoodProblem): MaximiseOutcome {
  const toParams = (theta: readonly number[]) => theta.map((t, i) => (problem.scales[i] ?? 1) * Math.exp(t));
  // Outside the box the likelihood is that of the nearest box point plus a quadratic penalty:
  // a soft wall, along which the simplex slides instead of collapsing against it.
  const objective = (theta: readonly number[]): number => {
    if (theta.some((t) => Number.isNaN(t))) return Number.POSITIVE_INFINITY;
    const ll = problem.logLikelihood(toParams(theta.map(clampToBox)));
    const penalty = theta.reduce((sum, t) => sum + Math.max(0, Math.abs(t) - LOG_BOUND) ** 2, 0);
    return Number.isFinite(ll) ? penalty - ll : Number.POSITIVE_INFINITY;
  };
  const start = findFiniteStart(problem, objective);
  if (start === undefined) {
    return {
      ok: false,
      issues: [{ code: "not_finite", message: "the log-likelihood is not finite at any start" }],
    };
  }
  const fTolerance = 1e-11 * Math.max(1, Math.abs(objective(start)));
  let search = restartedSearch(objective, start, fTolerance, emptySearch(start, objective(start)));
  let flagged: number[] = [];
  for (let round = 0; round <= 3; round++) {
    const probe = probeBoundaries(objective, search);
    flagged = probe.flagged;
    if (probe.better === undefined || round === 3) break;
    search = restartedSearch(objective, probe.better, fTolerance, { ...search, theta: probe.better });
  }
  search.theta = search.theta.map(clampToBox);
  search.value = objective(search.theta);
  const params = toParams(search.theta);
  return {
    ok: true,
    params,
    logLikelihood: -search.value,
    converged: search.converged,
    atBoundary: flagged.map((i) => problem.names[i] ?? `p${i}`),
    warnings: boundaryWarnings(problem, search.theta, params, flagged, search.converged),
    iterations: search.iterations,
    evaluations: search.evaluations,
    restarts: search.restarts,
  };
}

function findFiniteStart(problem: LikelihoodProblem, objective: (t: readonly number[]) => number) {
  const given = problem.start.map((s, i) => clampTheta(Math.log(s / (problem.scales[i] ?? 1))));
  const candidates = [given, given.map(() => 0), given.map(() => -1), given.map(() => 1)];
  return candidates.find((c) => Number.isFinite(objective(c)));
}

function clampTheta(t: number): number {
  return Number.isFinite(t) ? Math.min(LOG_BOUND - 1, Math.max(-LOG_BOUND + 1, t)) : 0;
}

function emptySearch(theta: number[], value: number): Search {
  return { theta, value, iterations: 0, evaluations: 0, restarts: 0, converged: false };
}

/**
 * Simplex runs of at most RUN_ITERATIONS from the best point so far, until a run ends converged
 * without improving it. A run that is still moving when it stops is followed by leaps along its
 * displacement (doubling while they help): along a ridge to infinity, such as r, α → ∞ with r/α
 * fixed, the simplex alone would crawl for thousands of iterations.
 */
function restartedSearch(
  objective: (t: readonly number[]) => number,
  from: number[],
  fTolerance: number,
  previous: Search,
): Search {
  const search: Search = { ...previous, theta: from, value: objective(from), converged: false };
  let convergedRuns = 0;
  while (convergedRuns <= MAX_RESTARTS) {
    const budget = Math.min(RUN_ITERATIONS, MAX_ITERATIONS - search.iterations);
    if (budget <= 0) break;
    const before = search.theta;
    const options = { step: STEP, fTolerance, xTolerance: X_TOLERANCE, maxIterations: budget };
    const result = nelderMead(objective, before, options);
    search.iterations += result.iterations;
    search.evaluations += result.evaluations;
    const gain = search.value - result.value;
    if (result.value < search.value) {
      search.theta = result.x;
      search.value = result.value;
    }
    if (!result.converged) {
      const leapGain = leap(objective, before, search);
      // Still moving but no longer gaining: the likelihood is flat to rounding noise here.
      if (gain + leapGain <= STALL_TOLERANCE * Math.max(1, Math.abs(search.value))) {
        search.converged = true;
        break;
      }
      continue;
    }
    if (convergedRuns > 0) search.restarts++;
    if (convergedRuns > 0 && gain <= 10 * fTolerance) {
      search.converged = true;
      break;
    }
    convergedRuns++;
  }
  return search;
}

/** Tries search.theta + 2^k (search.theta − before), k = 1, 2, …, keeping the best; returns the gain. */
function leap(
  objective: (t: readonly number[]) => number,
  before: readonly number[],
  search: Search,
): number {
  const anchor = search.theta;
  const start = search.value;
  const direction = anchor.map((t, i) => t - (before[i] ?? 0));
  for (let k = 1; k <= 10; k++) {
    const candidate = anchor.map((t, i) => clampToBox(t + 2 ** k * (direction[i] ?? 0)));
    const value = objective(candidate);
    search.evaluations++;
    if (!(value < search.value)) break;
    search.theta = candidate;
    search.value = value;
  }
  return start - search.value;
}

function clampToBox(t: number): number {
  return Math.min(LOG_BOUND, Math.max(-LOG_BOUND, t));
}

/**
 * Moves each parameter alone to the nearer edge of the box and flags it if that is no worse, or
 * if it is already near the edge (a drift along a ridge, e.g. r and α → ∞ together).
 */
function probeBoundaries(objective: (t: readonly number[]) => number, search: Search) {
  const flagged: number[] = [];
  let better: number[] | undefined;
  let bestValue = search.value;
  search.theta.forEach((t, i) => {
    const edge = search.theta.slice();
    edge[i] = t >= 0 ? LOG_BOUND : -LOG_BOUND;
    const value = objective(edge);
    if (value <= search.value + PROBE_TOLERANCE || Math.abs(t) >= LOG_BOUND - EDGE_MARGIN) flagged.push(i);
    if (value < bestValue - 1e-9 * Math.max(1, Math.abs(bestValue))) {
      bestValue = value;
      better = edge;
    }
  });
  return { flagged, better };
}

function boundaryWarnings(
  problem: LikelihoodProblem,
  theta: readonly number[],
  params: readonly number[],
  flagged: readonly number[],
  converged: boolean,
): string[] {
  const warnings = flagged.map((i) => {
    const t = theta[i] ?? 0;
    const name = problem.names[i] ?? `p${i}`;
    const limit = t >= 0 ? "∞" : "0";
    const value = (params[i] ?? Number.NaN).toPrecision(4);
    return Math.abs(t) >= LOG_BOUND - EDGE_MARGIN
      ? `${name} = ${value} has run to the edge of the search range (${name} → ${limit})`
      : `${name} = ${value} is not determined by the data: the likelihood is no worse at ${name} → ${limit}`;
  });
  if (!converged) {
    const drift = flagged.length > 0 ? " while drifting towards the boundary" : "";
    warnings.push(`the optimiser stopped at its budget of ${MAX_ITERATIONS} iterations${drift}`);
  }
  return warnings;
}
