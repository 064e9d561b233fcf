/**
 * Reading the JSON form: size guard, shape (zod), meaning (check-meaning.ts), then the one
 * normalisation (see normalise-definition.ts). Both the JSON and the text reader end here, so a
 * definition is valid in one form exactly when it is valid in the other.
 */
import { checkMeaning } from "./check-meaning.js";
import { type SegmentDefinition, segmentDefinitionSchema } from "./definition-schema.js";
import { normaliseDefinition } from "./normalise-definition.js";
import { rawSizeIssue } from "./raw-size.js";
import { definitionOrThrow, type SegmentResult } from "./segment-issue.js";
import { fromZodIssue } from "./zod-issues.js";

/**
 * Validates a JSON value as a segment definition. The definition it returns is normalised:
 * `validateSegmentJson(x)` and `validateSegmentJson(definition)` give the same tree.
 *
 * @example
 * const result = validateSegmentJson({ kind: "consent", purpose: "marketing.push" });
 * if (!result.ok) for (const issue of result.issues) console.log(issue.path, issue.message);
 */
export function validateSegmentJson(input: unknown): SegmentResult {
  const size = rawSizeIssue(input);
  if (size !== undefined) return { ok: false, issues: [size] };
  const parsed = segmentDefinitionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map(fromZodIssue) };
  const issues = checkMeaning(parsed.data);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, definition: normaliseDefinition(parsed.data) };
}

/** validateSegmentJson, throwing a SegmentDefinitionError when the definition is not valid. */
export function segmentFromJson(input: unknown): SegmentDefinition {
  return definitionOrThrow(validateSegmentJson(input));
}
