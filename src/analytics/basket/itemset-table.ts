/**
 * The miner's output: frequent itemsets in a compact columnar form (flat item ids, offsets,
 * counts), its growable builder, and conversion to plain objects for callers who want them.
 */

/** Frequent itemsets of one mining run. Items inside a set are ascending ids. */
export interface ItemsetTable {
  /** N, the number of transactions mined. */
  readonly transactionCount: number;
  /** ceil(support × N): the smallest count reported. */
  readonly minCount: number;
  /** Size bounds the table was mined with (rules need `minLength` 1 to see every subset). */
  readonly minLength: number;
  readonly maxLength: number;
  /** Number of itemsets. */
  readonly size: number;
  /** Itemset i holds `items[offsets[i]] … items[offsets[i + 1] - 1]`. */
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  readonly counts: Int32Array;
  /** Id → label when mined from label transactions; `undefined` for id input (labels are the ids). */
  readonly labels: readonly string[] | undefined;
}

/** One frequent itemset as a plain object. */
export interface Itemset {
  readonly items: readonly string[];
  readonly count: number;
  readonly support: number;
}

/** Appends itemsets into growable typed arrays. */
export class ItemsetTableBuilder {
  private items = new Int32Array(4096);
  private offsets = new Int32Array(1024);
  private counts = new Int32Array(1024);
  private itemTop = 0;
  size = 0;

  /** Adds the set `first[0 … firstLength-1]` ∪ `second[0 … secondLength-1]` with `count`. */
  add(first: Int32Array, firstLength: number, second: Int32Array, secondLength: number, count: number): void {
    const length = firstLength + secondLength;
    if (this.itemTop + length > this.items.length) this.items = grown(this.items, this.itemTop + length);
    if (this.size + 2 > this.offsets.length) {
      this.offsets = grown(this.offsets, this.size + 2);
      this.counts = grown(this.counts, this.size + 2);
    }
    const items = this.items;
    let k = this.itemTop;
    for (let i = 0; i < firstLength; i++) items[k++] = first[i]!;
    for (let i = 0; i < secondLength; i++) items[k++] = second[i]!;
    this.counts[this.size] = count;
    this.size++;
    this.offsets[this.size] = k;
    this.itemTop = k;
  }

  /** Finishes the table, mapping stored ranks to ids with `rankToId` and sorting each set. */
  build(
    meta: Omit<ItemsetTable, "size" | "offsets" | "items" | "counts">,
    rankToId: Int32Array,
  ): ItemsetTable {
    const items = this.items.slice(0, this.itemTop);
    const offsets = this.offsets.slice(0, this.size + 1);
    for (let i = 0; i < items.length; i++) items[i] = rankToId[items[i]!]!;
    for (let s = 0; s < this.size; s++) sortRange(items, offsets[s]!, offsets[s + 1]!);
    return { ...meta, size: this.size, offsets, items, counts: this.counts.slice(0, this.size) };
  }
}

/** Insertion sort of `values[start … end-1]`: itemsets are short. */
function sortRange(values: Int32Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= start && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}

function grown(source: Int32Array, need: number): Int32Array<ArrayBuffer> {
  let size = source.length * 2;
  while (size < need) size *= 2;
  const out = new Int32Array(size);
  out.set(source);
  return out;
}

/** Label of item `id` in `table`: its label, or the id itself as a string. */
export function itemLabel(table: ItemsetTable, id: number): string {
  return table.labels ? table.labels[id]! : String(id);
}

/**
 * The table as plain objects, items as labels (ascending id order).
 *
 * @example listItemsets(table).filter((s) => s.items.length === 2)
 */
export function listItemsets(table: ItemsetTable): Itemset[] {
  const out: Itemset[] = new Array(table.size);
  for (let s = 0; s < table.size; s++) {
    const items: string[] = [];
    for (let i = table.offsets[s]!; i < table.offsets[s + 1]!; i++)
      items.push(itemLabel(table, table.items[i]!));
    const count = table.counts[s]!;
    out[s] = { items, count, support: count / table.transactionCount };
  }
  return out;
}

/** Number of itemsets per size, index = size (index 0 unused). */
export function countBySize(table: ItemsetTable): number[] {
  const bySize: number[] = [0];
  for (let s = 0; s < table.size; s++) {
    const length = table.offsets[s + 1]! - table.offsets[s]!;
    while (bySize.length <= length) bySize.push(0);
    bySize[length]!++;
  }
  return bySize;
}
