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
  const scan = scanIds(transactions);
  if (scan.invalid !== undefined) {
    const message = `item ids must be integers in [0, 2^31), got ${scan.invalid}`;
    return { ok: false, issues: [{ code: "invalid_item_id", message }] };
  }
  const dense =
    scan.maxId < DIRECT_ID_LIMIT || scan.maxId < 4 * scan.total
      ? copyIds(transactions, scan.total, scan.maxId)
      : remapIds(transactions, scan.total);
  const counts = countOnce(dense);
  const { rankOf, rankToId, rankCount } = rankFrequent(counts, dense.denseToId, minCount);
  return { ok: true, value: { rankToId, rankCount, ...rewrite(dense, rankOf) } };
}

interface IdScan {
  readonly total: number;
  readonly maxId: number;
  readonly invalid: number | undefined;
}

// Each pass over the data is its own small function: V8 then optimises it as a whole instead of
// on-stack-replacing one loop and deoptimising on the code after it, on every call.
function scanIds(transactions: readonly IdTransaction[]): IdScan {
  let total = 0;
  let maxId = -1;
  for (const basket of transactions) {
    for (let i = 0; i < basket.length; i++) {
      const id = basket[i]!;
      if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) return { total, maxId, invalid: id };
      if (id > maxId) maxId = id;
    }
    total += basket.length;
  }
  return { total, maxId, invalid: undefined };
}

/** Ids small enough to index arrays directly: copied as they are. */
function copyIds(transactions: readonly IdTransaction[], total: number, maxId: number): DenseItems {
  const ids = new Int32Array(total);
  const offsets = new Int32Array(transactions.length + 1);
  let k = 0;
  for (let t = 0; t < transactions.length; t++) {
    const basket = transactions[t]!;
    for (let i = 0; i < basket.length; i++) ids[k++] = basket[i]!;
    offsets[t + 1] = k;
  }
  const denseToId = new Int32Array(maxId + 1);
  for (let i = 0; i <= maxId; i++) denseToId[i] = i;
  return { ids, offsets, denseToId };
}

/** Large, sparse ids: renumbered 0… in order of first appearance. */
function remapIds(transactions: readonly IdTransaction[], total: number): DenseItems {
  const ids = new Int32Array(total);
  const offsets = new Int32Array(transactions.length + 1);
  const remap = new Map<number, number>();
  let k = 0;
  for (let t = 0; t < transactions.length; t++) {
    const basket = transactions[t]!;
    for (let i = 0; i < basket.length; i++) {
      let d = remap.get(basket[i]!);
      if (d === undefined) {
        d = remap.size;
        remap.set(basket[i]!, d);
      }
      ids[k++] = d;
    }
    offsets[t + 1] = k;
  }
  return { ids, offsets, denseToId: Int32Array.from(remap.keys()) };
}

/** Frequent items ordered by count (desc), then id (asc), and the dense-id → rank map. */
function rankFrequent(counts: Int32Array, denseToId: Int32Array, minCount: number) {
  const frequent: number[] = [];
  for (let d = 0; d < counts.length; d++) if (counts[d]! >= minCount) frequent.push(d);
  frequent.sort((a, b) => counts[b]! - counts[a]! || denseToId[a]! - denseToId[b]!);
  const rankOf = new Int32Array(counts.length).fill(-1);
  const rankToId = new Int32Array(frequent.length);
  const rankCount = new Int32Array(frequent.length);
  for (let r = 0; r < frequent.length; r++) {
    const d = frequent[r]!;
    rankOf[d] = r;
    rankToId[r] = denseToId[d]!;
    rankCount[r] = counts[d]!;
  }
  return { rankOf, rankToId, rankCount };
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
