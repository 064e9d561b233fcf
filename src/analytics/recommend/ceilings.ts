/**
 * Ceilings for the offline evaluation: recommenders that are told what sold in the test period,
 * which no real recommender can know. They bound what a list built from popularity, or from EASE
 * plus popularity, could score under the protocol; they are never served.
 *
 * - test-period bestsellers: the test period's items by distinct buyers, skipping owned items.
 * - EASE + test-period bestsellers: a person's EASE scores (scaled to their best item) plus
 *   `weight` × the item's test-period buyers (scaled to the best seller), for several weights.
 */
import { type EaseModel, easeScores, fitEase } from "./ease.js";
import type { NamedRecommender } from "./evaluation-recommenders.js";
import { buildPopularity, popularItems } from "./popularity.js";
import { selectTopK } from "./top-k.js";
import type { Purchase } from "./types.js";

/** Weights of the test-period bestsellers against EASE that {@link ceilingRecommenders} tries. */
export const CEILING_BLEND_WEIGHTS = [0.5, 1, 2] as const;

/**
 * The ceiling recommenders for one test period (see the module header); the EASE fit is shared.
 *
 * @example
 * evaluateRecommenders(purchases, { splitTime, recommenders: [...defaultRecommenders(), ...ceilingRecommenders(test)] });
 */
export function ceilingRecommenders(
  test: readonly Purchase[],
  weights: readonly number[] = CEILING_BLEND_WEIGHTS,
): NamedRecommender[] {
  const bestsellers = buildPopularity(test);
  let fitted: { train: readonly Purchase[]; model: EaseModel } | undefined;
  const easeFor = (train: readonly Purchase[]) => {
    if (fitted?.train !== train) fitted = { train, model: fitEase(train).model };
    return fitted.model;
  };
  const items = bestsellers.ranked;
  const sold = items.map((item) => bestsellers.counts.get(item)! / Math.max(1, bestsellers.maxCount));
  const blend = (weight: number): NamedRecommender => ({
    name: `ceiling: ease + test bestsellers ×${weight}`,
    build: (train) => {
      const model = easeFor(train);
      return (history, exclude, k) => {
        const scores = easeScores(model, new Map(history.map((p) => [p.itemId, 1] as const)));
        const best = scores.reduce((max, s) => Math.max(max, s), 0);
        const personal = (item: string) => {
          const j = model.itemIndex.get(item);
          return j === undefined || best <= 0 ? 0 : scores[j]! / best;
        };
        const open = items.flatMap((item, i) => (exclude.has(item) ? [] : [i]));
        return selectTopK(
          open.length,
          (t) => open[t]!,
          (i) => personal(items[i]!) + weight * sold[i]!,
          k,
        ).map((i) => items[i]!);
      };
    },
  });
  return [
    {
      name: "ceiling: test bestsellers",
      build: () => (_history, exclude, k) =>
        popularItems(bestsellers, { n: k, exclude }).map((r) => r.itemId),
    },
    ...weights.map(blend),
  ];
}
