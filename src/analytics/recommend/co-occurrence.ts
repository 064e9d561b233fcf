/**
 * Co-occurrence counting on an {@link InteractionMatrix}: for one item, how many rows contain it
 * together with each other item. One dense counter array is reused across items, so a full pass
 * costs the sum over rows of (distinct items in the row)², with no hashing and no allocation.
 */
import type { InteractionMatrix } from "./interaction-matrix.js";

/** Reusable scratch space for {@link accumulateCoCounts}; one per pass, sized to the item count. */
export interface CoCountScratch {
  readonly counts: Int32Array;
  readonly touched: Int32Array;
  /** Sums of row weights per co-occurring item, filled only when row weights are given. */
  readonly weighted: Float64Array;
  readonly rowWeights: Float64Array | undefined;
}

/** Allocates scratch space for `itemCount` items, optionally with a weight per row. */
export function createCoCountScratch(itemCount: number, rowWeights?: Float64Array): CoCountScratch {
  const weighted = new Float64Array(rowWeights ? itemCount : 0);
  return { counts: new Int32Array(itemCount), touched: new Int32Array(itemCount), weighted, rowWeights };
}

/**
 * Counts, for `item`, the rows shared with every other item. Afterwards `scratch.touched[0..n)`
 * lists the co-occurring items (n is returned), `scratch.counts[j]` their counts and, with row
 * weights, `scratch.weighted[j]` the summed weights of the shared rows. The caller
 * must call {@link resetCoCounts} with n before the next item.
 */
export function accumulateCoCounts(matrix: InteractionMatrix, item: number, scratch: CoCountScratch): number {
  const { rowOffsets, rowItems, itemOffsets, itemRows } = matrix;
  const { counts, touched, weighted, rowWeights } = scratch;
  let n = 0;
  for (let at = itemOffsets[item]!; at < itemOffsets[item + 1]!; at++) {
    const row = itemRows[at]!;
    const w = rowWeights ? rowWeights[row]! : 0;
    for (let k = rowOffsets[row]!; k < rowOffsets[row + 1]!; k++) {
      const other = rowItems[k]!;
      if (other === item) continue;
      if (counts[other] === 0) touched[n++] = other;
      counts[other]!++;
      if (rowWeights) weighted[other]! += w;
    }
  }
  return n;
}

/** Zeroes the counters touched by the last {@link accumulateCoCounts}. */
export function resetCoCounts(scratch: CoCountScratch, touchedCount: number): void {
  const { counts, touched, weighted, rowWeights } = scratch;
  for (let t = 0; t < touchedCount; t++) {
    counts[touched[t]!] = 0;
    if (rowWeights) weighted[touched[t]!] = 0;
  }
}
