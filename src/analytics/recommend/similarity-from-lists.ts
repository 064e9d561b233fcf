/**
 * Rebuilds an {@link ItemSimilarity} from neighbour lists that were computed earlier and stored
 * (the analytics job writes them, the recommendation service reads them back), so scoring a person
 * does not need the purchase history of everyone.
 */

import type { NeighbourMeasure } from "./item-similarity.js";
import { type ItemSimilarity, type Neighbour, type NeighbourList, packLists } from "./item-similarity.js";

/** One item's stored neighbours, best first. */
export interface StoredNeighbours {
  readonly itemId: string;
  readonly neighbours: readonly Neighbour[];
}

/**
 * @example
 * const sim = similarityFromLists([{ itemId: "a", neighbours: [{ itemId: "b", score: 0.8, coCount: 4 }] }], buyers);
 * neighboursOf(sim, "a"); // [{ itemId: "b", score: 0.8, coCount: 4 }]
 */
export function similarityFromLists(
  lists: readonly StoredNeighbours[],
  buyers: ReadonlyMap<string, number>,
  measure: NeighbourMeasure = "cosine",
): ItemSimilarity {
  const itemIndex = new Map<string, number>();
  const itemIds: string[] = [];
  const indexOf = (id: string): number => {
    let i = itemIndex.get(id);
    if (i === undefined) {
      i = itemIds.length;
      itemIds.push(id);
      itemIndex.set(id, i);
    }
    return i;
  };
  for (const list of lists) indexOf(list.itemId);
  for (const list of lists) for (const n of list.neighbours) indexOf(n.itemId);
  const packed: NeighbourList[] = itemIds.map(() => ({ items: [], scores: [], counts: [] }));
  for (const list of lists) {
    packed[itemIndex.get(list.itemId)!] = {
      items: list.neighbours.map((n) => itemIndex.get(n.itemId)!),
      scores: list.neighbours.map((n) => n.score),
      counts: list.neighbours.map((n) => n.coCount),
    };
  }
  const support = new Int32Array(itemIds.length);
  itemIds.forEach((id, i) => {
    support[i] = buyers.get(id) ?? 0;
  });
  return { measure, itemIds, itemIndex, ...packLists(packed), support, rowCount: 0 };
}
