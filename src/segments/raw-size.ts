/**
 * A guard that runs before zod: zod walks a definition recursively, so an absurdly deep or large
 * JSON value must be turned away by a loop first. The bounds sit well above what a definition
 * within SEGMENT_LIMITS can reach (a node level adds at most two JSON levels, a leaf at most six
 * more), so anything valid passes and check-meaning.ts reports the precise limit.
 */

import { type SegmentIssue, toPointer } from "./segment-issue.js";
import { SEGMENT_LIMITS } from "./segment-limits.js";

const MAX_JSON_DEPTH = 2 * SEGMENT_LIMITS.maxDepth + 8;
const MAX_JSON_VALUES = 20 * SEGMENT_LIMITS.maxNodes;

export function rawSizeIssue(input: unknown): SegmentIssue | undefined {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: input, path: [] }];
  let seen = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    seen += 1;
    if (seen > MAX_JSON_VALUES)
      return tooLarge([], `the definition has more than ${MAX_JSON_VALUES} JSON values`);
    if (item.path.length >= MAX_JSON_DEPTH)
      return tooLarge(item.path, `the definition is nested more than ${MAX_JSON_DEPTH} JSON levels deep`);
    const { value, path } = item;
    if (typeof value !== "object" || value === null) continue;
    const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, child] of entries) stack.push({ value: child, path: [...path, key] });
  }
  return undefined;
}

function tooLarge(path: PropertyKey[], message: string): SegmentIssue {
  return { code: "too_large", path: toPointer(path), message };
}
