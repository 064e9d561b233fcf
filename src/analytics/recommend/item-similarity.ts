/**
 * Item-to-item similarity from customer×item co-occurrence, precomputed as top-K neighbour lists
 * per item (CSR typed arrays), so that per-person scoring only walks short lists.
 *
 * Measures, with c = customers who bought both i and j, n_i = customers who bought i and N =
 * all customers: `cooccurrence` = c; `cosine` = c / √(n_i·n_j); `lift` = c·N / (n_i·n_j).
 * Pairs seen in fewer than `minCoCount` customers are dropped (a single shared customer is noise,
 * and lift of rare pairs explodes otherwise). With `rowWeighting: "inverse-sqrt"` each customer
 * counts 1/√(distinct items) in c, n_i and N, so that wholesalers who buy half the range do not
 * make every pair look related (inverse user frequency).
 */
import {
  accumulateCoCounts,
  type CoCountScratch,
  createCoCountScratch,
  resetCoCounts,
} from "./co-occurrence.js";
import { buildInteractionMatrix, type InteractionMatrix, itemSupport } from "./interaction-matrix.js";
import { selectTopK } from "./top-k.js";
import type { ItemFilter, Purchase, Recommendation } from "./types.js";

/** How co-occurrence is turned into a similarity score. */
export type SimilarityMeasure = "cooccurrence" | "cosine" | "lift";

/** What produced a set of neighbour lists: a co-occurrence measure or the EASE model (`ease.ts`). */
export type NeighbourMeasure = SimilarityMeasure | "ease";

/** Options of {@link buildItemSimilarity}. */
export interface SimilarityOptions {
  /** Default `cosine`. */
  readonly measure?: SimilarityMeasure;
  /** Neighbours kept per item; default 50. */
  readonly topK?: number;
  /** Minimum customers shared by a pair; default 2. */
  readonly minCoCount?: number;
  /** Down-weight customers with many distinct items; default `none`. */
  readonly rowWeighting?: "none" | "inverse-sqrt";
}

/** Precomputed neighbour lists: neighbours of item i are at `offsets[i] .. offsets[i + 1]`, best first. */
export interface ItemSimilarity {
  readonly measure: NeighbourMeasure;
  readonly itemIds: readonly string[];
  readonly itemIndex: ReadonlyMap<string, number>;
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
  readonly scores: Float64Array;
  readonly coCounts: Int32Array;
  /** Customers per item. */
  readonly support: Int32Array;
  /** Customers in the training data. */
  readonly rowCount: number;
}

/** One neighbour of an item. */
export interface Neighbour {
  readonly itemId: string;
  readonly score: number;
  readonly coCount: number;
}

function similarity(measure: SimilarityMeasure, c: number, ni: number, nj: number, rows: number): number {
  switch (measure) {
    case "cooccurrence":
      return c;
    case "cosine":
      return c / Math.sqrt(ni * nj);
    case "lift":
      return (c * rows) / (ni * nj);
  }
}

/**
 * Builds top-K neighbour lists from a customer×item matrix.
 *
 * @example
 * const sim = buildItemSimilarity(buildInteractionMatrix(purchases), { measure: "lift", topK: 30 });
 */
export function buildItemSimilarity(
  matrix: InteractionMatrix,
  options: SimilarityOptions = {},
): ItemSimilarity {
  const measure = options.measure ?? "cosine";
  const topK = options.topK ?? 50;
  const itemCount = matrix.itemIds.length;
  const support = new Int32Array(itemCount);
  for (let i = 0; i < itemCount; i++) support[i] = itemSupport(matrix, i);
  const weights = options.rowWeighting === "inverse-sqrt" ? inverseSqrtRowWeights(matrix) : undefined;
  const scratch = createCoCountScratch(itemCount, weights);
  const score = pairScorer(matrix, measure, options.minCoCount ?? 2, support, scratch);
  const lists: NeighbourList[] = [];
  for (let i = 0; i < itemCount; i++) {
    const touched = accumulateCoCounts(matrix, i, scratch);
    const items = selectTopK(
      touched,
      (t) => scratch.touched[t]!,
      (j) => score(i, j),
      topK,
    );
    lists.push({
      items,
      scores: items.map((j) => score(i, j)),
      counts: items.map((j) => scratch.counts[j]!),
    });
    resetCoCounts(scratch, touched);
  }
  const { itemIds, itemIndex } = matrix;
  return { measure, itemIds, itemIndex, ...packLists(lists), support, rowCount: matrix.rowIds.length };
}

/** One item's neighbours as indices into `itemIds`, best first. */
export interface NeighbourList {
  readonly items: readonly number[];
  readonly scores: readonly number[];
  readonly counts: readonly number[];
}

/** Scores pair (i, j) from the counters of the current item i; -Infinity below `minCoCount`. */
function pairScorer(
  matrix: InteractionMatrix,
  measure: SimilarityMeasure,
  minCoCount: number,
  support: Int32Array,
  scratch: CoCountScratch,
): (i: number, j: number) => number {
  const weights = scratch.rowWeights;
  if (!weights) {
    const rows = matrix.rowIds.length;
    return (i, j) => {
      const c = scratch.counts[j]!;
      return c < minCoCount
        ? Number.NEGATIVE_INFINITY
        : similarity(measure, c, support[i]!, support[j]!, rows);
    };
  }
  const mass = weightedSupport(matrix, weights);
  const rowMass = weights.reduce((sum, w) => sum + w, 0);
  return (i, j) =>
    scratch.counts[j]! < minCoCount
      ? Number.NEGATIVE_INFINITY
      : similarity(measure, scratch.weighted[j]!, mass[i]!, mass[j]!, rowMass);
}

/** Concatenates per-item lists into CSR arrays. */
export function packLists(lists: readonly NeighbourList[]) {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => {
    offsets[i + 1] = offsets[i]! + list.items.length;
  });
  const total = offsets[lists.length]!;
  const neighbours = new Int32Array(total);
  const scores = new Float64Array(total);
  const coCounts = new Int32Array(total);
  lists.forEach((list, i) => {
    neighbours.set(list.items, offsets[i]!);
    scores.set(list.scores, offsets[i]!);
    coCounts.set(list.counts, offsets[i]!);
  });
  return { offsets, neighbours, scores, coCounts };
}

function inverseSqrtRowWeights(matrix: InteractionMatrix): Float64Array {
  const weights = new Float64Array(matrix.rowIds.length);
  for (let r = 0; r < weights.length; r++) {
    weights[r] = 1 / Math.sqrt(Math.max(1, matrix.rowOffsets[r + 1]! - matrix.rowOffsets[r]!));
  }
  return weights;
}

function weightedSupport(matrix: InteractionMatrix, weights: Float64Array): Float64Array {
  const mass = new Float64Array(matrix.itemIds.length);
  for (let i = 0; i < mass.length; i++) {
    for (let at = matrix.itemOffsets[i]!; at < matrix.itemOffsets[i + 1]!; at++)
      mass[i]! += weights[matrix.itemRows[at]!]!;
  }
  return mass;
}

/** {@link buildItemSimilarity} straight from purchases (customers are the rows). */
export function buildItemSimilarityFromPurchases(
  purchases: readonly Purchase[],
  options: SimilarityOptions = {},
): ItemSimilarity {
  return buildItemSimilarity(buildInteractionMatrix(purchases), options);
}

/** The precomputed neighbours of one item, best first; empty for unknown items. */
export function neighboursOf(sim: ItemSimilarity, itemId: string): Neighbour[] {
  const i = sim.itemIndex.get(itemId);
  if (i === undefined) return [];
  const out: Neighbour[] = [];
  for (let at = sim.offsets[i]!; at < sim.offsets[i + 1]!; at++) {
    out.push({
      itemId: sim.itemIds[sim.neighbours[at]!]!,
      score: sim.scores[at]!,
      coCount: sim.coCounts[at]!,
    });
  }
  return out;
}

/**
 * "Customers who bought this also bought": the item's neighbours that pass the filter.
 *
 * @example
 * alsoBought(sim, "dishwasher-x", { n: 5, filter }); // [{ itemId, score, reason: "also_bought", because: ["dishwasher-x"] }]
 */
export function alsoBought(
  sim: ItemSimilarity,
  itemId: string,
  options: { readonly n?: number; readonly filter?: ItemFilter } = {},
): Recommendation[] {
  const n = options.n ?? 10;
  const out: Recommendation[] = [];
  for (const neighbour of neighboursOf(sim, itemId)) {
    if (out.length >= n) break;
    if (options.filter && !options.filter(neighbour.itemId)) continue;
    out.push({ itemId: neighbour.itemId, score: neighbour.score, reason: "also_bought", because: [itemId] });
  }
  return out;
}
