/**
 * Recency weights for the entries of an {@link InteractionMatrix}: customer r's entry for item i
 * weighs 0.5^(age / half-life), age counted from r's latest purchase of i. Fitting EASE on these
 * instead of 1s lets the ranges customers buy now shape the weights more than last year's.
 */
import type { InteractionMatrix } from "./interaction-matrix.js";
import type { Purchase } from "./types.js";

const DAY_MS = 86_400_000;

/**
 * One weight per `matrix.rowItems` entry; `matrix` must have been built from `purchases` with
 * customers as rows.
 *
 * @example
 * const m = buildInteractionMatrix(purchases);
 * buildEase(m, {}, entryRecencyWeights(m, purchases, Date.now(), 120));
 */
export function entryRecencyWeights(
  matrix: InteractionMatrix,
  purchases: readonly Purchase[],
  now: number,
  halfLifeDays: number,
): Float64Array {
  const items = matrix.itemIds.length;
  const latest = new Map<number, number>();
  for (const p of purchases) {
    const r = matrix.rowIndex.get(p.customerId);
    const i = matrix.itemIndex.get(p.itemId);
    if (r === undefined || i === undefined) continue;
    const key = r * items + i;
    latest.set(key, Math.max(latest.get(key) ?? p.time, p.time));
  }
  const weights = new Float64Array(matrix.rowItems.length);
  for (let r = 0; r + 1 < matrix.rowOffsets.length; r++) {
    for (let at = matrix.rowOffsets[r]!; at < matrix.rowOffsets[r + 1]!; at++) {
      const age = Math.max(0, now - (latest.get(r * items + matrix.rowItems[at]!) ?? now));
      weights[at] = 0.5 ** (age / (halfLifeDays * DAY_MS));
    }
  }
  return weights;
}
