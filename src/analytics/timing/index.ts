/**
 * Public surface of the timing context: inter-purchase intervals per person and category, a
 * hierarchical (shrinkage) estimate of each person's typical interval, the predicted next
 * purchase, a "not due before" date and the `isDue` check that keeps offers for durable goods
 * (a winter jacket every 2–3 years) from following a purchase.
 */
export { toCategoryPurchases } from "./category-purchases.js";
export { DAY_MS, interPurchaseIntervals, purchaseOccasions } from "./intervals.js";
export { normalQuantile } from "./normal-quantile.js";
export {
  fitPopulation,
  POPULATION_DEFAULTS,
  type PopulationDefaults,
  type ShrunkMean,
  shrinkPersonMean,
} from "./population.js";
export {
  buildTimingModel,
  isDue,
  lastPurchase,
  lastPurchasesByCategory,
  personIntervals,
  predictNextPurchase,
  type TimingModel,
  type TimingOptions,
} from "./timing-model.js";
export type {
  CategoryPopulation,
  CategoryPurchase,
  TimingIssue,
  TimingPrediction,
  TimingResult,
} from "./types.js";
