/**
 * Per-person item-kNN scoring: each owned item i (weight w_i, e.g. recency) votes w_i·s_ij for its
 * precomputed neighbours j. Dense typed accumulators and a touched list keep one call at
 * O(owned items × K), well under a millisecond for ordinary histories.
 */
import type { ComplementScore } from "./complements.js";
import type { ItemSimilarity } from "./item-similarity.js";
import { selectTopK } from "./top-k.js";

/**
 * The `limit` best neighbour candidates for a person, with their score and the (up to two) owned
 * items that contributed most. `skip(itemId)` removes candidates (owned, filtered).
 *
 * @example
 * neighbourScores(sim, new Map([["a", 1], ["b", 0.5]]), 100, (id) => owned.has(id));
 */
export function neighbourScores(
  sim: ItemSimilarity,
  owned: ReadonlyMap<string, number>,
  limit: number,
  skip: (itemId: string) => boolean,
): Map<string, ComplementScore> {
  const count = sim.itemIds.length;
  const score = new Float64Array(count);
  const best = new Int32Array(count);
  const bestVote = new Float64Array(count);
  const second = new Int32Array(count).fill(-1);
  const secondVote = new Float64Array(count);
  const touched: number[] = [];
  for (const [itemId, weight] of owned) {
    const i = sim.itemIndex.get(itemId);
    if (i === undefined || weight <= 0) continue;
    for (let at = sim.offsets[i]!; at < sim.offsets[i + 1]!; at++) {
      const j = sim.neighbours[at]!;
      const vote = weight * sim.scores[at]!;
      if (score[j] === 0) touched.push(j);
      score[j]! += vote;
      if (vote > bestVote[j]!) {
        second[j] = best[j]!;
        secondVote[j] = bestVote[j]!;
        best[j] = i;
        bestVote[j] = vote;
      } else if (vote > secondVote[j]!) {
        second[j] = i;
        secondVote[j] = vote;
      }
    }
  }
  const eligible = touched.filter((j) => !skip(sim.itemIds[j]!));
  const out = new Map<string, ComplementScore>();
  for (const j of selectTopK(
    eligible.length,
    (t) => eligible[t]!,
    (c) => score[c]!,
    limit,
  )) {
    const because = [sim.itemIds[best[j]!]!];
    if (second[j]! >= 0 && secondVote[j]! > 0) because.push(sim.itemIds[second[j]!]!);
    out.set(sim.itemIds[j]!, { score: score[j]!, because });
  }
  return out;
}
