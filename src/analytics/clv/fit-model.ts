/**
 * The common shape of every model fit: maximise the likelihood over named positive parameters,
 * turn the raw vector into the model's parameter object, and add the model's own reading of a
 * boundary fit to the optimiser's warnings.
 */
import { type LikelihoodProblem, maximiseLikelihood } from "./maximise-likelihood.js";
import type { FitResult } from "./types.js";

export interface ModelFit<P> extends Omit<LikelihoodProblem, "logLikelihood"> {
  toParams(vector: readonly number[]): P;
  logLikelihood(params: P): number;
  /** Plain-language warnings for this model, given the fitted values and the parameters at a boundary. */
  hints(params: P, atBoundary: readonly string[]): readonly string[];
  /** Customers the fit used (reported with the result). */
  customers: number;
}

export function fitModel<P>(model: ModelFit<P>): FitResult<P> {
  const started = performance.now();
  const outcome = maximiseLikelihood({
    names: model.names,
    scales: model.scales,
    start: model.start,
    logLikelihood: (vector) => model.logLikelihood(model.toParams(vector)),
  });
  if (!outcome.ok) return outcome;
  const { params, ...rest } = outcome;
  const fitted = model.toParams(params);
  return {
    ...rest,
    params: fitted,
    warnings: [...rest.warnings, ...model.hints(fitted, outcome.atBoundary)],
    customers: model.customers,
    elapsedMs: performance.now() - started,
  };
}
