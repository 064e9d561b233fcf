/**
 * Groups customers with identical (x, t_x, T) so that a likelihood evaluates each distinct
 * summary once and weights it by its count. On CDNOW the 1,411 one-time buyers collapse into
 * one row per first-purchase day; the likelihood and its maximiser are unchanged.
 */
import type { RfmTriple } from "./types.js";

/** Column-wise distinct summaries with their multiplicities. */
export interface RfmGroups {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly count: Float64Array;
  /** The distinct frequencies, and for each group the position of its x among them: terms that
   * depend on x alone (ln Γ(r+x), ln B(a, b+x)) are computed once per distinct x. */
  readonly distinctX: Float64Array;
  readonly xIndex: Int32Array;
  /** Number of customers (the sum of `count`). */
  readonly customers: number;
}

/** Collapses identical (frequency, recency, age) triples. */
export function groupRfm(rows: readonly RfmTriple[]): RfmGroups {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const count: number[] = [];
  for (const row of rows) {
    const key = `${row.frequency}|${row.recency}|${row.age}`;
    const at = index.get(key);
    if (at !== undefined) {
      count[at] = (count[at] ?? 0) + 1;
      continue;
    }
    index.set(key, x.length);
    x.push(row.frequency);
    tx.push(row.recency);
    T.push(row.age);
    count.push(1);
  }
  const distinctX = [...new Set(x)].sort((p, q) => p - q);
  const position = new Map(distinctX.map((v, i) => [v, i]));
  return {
    x: Float64Array.from(x),
    distinctX: Float64Array.from(distinctX),
    xIndex: Int32Array.from(x, (v) => position.get(v) ?? 0),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    count: Float64Array.from(count),
    customers: rows.length,
  };
}
