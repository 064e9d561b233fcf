/**
 * Whether two JSON-like values would be stored alike. Walks them instead of comparing their JSON
 * text, which would build two strings to throw away: real-time membership compares every facet of
 * a person's profile before and after a commit, and the event sealer a person's personal part
 * with the last one it sealed. `undefined` fields count as absent, as in JSON; key order does not
 * matter.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return a === undefined ? b === undefined : false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], other[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key in left) if (!sameJson(left[key], right[key])) return false;
  for (const key in right) if (!(key in left) && right[key] !== undefined) return false;
  return true;
}
