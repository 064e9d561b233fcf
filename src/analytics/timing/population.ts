/**
 * Fits one category's population distribution of log inter-purchase intervals by the method of
 * moments for the one-way random-effects model y_pj = μ_p + ε_pj, μ_p ~ N(μ, τ²), ε ~ N(0, σ²):
 * σ² is the pooled within-person variance, τ² the variance of person means minus the part their
 * sampling noise explains, and k = σ²/τ² the shrinkage constant.
 */
import type { CategoryPopulation } from "./types.js";

/** Fallbacks when a category has too little data to estimate the variances. */
export interface PopulationDefaults {
  /** σ of ln(interval) when no one has two intervals; default 0.5 (a factor of about 1.6). */
  readonly logSd: number;
  /** k when the between-person variance cannot be estimated (fewer than two people); default 2. */
  readonly k: number;
  /** Upper bound of k (τ² is floored at σ²/maxK); default 100. */
  readonly maxK: number;
}

/** The fallbacks used unless overridden. */
export const POPULATION_DEFAULTS: PopulationDefaults = { logSd: 0.5, k: 2, maxK: 100 };

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function withinVariance(people: readonly (readonly number[])[], fallback: number): number {
  let squares = 0;
  let df = 0;
  for (const ys of people) {
    if (ys.length < 2) continue;
    const m = mean(ys);
    for (const y of ys) squares += (y - m) ** 2;
    df += ys.length - 1;
  }
  return df > 0 ? Math.max(squares / df, 1e-6) : fallback;
}

/**
 * Fits the population from each person's log intervals (people without intervals are ignored).
 * Returns undefined when nobody in the category has an interval.
 *
 * @example
 * fitPopulation("jackets", [[Math.log(800), Math.log(760)], [Math.log(1000)]]);
 */
export function fitPopulation(
  category: string,
  logIntervals: readonly (readonly number[])[],
  defaults: PopulationDefaults = POPULATION_DEFAULTS,
): CategoryPopulation | undefined {
  const people = logIntervals.filter((ys) => ys.length > 0);
  if (people.length === 0) return undefined;
  const sigma2 = withinVariance(people, defaults.logSd ** 2);
  const means = people.map(mean);
  const mu0 = mean(means);
  let tau2: number;
  if (people.length < 2) tau2 = sigma2 / defaults.k;
  else {
    const between = means.reduce((s, m) => s + (m - mu0) ** 2, 0) / (people.length - 1);
    const noise = sigma2 * mean(people.map((ys) => 1 / ys.length));
    tau2 = Math.max(between - noise, sigma2 / defaults.maxK);
  }
  // Precision-weighted mean: a person with many intervals tells more about μ than one with one.
  const weights = people.map((ys) => 1 / (tau2 + sigma2 / ys.length));
  const mu = means.reduce((s, m, i) => s + m * weights[i]!, 0) / weights.reduce((a, b) => a + b, 0);
  const intervals = people.reduce((s, ys) => s + ys.length, 0);
  return { category, mu, sigma2, tau2, k: sigma2 / tau2, people: people.length, intervals };
}

/** The person's shrunk mean log interval and its posterior variance. */
export interface ShrunkMean {
  readonly mean: number;
  readonly variance: number;
  readonly ownWeight: number;
}

/**
 * Shrinks a person's mean log interval toward the population: weight n/(n+k) on the own mean,
 * posterior variance σ²/(n+k) (normal–normal conjugacy).
 */
export function shrinkPersonMean(
  population: CategoryPopulation,
  ownLogIntervals: readonly number[],
): ShrunkMean {
  const n = ownLogIntervals.length;
  const ownWeight = n / (n + population.k);
  const own = n > 0 ? mean(ownLogIntervals) : population.mu;
  return {
    mean: ownWeight * own + (1 - ownWeight) * population.mu,
    variance: population.sigma2 / (n + population.k),
    ownWeight,
  };
}
