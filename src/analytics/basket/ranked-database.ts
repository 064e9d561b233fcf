/**
 * First pass of FP-Growth: count items (a duplicate inside one transaction counts once), keep the
 * frequent ones, rank them by descending frequency and rewrite every transaction as its sorted,
 * duplicate-free list of ranks in one flat Int32Array.
 */
import type { BasketIssue, IdTransaction } from "./types.js";

/** Frequent items ranked 0 (most frequent) … n−1, and the transactions rewritten as ranks. */
export interface RankedDatabase {
  /** Original item id of each rank. */
  readonly rankToId: Int32Array;
  /** Count of each rank (non-increasing). */
  readonly rankCount: Int32Array;
  /** Transaction t holds `ranks[offsets[t]] … ranks[offsets[t + 1] - 1]`, ascending. */
  readonly ranks: Int32Array;
  readonly offsets: Int32Array;
  /** Length of the longest rewritten transaction. */
  readonly longest: number;
}

/** Ids above this (and sparse) are remapped through a Map instead of direct-indexed arrays. */
const DIRECT_ID_LIMIT = 1 << 22;

interface DenseItems {
  readonly ids: Int32Array;
  readonly offsets: Int32Array;
  readonly denseToId: Int32Array;
}

/** Ranks the frequent items of `transactions`, or reports the first invalid item id. */
export function rankDatabase(
  transactions: readonly IdTransaction[],
  minCount: number,
): { ok: true; value: RankedDatabase } | { ok: false; issues: BasketIssue[] } {
  const dense = densify(transactions);
  if ("issue" in dense) return { ok: false, issues: [dense.issue] };
  const counts = countOnce(dense);
  const frequent: number[] = [];
  for (let d = 0; d < counts.length; d++) if (counts[d]! >= minCount) frequent.push(d);
  frequent.sort((a, b) => counts[b]! - counts[a]! || dense.denseToId[a]! - dense.denseToId[b]!);
  const rankOf = new Int32Array(counts.length).fill(-1);
  const rankToId = new Int32Array(frequent.length);
  const rankCount = new Int32Array(frequent.length);
  for (let r = 0; r < frequent.length; r++) {
    const d = frequent[r]!;
    rankOf[d] = r;
    rankToId[r] = dense.denseToId[d]!;
    rankCount[r] = counts[d]!;
  }
  return { ok: true, value: { rankToId, rankCount, ...rewrite(dense, rankOf) } };
}

function densify(transactions: readonly IdTransaction[]): DenseItems | { issue: BasketIssue } {
  let total = 0;
  let maxId = -1;
  for (const basket of transactions) {
    for (let i = 0; i < basket.length; i++) {
      const id = basket[i]!;
      if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
        return {
          issue: { code: "invalid_item_id", message: `item ids must be integers in [0, 2^31), got ${id}` },
        };
      }
      if (id > maxId) maxId = id;
    }
    total += basket.length;
  }
  const ids = new Int32Array(total);
  const offsets = new Int32Array(transactions.length + 1);
  const direct = maxId < DIRECT_ID_LIMIT || maxId < 4 * total;
  const remap = new Map<number, number>();
  let k = 0;
  for (let t = 0; t < transactions.length; t++) {
    const basket = transactions[t]!;
    for (let i = 0; i < basket.length; i++) {
      const id = basket[i]!;
      if (direct) ids[k++] = id;
      else {
        let d = remap.get(id);
        if (d === undefined) {
          d = remap.size;
          remap.set(id, d);
        }
        ids[k++] = d;
      }
    }
    offsets[t + 1] = k;
  }
  const denseToId = direct ? identity(maxId + 1) : Int32Array.from(remap.keys());
  return { ids, offsets, denseToId };
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Item counts where an item repeated inside one transaction counts once. */
function countOnce({ ids, offsets, denseToId }: DenseItems): Int32Array {
  const counts = new Int32Array(denseToId.length);
  const lastSeen = new Int32Array(denseToId.length).fill(-1);
  for (let t = 0; t + 1 < offsets.length; t++) {
    for (let i = offsets[t]!, end = offsets[t + 1]!; i < end; i++) {
      const d = ids[i]!;
      if (lastSeen[d] !== t) {
        lastSeen[d] = t;
        counts[d]!++;
      }
    }
  }
  return counts;
}

function rewrite(dense: DenseItems, rankOf: Int32Array): Omit<RankedDatabase, "rankToId" | "rankCount"> {
  const { ids, offsets: inOffsets } = dense;
  const ranks = new Int32Array(ids.length);
  const offsets = new Int32Array(inOffsets.length);
  const lastSeen = new Int32Array(rankOf.length).fill(-1);
  let k = 0;
  let longest = 0;
  for (let t = 0; t + 1 < inOffsets.length; t++) {
    const start = k;
    for (let i = inOffsets[t]!, end = inOffsets[t + 1]!; i < end; i++) {
      const d = ids[i]!;
      const r = rankOf[d]!;
      if (r < 0 || lastSeen[d] === t) continue;
      lastSeen[d] = t;
      // Insertion sort: baskets are short, and this keeps them ascending as we go.
      let j = k++;
      while (j > start && ranks[j - 1]! > r) {
        ranks[j] = ranks[j - 1]!;
        j--;
      }
      ranks[j] = r;
    }
    offsets[t + 1] = k;
    if (k - start > longest) longest = k - start;
  }
  return { ranks: ranks.subarray(0, k), offsets, longest };
}

/**
 * Transaction indices in lexicographic order of their rank sequences (a prefix first), the
 * order in which {@link FpTreeStore.insertSorted} builds the main tree without a hash table.
 */
export function lexicographicOrder({ ranks, offsets }: RankedDatabase): Int32Array {
  const order = new Int32Array(offsets.length - 1);
  for (let t = 0; t < order.length; t++) order[t] = t;
  return order.sort((a, b) => {
    let i = offsets[a]!;
    let j = offsets[b]!;
    const aEnd = offsets[a + 1]!;
    const bEnd = offsets[b + 1]!;
    for (; i < aEnd && j < bEnd; i++, j++) if (ranks[i] !== ranks[j]) return ranks[i]! - ranks[j]!;
    return aEnd - i - (bEnd - j);
  });
}
