/**
 * FP-Growth recursion: for each item of a tree (least frequent first) report prefix ∪ {item},
 * build the item's conditional FP-tree (see conditional-tree.ts) and mine it; a tree that is a
 * single path is finished by enumerating the subsets of the path instead of recursing.
 */
import { ConditionalTreeBuilder } from "./conditional-tree.js";
import { type FpTree, FpTreeStore, NODE_LAYOUT } from "./fp-tree.js";
import type { ItemsetTableBuilder } from "./itemset-table.js";
import { lexicographicOrder, type RankedDatabase } from "./ranked-database.js";

const { ITEM, COUNT, NODE_SIZE } = NODE_LAYOUT;

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
  const tree = store.begin(rankCount, db.ranks.length, false);
  for (let r = 0; r < rankCount; r++) store.headGlobal[tree.headerBase + r] = r;
  store.insertSorted(tree, db.ranks, db.offsets, lexicographicOrder(db), db.longest);
  miner.mine(tree, 0);
}

class FpGrowthMiner {
  readonly store = new FpTreeStore();
  private readonly projector: ConditionalTreeBuilder;
  /** Items (ranks) of the current prefix; `extra` holds the subset chosen from a single path. */
  private readonly prefix: Int32Array;
  private readonly extra: Int32Array;
  private readonly chainItems: Int32Array;
  private readonly chainCounts: Int32Array;

  constructor(
    private readonly limits: GrowthLimits,
    rankCount: number,
    longest: number,
    private readonly out: ItemsetTableBuilder,
  ) {
    const depth = Math.min(rankCount, longest) + 1;
    this.projector = new ConditionalTreeBuilder(this.store, limits.minCount, rankCount, longest);
    this.prefix = new Int32Array(depth);
    this.extra = new Int32Array(depth);
    this.chainItems = new Int32Array(depth);
    this.chainCounts = new Int32Array(depth);
  }

  /** Mines `tree` (the tree built last), whose itemsets all extend `prefix[0 … depth-1]`. */
  mine(tree: FpTree, depth: number): void {
    const { store, prefix, limits } = this;
    if (store.singlePath) {
      this.enumerateSinglePath(tree, depth);
      return;
    }
    const length = depth + 1;
    for (let x = tree.itemCount - 1; x >= 0; x--) {
      // Read the pool's arrays afresh every round: mining a child tree may have grown them.
      const h = tree.headerBase + x;
      prefix[depth] = store.headGlobal[h]!;
      if (length >= limits.minLength) this.out.add(prefix, length, prefix, 0, store.headCount[h]!);
      if (length >= limits.maxLength || x === 0) continue;
      const child = this.projector.build(tree, x);
      if (child === undefined) continue;
      this.mine(child, length);
      store.release(child);
    }
  }

  /** Reports every non-empty subset of a single-path tree, each with the count of its deepest node. */
  private enumerateSinglePath(tree: FpTree, depth: number): void {
    const { store, chainItems, chainCounts } = this;
    const length = store.nodeTop - tree.root - 1;
    // A single path is created top-down, so its nodes directly follow its root in the pool.
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
