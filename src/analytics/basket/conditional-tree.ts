/**
 * Projection step of FP-Growth: the conditional FP-tree of one item. Pass 1 walks the item's
 * prefix paths (header chain → parents), counts their items and records each walk; pass 2 keeps
 * the items frequent in the projection, renumbered in the parent's order so every path stays
 * ascending, and inserts the recorded paths with their counts into a new tree on the pool.
 */
import { type FpTree, type FpTreeStore, NODE_LAYOUT } from "./fp-tree.js";

const { PARENT, ITEM, COUNT, NEXT, NODE_SIZE } = NODE_LAYOUT;

/** Builds conditional trees on a shared {@link FpTreeStore}, reusing its scratch buffers. */
export class ConditionalTreeBuilder {
  private readonly condCount: Int32Array;
  private readonly newId: Int32Array;
  private readonly touched: Int32Array;
  private readonly path: Int32Array;
  /** Items of the recorded prefix paths, leaf to root, path after path. */
  private paths = new Int32Array(4096);
  /** Per recorded path: its end offset in `paths` and its count. */
  private segments = new Int32Array(1024);
  private pathsTop = 0;
  private segmentsTop = 0;

  constructor(
    private readonly store: FpTreeStore,
    private readonly minCount: number,
    itemCount: number,
    longest: number,
  ) {
    this.condCount = new Int32Array(itemCount);
    this.newId = new Int32Array(itemCount);
    this.touched = new Int32Array(itemCount);
    this.path = new Int32Array(longest + 1);
  }

  /** The conditional tree of local item `x` of `tree`, or `undefined` when nothing is frequent in it. */
  build(tree: FpTree, x: number): FpTree | undefined {
    const touchedCount = this.recordPrefixPaths(tree, x);
    const frequent = this.renumber(touchedCount);
    if (frequent === 0) return undefined;
    const child = this.store.begin(frequent, this.pathsTop);
    const { headGlobal } = this.store;
    for (let i = 0; i < frequent; i++) {
      headGlobal[child.headerBase + i] = headGlobal[tree.headerBase + this.touched[i]!]!;
    }
    this.insertRecordedPaths(child);
    return child;
  }

  /** Pass 1: counts the items on `x`'s prefix paths; returns how many distinct items it saw. */
  private recordPrefixPaths(tree: FpTree, x: number): number {
    const { store, condCount, touched } = this;
    const nodes = store.nodes;
    const root = tree.root;
    let paths = this.paths;
    let segments = this.segments;
    let top = 0;
    let segmentsTop = 0;
    let touchedCount = 0;
    for (let n = store.headFirst[tree.headerBase + x]!; n >= 0; n = nodes[n * NODE_SIZE + NEXT]!) {
      const count = nodes[n * NODE_SIZE + COUNT]!;
      for (let p = nodes[n * NODE_SIZE + PARENT]!; p !== root; p = nodes[p * NODE_SIZE + PARENT]!) {
        const item = nodes[p * NODE_SIZE + ITEM]!;
        if (condCount[item] === 0) touched[touchedCount++] = item;
        condCount[item]! += count;
        if (top === paths.length) paths = this.paths = doubled(paths);
        paths[top++] = item;
      }
      if (segmentsTop + 2 > segments.length) segments = this.segments = doubled(segments);
      segments[segmentsTop++] = top;
      segments[segmentsTop++] = count;
    }
    this.pathsTop = top;
    this.segmentsTop = segmentsTop;
    return touchedCount;
  }

  /**
   * Gives the frequent touched items new ids 0… in ascending old order (so paths stay sorted)
   * and moves them to the front of `touched`, marks the rest −1, clears the counters and returns
   * how many are frequent.
   */
  private renumber(touchedCount: number): number {
    const { condCount, touched, newId, minCount } = this;
    let frequent = 0;
    for (let i = 0; i < touchedCount; i++) {
      const item = touched[i]!;
      if (condCount[item]! >= minCount) {
        touched[i] = touched[frequent]!;
        touched[frequent++] = item;
      } else newId[item] = -1;
      condCount[item] = 0;
    }
    // Only the frequent ones need sorting, usually far fewer than those touched.
    sortAscending(touched, frequent);
    for (let i = 0; i < frequent; i++) newId[touched[i]!] = i;
    return frequent;
  }

  /** Pass 2: inserts each recorded path, reversed to root-first order and filtered, into `child`. */
  private insertRecordedPaths(child: FpTree): void {
    const { paths, segments, newId, path, store } = this;
    let start = 0;
    for (let s = 0; s < this.segmentsTop; s += 2) {
      const end = segments[s]!;
      let length = 0;
      for (let i = end - 1; i >= start; i--) {
        const id = newId[paths[i]!]!;
        if (id >= 0) path[length++] = id;
      }
      if (length > 0) store.insert(child, path, 0, length, segments[s + 1]!);
      start = end;
    }
  }
}

function doubled(source: Int32Array): Int32Array<ArrayBuffer> {
  const out = new Int32Array(source.length * 2);
  out.set(source);
  return out;
}

/** Insertion sort for short prefixes (the common case), the built-in sort otherwise. */
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
