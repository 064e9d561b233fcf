/**
 * FP-Growth recursion: for each item of a tree (least frequent first) report prefix ∪ {item},
 * build the item's conditional FP-tree from its prefix paths (keeping only items frequent there,
 * in the parent's frequency order) and mine it; a tree that is a single path is finished by
 * enumerating the subsets of the path instead of recursing.
 */
import type { FpTree } from "./fp-tree.js";
import { COUNT, FpTreeStore, ITEM, NEXT, NODE_SIZE, PARENT } from "./fp-tree.js";
import { ItemsetTableBuilder } from "./itemset-table.js";
import type { RankedDatabase } from "./ranked-database.js";

/** Integer thresholds the recursion works with. */
export interface GrowthLimits {
  readonly minCount: number;
  readonly minLength: number;
  readonly maxLength: number;
}

/** Mines every frequent itemset of `db` into `out`; itemsets hold ranks until the table is built. */
export function growItemsets(db: RankedDatabase, limits: GrowthLimits, out: ItemsetTableBuilder): void {
  const rankCount = db.rankCount.length;
  if (rankCount === 0) return;
  const miner = new FpGrowthMiner(limits, rankCount, db.longest, out);
  const { store } = miner;
  const tree = store.begin(rankCount, db.ranks.length);
  for (let r = 0; r < rankCount; r++) store.headGlobal[tree.headerBase + r] = r;
  store.insertSorted(tree, db.ranks, db.offsets, lexicographicOrder(db), db.longest);
  miner.mine(tree, 0);
}

class FpGrowthMiner {
  readonly store = new FpTreeStore();
  private readonly prefix: Int32Array;
  private readonly extra: Int32Array;
  private readonly condCount: Int32Array;
  private readonly newId: Int32Array;
  private readonly touched: Int32Array;
  private readonly path: Int32Array;
  private readonly chainItems: Int32Array;
  private readonly chainCounts: Int32Array;
  /** Items of the prefix paths of the item being projected, leaf to root, path after path. */
  private paths = new Int32Array(4096);
  /** Per prefix path: end offset in `paths` and the path's count. */
  private segments = new Int32Array(1024);

  constructor(
    private readonly limits: GrowthLimits,
    rankCount: number,
    longest: number,
    private readonly out: ItemsetTableBuilder,
  ) {
    const depth = Math.min(rankCount, longest) + 1;
    this.prefix = new Int32Array(depth);
    this.extra = new Int32Array(depth);
    this.condCount = new Int32Array(rankCount);
    this.newId = new Int32Array(rankCount);
    this.touched = new Int32Array(rankCount);
    this.path = new Int32Array(longest + 1);
    this.chainItems = new Int32Array(depth);
    this.chainCounts = new Int32Array(depth);
  }

  /** Mines `tree`, whose itemsets all extend the first `depth` entries of `prefix`. */
  mine(tree: FpTree, depth: number): void {
    const { store, prefix, limits } = this;
    if (store.singlePath) {
      this.enumerateSinglePath(tree, depth);
      return;
    }
    const length = depth + 1;
    for (let x = tree.itemCount - 1; x >= 0; x--) {
      // Re-read the pool's arrays every round: mining a child tree may have grown them.
      const h = tree.headerBase + x;
      prefix[depth] = store.headGlobal[h]!;
      if (length >= limits.minLength) this.out.add(prefix, length, prefix, 0, store.headCount[h]!);
      if (length >= limits.maxLength || x === 0) continue;
      const child = this.conditionalTree(tree, x);
      if (child === undefined) continue;
      this.mine(child, length);
      store.release(child);
    }
  }

  /** Builds the conditional tree of local item `x`, or `undefined` when no item is frequent in it. */
  private conditionalTree(tree: FpTree, x: number): FpTree | undefined {
    const { store, condCount, touched, newId } = this;
    const nodes = store.nodes;
    const root = tree.root;
    // Pass 1: walk each prefix path once, count its items and keep the walk in `paths`.
    let paths = this.paths;
    let segments = this.segments;
    let top = 0;
    let segmentCount = 0;
    let touchedCount = 0;
    for (let n = store.headFirst[tree.headerBase + x]!; n >= 0; n = nodes[n * NODE_SIZE + NEXT]!) {
      const c = nodes[n * NODE_SIZE + COUNT]!;
      for (let p = nodes[n * NODE_SIZE + PARENT]!; p !== root; p = nodes[p * NODE_SIZE + PARENT]!) {
        const item = nodes[p * NODE_SIZE + ITEM]!;
        if (condCount[item] === 0) touched[touchedCount++] = item;
        condCount[item]! += c;
        if (top === paths.length) paths = this.paths = doubled(paths);
        paths[top++] = item;
      }
      if (segmentCount + 2 > segments.length) segments = this.segments = doubled(segments);
      segments[segmentCount++] = top;
      segments[segmentCount++] = c;
    }
    const frequent = this.renumber(touchedCount);
    if (frequent === 0) return undefined;
    // Pass 2: re-read the recorded paths, keep frequent items (ascending) and insert them.
    const child = store.begin(frequent, top);
    const { headGlobal } = store;
    for (let i = 0; i < frequent; i++) headGlobal[child.headerBase + i] = headGlobal[tree.headerBase + touched[i]!]!;
    const path = this.path;
    let start = 0;
    for (let s = 0; s < segmentCount; s += 2) {
      const end = segments[s]!;
      let length = 0;
      for (let i = end - 1; i >= start; i--) {
        const id = newId[paths[i]!]!;
        if (id >= 0) path[length++] = id;
      }
      if (length > 0) store.insert(child, path, 0, length, segments[s + 1]!);
      start = end;
    }
    return child;
  }

  /**
   * Gives the touched items that are frequent new ids in ascending old order (so paths stay
   * sorted), marks the rest −1, clears the counters and returns how many are frequent.
   */
  private renumber(touchedCount: number): number {
    const { condCount, touched, newId } = this;
    const minCount = this.limits.minCount;
    // Move the frequent items to the front and sort only those (usually far fewer).
    let frequent = 0;
    for (let i = 0; i < touchedCount; i++) {
      const item = touched[i]!;
      if (condCount[item]! >= minCount) {
        touched[i] = touched[frequent]!;
        touched[frequent++] = item;
      } else newId[item] = -1;
      condCount[item] = 0;
    }
    if (frequent > 1) sortAscending(touched, frequent);
    for (let i = 0; i < frequent; i++) newId[touched[i]!] = i;
    return frequent;
  }

  /** Reports every non-empty subset of a single-path tree, each with the count of its deepest node. */
  private enumerateSinglePath(tree: FpTree, depth: number): void {
    const { store, chainItems, chainCounts } = this;
    const length = store.nodeTop - tree.root - 1;
    // A single path is created top-down, so its nodes are consecutive in the pool.
    for (let i = 0; i < length; i++) {
      const base = (tree.root + 1 + i) * NODE_SIZE;
      chainItems[i] = store.headGlobal[tree.headerBase + store.nodes[base + ITEM]!]!;
      chainCounts[i] = store.nodes[base + COUNT]!;
    }
    this.enumerateFrom(0, length, depth, 0);
  }

  private enumerateFrom(start: number, length: number, depth: number, chosen: number): void {
    const { extra, limits, prefix } = this;
    const size = depth + chosen + 1;
    for (let j = start; j < length; j++) {
      extra[chosen] = this.chainItems[j]!;
      if (size >= limits.minLength) this.out.add(prefix, depth, extra, chosen + 1, this.chainCounts[j]!);
      if (size < limits.maxLength) this.enumerateFrom(j + 1, length, depth, chosen + 1);
    }
  }
}

function doubled(source: Int32Array): Int32Array {
  const out = new Int32Array(source.length * 2);
  out.set(source);
  return out;
}

/** Transaction indices sorted by their rank sequences (shorter first on a common prefix). */
function lexicographicOrder({ ranks, offsets }: RankedDatabase): Int32Array {
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

/** Insertion sort for short prefixes, the built-in sort otherwise. */
function sortAscending(values: Int32Array, length: number): void {
  if (length > 32) {
    values.subarray(0, length).sort();
    return;
  }
  for (let i = 1; i < length; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}
