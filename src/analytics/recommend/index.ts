/**
 * Public surface of the recommend context: item similarity, EASE, cross-sell, up-sell, popularity,
 * the personalised blend with explanations, the item filter hook and the offline evaluation (with
 * its ceilings).
 *
 * Consent for personalised offers is enforced by the caller: only call the per-person functions
 * for people who gave it. Sensitive items are excluded with {@link createItemFilter}.
 */
export { categoryKey, isWithinCategory } from "./catalogue.js";
export { CEILING_BLEND_WEIGHTS, ceilingRecommenders } from "./ceilings.js";
export {
  buildComplementIndex,
  type ComplementIndex,
  type ComplementScore,
  crossSell,
} from "./complements.js";
export {
  buildEase,
  EASE_DEFAULTS,
  type EaseModel,
  type EaseOptions,
  easeScores,
  easeWeights,
  fitEase,
} from "./ease.js";
export {
  buildEaseSimilarity,
  type EaseSimilarityOptions,
  easeNeighbours,
  STORED_NEIGHBOURS,
} from "./ease-neighbours.js";
export {
  EVALUATION_PROTOCOL,
  type EvaluationOptions,
  type EvaluationReport,
  evaluateRecommenders,
  type RecommenderScore,
  temporalSplit,
} from "./evaluate.js";
export {
  defaultRecommenders,
  easeDense,
  easeKnn,
  itemKnn,
  type NamedRecommender,
  personalisedBlend,
  popularityBaseline,
  type RecommendFn,
  randomBaseline,
} from "./evaluation-recommenders.js";
export { explainRecommendation } from "./explain.js";
export {
  buildInteractionMatrix,
  byBasket,
  byCustomer,
  type InteractionMatrix,
} from "./interaction-matrix.js";
export { createItemFilter, type ItemFilterOptions } from "./item-filter.js";
export {
  alsoBought,
  buildItemSimilarity,
  buildItemSimilarityFromPurchases,
  type ItemSimilarity,
  type Neighbour,
  type NeighbourMeasure,
  neighboursOf,
  type SimilarityMeasure,
  type SimilarityOptions,
} from "./item-similarity.js";
export { minePairRules, type PairRule, type PairRuleOptions } from "./pair-rules.js";
export {
  buildPopularity,
  type PopularityModel,
  type PopularOptions,
  popularItems,
  popularityFromCounts,
} from "./popularity.js";
export { type RankingMetrics, rankingMetrics } from "./ranking-metrics.js";
export {
  type BlendWeights,
  buildRecommender,
  DEFAULT_BLEND,
  type PersonOptions,
  type RecommenderModel,
  type RecommenderOptions,
  recencyWeights,
  recommendForPerson,
} from "./recommender.js";
export { type RepeatPurchaseOptions, repeatPurchaseItems } from "./repeat-purchases.js";
export { type StoredNeighbours, similarityFromLists } from "./similarity-from-lists.js";
export type {
  AssociationRule,
  CatalogItem,
  ItemFilter,
  Purchase,
  Recommendation,
  RecommendationReason,
  RecommendErrorCode,
} from "./types.js";
export { RecommendError } from "./types.js";
export {
  type AccessoryRule,
  buildUpsellIndex,
  type UpsellIndex,
  type UpsellOptions,
  upsell,
} from "./upsell.js";
