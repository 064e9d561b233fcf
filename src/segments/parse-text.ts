/**
 * Reading the text form: tokenise, parse to a tree, then validate that tree exactly like the JSON
 * form, mapping each issue's JSON pointer back to where that node was written.
 */
import type { SegmentDefinition } from "./definition-schema.js";
import { parseOr } from "./parse-expression.js";
import { definitionOrThrow, type SegmentIssue, type SegmentResult } from "./segment-issue.js";
import { SEGMENT_LIMITS } from "./segment-limits.js";
import { SourcePositions } from "./source-positions.js";
import { lineColumn, TextSyntaxError } from "./text-syntax-error.js";
import { TokenCursor } from "./token-cursor.js";
import { tokenize } from "./tokenizer.js";
import { validateSegmentJson } from "./validate-definition.js";

/**
 * Parses and validates the text form. Syntax errors stop at the first one; a text that parses
 * reports every validation issue, each with its JSON pointer and its place in the text.
 *
 * @example
 * parseSegmentText('count(Order Completed where products.category = "Baby", last 90d) >= 2 and consent("marketing.push")')
 */
export function parseSegmentText(text: string): SegmentResult {
  if (text.length > SEGMENT_LIMITS.maxTextLength)
    return failure(text, [
      {
        code: "too_large",
        path: "",
        message: `the text is longer than ${SEGMENT_LIMITS.maxTextLength} characters`,
        offset: 0,
      },
    ]);
  const positions = new SourcePositions();
  let tree: SegmentDefinition;
  let rootOffset = 0;
  try {
    const cursor = new TokenCursor(tokenize(text), positions);
    if (cursor.peek().kind === "end") cursor.fail('expected a condition, e.g. trait.city = "Bern"');
    rootOffset = cursor.peek().offset;
    tree = parseOr(cursor, 1);
    if (cursor.peek().kind !== "end") cursor.fail('expected "and", "or" or the end of the text');
  } catch (error) {
    if (!(error instanceof TextSyntaxError)) throw error;
    return failure(text, [{ code: "syntax", path: "", message: error.message, offset: error.offset }]);
  }
  const result = validateSegmentJson(tree);
  if (result.ok) return result;
  return failure(
    text,
    result.issues.map((issue) => ({ ...issue, offset: positions.offsetOf(tree, rootOffset, issue.path) })),
  );
}

/** parseSegmentText, throwing a SegmentDefinitionError when the text is not a valid definition. */
export function segmentFromText(text: string): SegmentDefinition {
  return definitionOrThrow(parseSegmentText(text));
}

function failure(text: string, issues: SegmentIssue[]): SegmentResult {
  return {
    ok: false,
    issues: issues.map((issue) =>
      issue.offset === undefined ? issue : { ...issue, ...lineColumn(text, issue.offset) },
    ),
  };
}
