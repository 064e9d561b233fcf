/**
 * FP-tree storage: one pool of typed arrays that holds the main tree and, stacked on top of it,
 * the conditional trees of the current recursion path (a child tree is dropped by resetting the
 * stack top). A node is four consecutive Int32 slots — parent, item, count, next node of the same
 * item (header link) — so walking a prefix path touches one cache line per node. Each tree has a
 * header table (first/last node, total count, global item) per local item. Children are found
 * through one shared open-addressing hash table keyed by (parent, item).
 */

/** A tree inside the pool: its root node, header base and number of local items. */
export interface FpTree {
  readonly root: number;
  readonly headerBase: number;
  readonly itemCount: number;
}

/**
 * Slot offsets inside a node; node `n` starts at `n * NODE_SIZE`. Importers destructure this into
 * module-level constants: a test runner that rewrites imported bindings into property reads
 * (Vitest does) would otherwise pay a lookup per node visited.
 */
export const NODE_LAYOUT = { PARENT: 0, ITEM: 1, COUNT: 2, NEXT: 3, NODE_SIZE: 4 } as const;
const { PARENT, ITEM, COUNT, NEXT, NODE_SIZE } = NODE_LAYOUT;

const EMPTY = -1;

/** Growable pool of FP-tree nodes and header tables. */
export class FpTreeStore {
  nodes = new Int32Array(1024 * NODE_SIZE);
  nodeTop = 0;

  headFirst = new Int32Array(256);
  headLast = new Int32Array(256);
  headCount = new Int32Array(256);
  headGlobal = new Int32Array(256);
  headerTop = 0;

  private table = new Int32Array(1024).fill(EMPTY);
  private tableMask = 0;
  /** Last node created, to tell whether the tree being built is still a single path. */
  private lastCreated = EMPTY;
  /** Whether the tree built last is a single chain of nodes (its nodes then follow its root). */
  singlePath = true;

  /**
   * Starts a tree with `itemCount` local items and room for `maxNodes` non-root nodes; `hashed`
   * false skips clearing the child hash table (for {@link insertSorted}, which needs none).
   * May grow the pool, which invalidates array references held by callers.
   */
  begin(itemCount: number, maxNodes: number, hashed = true): FpTree {
    this.reserve(maxNodes + 1, itemCount);
    const root = this.nodeTop++;
    const base = root * NODE_SIZE;
    this.nodes.fill(EMPTY, base, base + NODE_SIZE);
    const headerBase = this.headerTop;
    this.headerTop += itemCount;
    this.headFirst.fill(EMPTY, headerBase, headerBase + itemCount);
    this.headLast.fill(EMPTY, headerBase, headerBase + itemCount);
    this.headCount.fill(0, headerBase, headerBase + itemCount);
    if (hashed) this.resetTable(maxNodes);
    this.lastCreated = root;
    this.singlePath = true;
    return { root, headerBase, itemCount };
  }

  /** Drops `tree` and every tree stacked above it. */
  release(tree: FpTree): void {
    this.nodeTop = tree.root;
    this.headerTop = tree.headerBase;
  }

  /** Adds the ascending local-item path `path[start … end-1]` with weight `count` below the root. */
  insert(tree: FpTree, path: Int32Array, start: number, end: number, count: number): void {
    const { nodes, table } = this;
    const mask = this.tableMask;
    let node = tree.root;
    for (let i = start; i < end; i++) {
      const item = path[i]!;
      let slot = hashSlot(node, item, mask);
      let child = table[slot]!;
      while (
        child !== EMPTY &&
        (nodes[child * NODE_SIZE + PARENT] !== node || nodes[child * NODE_SIZE + ITEM] !== item)
      ) {
        slot = (slot + 1) & mask;
        child = table[slot]!;
      }
      if (child === EMPTY) {
        child = this.createNode(tree, node, item);
        table[slot] = child;
      }
      nodes[child * NODE_SIZE + COUNT]! += count;
      this.headCount[tree.headerBase + item]! += count;
      node = child;
    }
  }

  /**
   * Builds a whole tree from transactions visited in lexicographic order (`order`), without the
   * hash table: a transaction shares exactly its common prefix with the previous one, so nodes
   * come out in depth-first order, which keeps prefix-path walks cache-friendly.
   */
  insertSorted(
    tree: FpTree,
    ranks: Int32Array,
    offsets: Int32Array,
    order: Int32Array,
    longest: number,
  ): void {
    const branch = new Int32Array(longest + 1);
    let previous = -1;
    for (const t of order) {
      const start = offsets[t]!;
      const end = offsets[t + 1]!;
      let shared = 0;
      if (previous >= 0) {
        const previousStart = offsets[previous]!;
        const limit = Math.min(end - start, offsets[previous + 1]! - previousStart);
        while (shared < limit && ranks[start + shared] === ranks[previousStart + shared]) shared++;
      }
      for (let d = 0; d < end - start; d++) {
        const item = ranks[start + d]!;
        if (d >= shared) branch[d] = this.createNode(tree, d === 0 ? tree.root : branch[d - 1]!, item);
        this.nodes[branch[d]! * NODE_SIZE + COUNT]!++;
        this.headCount[tree.headerBase + item]!++;
      }
      if (end > start) previous = t;
    }
  }

  /** Appends a zero-count node for `item` under `parent` and links it into the item's header chain. */
  private createNode(tree: FpTree, parent: number, item: number): number {
    const { nodes, headFirst, headLast } = this;
    const node = this.nodeTop++;
    const base = node * NODE_SIZE;
    nodes[base + PARENT] = parent;
    nodes[base + ITEM] = item;
    nodes[base + COUNT] = 0;
    nodes[base + NEXT] = EMPTY;
    const h = tree.headerBase + item;
    if (headLast[h] === EMPTY) headFirst[h] = node;
    else nodes[headLast[h]! * NODE_SIZE + NEXT] = node;
    headLast[h] = node;
    if (parent !== this.lastCreated) this.singlePath = false;
    this.lastCreated = node;
    return node;
  }

  private reserve(nodes: number, headers: number): void {
    const needNodes = (this.nodeTop + nodes) * NODE_SIZE;
    if (needNodes > this.nodes.length) this.nodes = copyInto(this.nodes, grow(this.nodes.length, needNodes));
    const needHeaders = this.headerTop + headers;
    if (needHeaders <= this.headFirst.length) return;
    const size = grow(this.headFirst.length, needHeaders);
    this.headFirst = copyInto(this.headFirst, size);
    this.headLast = copyInto(this.headLast, size);
    this.headCount = copyInto(this.headCount, size);
    this.headGlobal = copyInto(this.headGlobal, size);
  }

  /** Clears enough of the hash table for `maxNodes` entries at load factor ≤ 1/2. */
  private resetTable(maxNodes: number): void {
    let size = 16;
    while (size < 2 * maxNodes) size *= 2;
    if (size > this.table.length) this.table = new Int32Array(size);
    this.table.fill(EMPTY, 0, size);
    this.tableMask = size - 1;
  }
}

function hashSlot(parent: number, item: number, mask: number): number {
  const h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(item + 1, 0x85ebca77);
  return (h ^ (h >>> 16)) & mask;
}

function grow(current: number, need: number): number {
  let size = current;
  while (size < need) size *= 2;
  return size;
}

function copyInto(source: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(size);
  out.set(source);
  return out;
}
