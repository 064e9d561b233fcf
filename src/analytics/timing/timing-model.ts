/**
 * Purchase timing per person and category. Model: a person's log inter-purchase intervals are
 * normal around their own mean μ_p, and person means are normal around the category's μ (see
 * population.ts). The person's typical interval is exp of their mean shrunk toward μ with weight
 * n/(n+k), k = σ²/τ² estimated per category from within- and between-person variance; the next
 * interval is log-normal with variance σ² + σ²/(n+k). "Not due before" is its lower quantile
 * (default 20 %), "overdue after" its upper quantile (default 90 %), both from the last purchase.
 */
import { DAY_MS, interPurchaseIntervals, purchaseOccasions } from "./intervals.js";
import { normalQuantile } from "./normal-quantile.js";
import {
  fitPopulation,
  POPULATION_DEFAULTS,
  type PopulationDefaults,
  shrinkPersonMean,
} from "./population.js";
import type { CategoryPopulation, CategoryPurchase, TimingResult } from "./types.js";

/** Options of {@link buildTimingModel}. */
export interface TimingOptions {
  /** Purchases closer than this form one occasion; default 1 day. */
  readonly minGapDays?: number;
  /** Quantile of the next interval before which the person is not due; default 0.2. */
  readonly notDueQuantile?: number;
  /** Quantile after which the person is overdue; default 0.9. */
  readonly overdueQuantile?: number;
  readonly defaults?: Partial<PopulationDefaults>;
}

/** Occasions per person and category, and each category's fitted population. */
export interface TimingModel {
  readonly occasions: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
  readonly populations: ReadonlyMap<string, CategoryPopulation>;
  readonly minGapDays: number;
  readonly notDueQuantile: number;
  readonly overdueQuantile: number;
}

function collectTimes(purchases: readonly CategoryPurchase[]): Map<string, Map<string, number[]>> {
  const byPerson = new Map<string, Map<string, number[]>>();
  for (const p of purchases) {
    let categories = byPerson.get(p.customerId);
    if (!categories) {
      categories = new Map();
      byPerson.set(p.customerId, categories);
    }
    const times = categories.get(p.category);
    if (times) times.push(p.time);
    else categories.set(p.category, [p.time]);
  }
  return byPerson;
}

function logIntervals(occasions: readonly number[], minGapDays: number): number[] {
  return interPurchaseIntervals(occasions, minGapDays).map(Math.log);
}

/**
 * Groups purchases into occasions per person and category and fits every category's population.
 *
 * @example
 * const model = buildTimingModel([{ customerId: "c1", category: "jackets", time: Date.parse("2020-11-20") }, ...]);
 * predictNextPurchase(model, "c1", "jackets");
 */
export function buildTimingModel(
  purchases: readonly CategoryPurchase[],
  options: TimingOptions = {},
): TimingModel {
  const minGapDays = options.minGapDays ?? 1;
  const defaults = { ...POPULATION_DEFAULTS, ...options.defaults };
  const occasions = new Map<string, Map<string, number[]>>();
  const perCategory = new Map<string, number[][]>();
  for (const [customerId, categories] of collectTimes(purchases)) {
    const own = new Map<string, number[]>();
    occasions.set(customerId, own);
    for (const [category, times] of categories) {
      const list = purchaseOccasions(times, minGapDays);
      own.set(category, list);
      const people = perCategory.get(category) ?? [];
      people.push(logIntervals(list, minGapDays));
      perCategory.set(category, people);
    }
  }
  const populations = new Map<string, CategoryPopulation>();
  for (const [category, people] of perCategory) {
    const fitted = fitPopulation(category, people, defaults);
    if (fitted) populations.set(category, fitted);
  }
  return {
    occasions,
    populations,
    minGapDays,
    notDueQuantile: options.notDueQuantile ?? 0.2,
    overdueQuantile: options.overdueQuantile ?? 0.9,
  };
}

/** The person's inter-purchase intervals in a category, in days (oldest first). */
export function personIntervals(model: TimingModel, customerId: string, category: string): number[] {
  const occasions = model.occasions.get(customerId)?.get(category) ?? [];
  return interPurchaseIntervals(occasions, model.minGapDays);
}

/** The start of the person's latest purchase occasion in a category, if any. */
export function lastPurchase(model: TimingModel, customerId: string, category: string): number | undefined {
  return model.occasions.get(customerId)?.get(category)?.at(-1);
}

/** The latest purchase per category for one person. */
export function lastPurchasesByCategory(model: TimingModel, customerId: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [category, occasions] of model.occasions.get(customerId) ?? [])
    out.set(category, occasions.at(-1)!);
  return out;
}

/**
 * Predicts the person's next purchase in a category: typical interval (predictive median),
 * predicted date, "not due before" and "overdue after" dates.
 *
 * @example
 * const r = predictNextPurchase(model, "c1", "jackets");
 * if (r.ok) console.log(new Date(r.prediction.notDueBefore));
 */
export function predictNextPurchase(model: TimingModel, customerId: string, category: string): TimingResult {
  const occasions = model.occasions.get(customerId)?.get(category);
  const last = occasions?.at(-1);
  if (!occasions || last === undefined)
    return { ok: false, issue: { code: "no_purchase", customerId, category } };
  const population = model.populations.get(category);
  if (!population) return { ok: false, issue: { code: "no_interval_data", customerId, category } };
  const shrunk = shrinkPersonMean(population, logIntervals(occasions, model.minGapDays));
  const sd = Math.sqrt(population.sigma2 + shrunk.variance);
  const at = (q: number): number => last + Math.exp(shrunk.mean + normalQuantile(q) * sd) * DAY_MS;
  const typicalIntervalDays = Math.exp(shrunk.mean);
  return {
    ok: true,
    prediction: {
      customerId,
      category,
      lastPurchase: last,
      ownIntervalsDays: interPurchaseIntervals(occasions, model.minGapDays),
      ownWeight: shrunk.ownWeight,
      typicalIntervalDays,
      predictedNext: last + typicalIntervalDays * DAY_MS,
      notDueBefore: at(model.notDueQuantile),
      overdueAfter: at(model.overdueQuantile),
    },
  };
}

/**
 * Whether an offer in this category is timely at `now`: true from the "not due before" date on.
 * Without a purchase in the category, or without any interval data in it, there is no timing
 * evidence against an offer and the answer is true.
 *
 * @example
 * isDue(model, "c1", "jackets", Date.now()); // false for two years after a jacket purchase
 */
export function isDue(model: TimingModel, customerId: string, category: string, now: number): boolean {
  const result = predictNextPurchase(model, customerId, category);
  return !result.ok || now >= result.prediction.notDueBefore;
}
