/**
 * Count lookup for arbitrary itemsets of an {@link ItemsetTable}: an open-addressing hash table
 * over the sets' item sequences, so rule generation finds the support of every antecedent and
 * consequent without building strings.
 */
import type { ItemsetTable } from "./itemset-table.js";

const EMPTY = -1;

/** Finds the count of an itemset (ascending ids) in a table. */
export class ItemsetIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly table: ItemsetTable) {
    let size = 16;
    while (size < 2 * table.size) size *= 2;
    this.slots = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    const { offsets, items } = table;
    for (let s = 0; s < table.size; s++) {
      let slot = hashItems(items, offsets[s]!, offsets[s + 1]!) & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = s;
    }
  }

  /** Count of the set `items[0 … length-1]` (ascending ids), or −1 when it is not in the table. */
  count(items: Int32Array, length: number): number {
    const { offsets, items: stored, counts } = this.table;
    let slot = hashItems(items, 0, length) & this.mask;
    for (let s = this.slots[slot]!; s !== EMPTY; s = this.slots[slot]!) {
      const start = offsets[s]!;
      if (offsets[s + 1]! - start === length) {
        let i = 0;
        while (i < length && stored[start + i] === items[i]) i++;
        if (i === length) return counts[s]!;
      }
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }
}

function hashItems(items: Int32Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  for (let i = start; i < end; i++) h = Math.imul(h ^ items[i]!, 0x01000193) ^ (h >>> 15);
  return (h ^ (h >>> 16)) >>> 0;
}
