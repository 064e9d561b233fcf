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
  const objective = (theta: readonly number[]): number => {
    if (theta.some((t) => !(Math.abs(t) <= LOG_BOUND))) return Number.POSITIVE_INFINITY;
    const ll = problem.logLikelihood(toParams(theta));
    return Number.isFinite(ll) ? -ll : Number.POSITIVE_INFINITY;
  };
  const start = findFiniteStart(problem, objective);
  if (start === undefined) {
    return { ok: false, issues: [{ code: "not_finite", message: "the log-likelihood is not finite at any start" }] };
  }
  const fTolerance = 1e-11 * Math.max(1, Math.abs(objective(start)));
  let search = restartedSearch(objective, start, fTolerance, emptySearch(start, objective(start)));
  let flagged: number[] = [];
  for (let round = 0; round < 3; round++) {
    const probe = probeBoundaries(objective, search);
    flagged = probe.flagged;
    if (probe.better === undefined) break;
    search = restartedSearch(objective, probe.better, fTolerance, { ...search, theta: probe.better });
  }
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

/** Simplex runs from the best point so far until one ends converged without improving it. */
function restartedSearch(
  objective: (t: readonly number[]) => number,
  from: number[],
  fTolerance: number,
  previous: Search,
): Search {
  const search: Search = { ...previous, theta: from, value: objective(from), converged: false };
  for (let run = 0; run <= MAX_RESTARTS; run++) {
    const budget = MAX_ITERATIONS - search.iterations;
    if (budget <= 0) break;
    const options = { step: STEP, fTolerance, xTolerance: X_TOLERANCE, maxIterations: budget };
    const result = nelderMead(objective, search.theta, options);
    search.iterations += result.iterations;
    search.evaluations += result.evaluations;
    const gain = search.value - result.value;
    if (result.value < search.value) {
      search.theta = result.x;
      search.value = result.value;
    }
    if (run > 0) search.restarts++;
    if (result.converged && run > 0 && gain <= 10 * fTolerance) {
      search.converged = true;
      break;
    }
  }
  return search;
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
