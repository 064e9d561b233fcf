/**
 * Bounded top-k selection with a binary min-heap: O(n log k) instead of sorting all candidates.
 * Ties are broken by the smaller candidate number so that results are deterministic.
 */

/** Whether candidate a (score sa) ranks below b (score sb). */
function ranksBelow(sa: number, a: number, sb: number, b: number): boolean {
  return sa < sb || (sa === sb && a > b);
}

function siftDown(heap: number[], scores: number[], at: number): void {
  const size = heap.length;
  for (;;) {
    const left = 2 * at + 1;
    const right = left + 1;
    let least = at;
    if (left < size && ranksBelow(scores[left]!, heap[left]!, scores[least]!, heap[least]!)) least = left;
    if (right < size && ranksBelow(scores[right]!, heap[right]!, scores[least]!, heap[least]!)) least = right;
    if (least === at) return;
    swap(heap, scores, at, least);
    at = least;
  }
}

function siftUp(heap: number[], scores: number[], at: number): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!ranksBelow(scores[at]!, heap[at]!, scores[parent]!, heap[parent]!)) return;
    swap(heap, scores, at, parent);
    at = parent;
  }
}

function swap(heap: number[], scores: number[], a: number, b: number): void {
  const h = heap[a]!;
  heap[a] = heap[b]!;
  heap[b] = h;
  const s = scores[a]!;
  scores[a] = scores[b]!;
  scores[b] = s;
}

/**
 * The `k` best of `count` candidates, best first. `candidateAt(i)` names the i-th candidate (a
 * non-negative integer) and `scoreOf(candidate)` scores it; candidates scoring `-Infinity` or NaN
 * are skipped.
 *
 * @example
 * selectTopK(touchedCount, (i) => touched[i], (item) => scores[item], 20);
 */
export function selectTopK(
  count: number,
  candidateAt: (i: number) => number,
  scoreOf: (candidate: number) => number,
  k: number,
): number[] {
  const heap: number[] = [];
  const scores: number[] = [];
  if (k <= 0) return heap;
  for (let i = 0; i < count; i++) {
    const candidate = candidateAt(i);
    const score = scoreOf(candidate);
    if (!(score > Number.NEGATIVE_INFINITY)) continue;
    if (heap.length < k) {
      heap.push(candidate);
      scores.push(score);
      siftUp(heap, scores, heap.length - 1);
    } else if (ranksBelow(scores[0]!, heap[0]!, score, candidate)) {
      heap[0] = candidate;
      scores[0] = score;
      siftDown(heap, scores, 0);
    }
  }
  const order = heap.map((candidate, i) => ({ candidate, score: scores[i]! }));
  order.sort((a, b) => b.score - a.score || a.candidate - b.candidate);
  return order.map((entry) => entry.candidate);
}
