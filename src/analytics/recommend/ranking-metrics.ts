/**
 * Top-k ranking metrics with binary relevance: hit rate, precision, recall and NDCG
 * (gain 1/log2(rank + 1), ideal ranking puts min(k, |relevant|) hits first).
 */

/** Metrics of one ranked list. */
export interface RankingMetrics {
  readonly hit: number;
  readonly precision: number;
  readonly recall: number;
  readonly ndcg: number;
}

/**
 * Scores the first `k` of `ranked` against the `relevant` set. Precision divides by k even when
 * the list is shorter (a recommender that says less is not rewarded for it).
 *
 * @example
 * rankingMetrics(["a", "x", "b"], new Set(["a", "b"]), 3); // hit 1, precision 2/3, recall 1, ndcg ≈ 0.92
 */
export function rankingMetrics(
  ranked: readonly string[],
  relevant: ReadonlySet<string>,
  k: number,
): RankingMetrics {
  let hits = 0;
  let dcg = 0;
  ranked.slice(0, k).forEach((item, rank) => {
    if (!relevant.has(item)) return;
    hits++;
    dcg += 1 / Math.log2(rank + 2);
  });
  let idcg = 0;
  for (let rank = 0; rank < Math.min(k, relevant.size); rank++) idcg += 1 / Math.log2(rank + 2);
  return {
    hit: hits > 0 ? 1 : 0,
    precision: k > 0 ? hits / k : 0,
    recall: relevant.size > 0 ? hits / relevant.size : 0,
    ndcg: idcg > 0 ? dcg / idcg : 0,
  };
}
