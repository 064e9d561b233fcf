/**
 * The limits every segment definition keeps, and the one rule for the names inside it. They
 * protect what comes after validation: the SQL compiler (which passes values as parameters but
 * still has to walk paths and nest subqueries), the real-time evaluator and the parser itself.
 */

export const SEGMENT_LIMITS = {
  /** Nesting of and/or/not with the condition at the bottom; the root counts as 1. */
  maxDepth: 16,
  /** Conditions, and/or/not groups, event filters and the values of in/not in lists together. */
  maxNodes: 250,
  /** Any string: literal values, event names, segment names. */
  maxStringLength: 500,
  /** Dot-separated segments in one trait or property path (`computed.rfm.segment` has three). */
  maxPathSegments: 6,
  maxPathSegmentLength: 64,
  /**
   * Text form. Above the longest text a valid tree prints to (250 nodes of at most two strings of
   * 500 characters, each at most 6 characters once escaped, plus paths and keywords), so every
   * valid tree round-trips, yet small enough to tokenise in a few milliseconds.
   */
  maxTextLength: 2_000_000,
} as const;

/**
 * One segment of a trait or property path: a letter or `_`, then letters, digits, `_` or `-`,
 * ASCII only. Deliberately narrower than what JSON allows: no dots, spaces, quotes, `$` or
 * brackets, so that a path never needs quoting in the text form and can be shown, logged and
 * audited as it is; the SQL compiler still passes it as a parameter (`#>` with a text array).
 */
export const PATH_SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The roots a trait condition may start from. */
export const TRAIT_ROOTS = ["trait", "computed"] as const;
export type TraitRoot = (typeof TRAIT_ROOTS)[number];

/**
 * The order property that holds line items. A filter or aggregate property under it
 * (`products.category`) addresses the fields of each line item rather than the order.
 */
export const LINE_ITEMS = "products";

/** What is wrong with a dotted path, in plain English, or undefined when it is fine. */
export function pathProblem(path: string): string | undefined {
  const segments = path.split(".");
  if (segments.length > SEGMENT_LIMITS.maxPathSegments)
    return `path "${path}" has ${segments.length} segments; at most ${SEGMENT_LIMITS.maxPathSegments} are allowed`;
  for (const segment of segments) {
    if (segment === "") return `path "${path}" has an empty segment (two dots in a row, or a dot at an end)`;
    if (segment.length > SEGMENT_LIMITS.maxPathSegmentLength)
      return `path segment "${segment.slice(0, 20)}…" is longer than ${SEGMENT_LIMITS.maxPathSegmentLength} characters`;
    if (!PATH_SEGMENT.test(segment))
      return `path segment "${segment}" may only contain ASCII letters, digits, _ and -, and must start with a letter or _`;
  }
  return undefined;
}

/** What is wrong with a trait path (`trait.city`, `computed.rfm.segment`), or undefined. */
export function traitPathProblem(path: string): string | undefined {
  const [root, ...rest] = path.split(".");
  if (!TRAIT_ROOTS.some((r) => r === root) || rest.length === 0)
    return `a trait path starts with "trait." or "computed." and names a field, e.g. trait.city; got "${path}"`;
  return pathProblem(path);
}

/** What is wrong with an event property path (`total`, `products.category`), or undefined. */
export function propertyPathProblem(path: string): string | undefined {
  if (path === LINE_ITEMS) return `"${LINE_ITEMS}" needs a line-item field, e.g. ${LINE_ITEMS}.category`;
  return pathProblem(path);
}
