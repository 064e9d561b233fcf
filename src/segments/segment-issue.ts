/**
 * What is wrong with a segment definition: a list of issues, each naming the offending node by a
 * JSON pointer into the JSON form and, for the text form, by its position in the text.
 */
import type { SegmentDefinition } from "./definition-schema.js";

export type SegmentIssueCode =
  /** The text form does not follow the grammar. */
  | "syntax"
  /** The JSON form has the wrong shape: unknown kind or field, wrong type, missing field. */
  | "invalid_shape"
  /** The shape is right but the content is not: bounds out of order, bad path, unknown day. */
  | "invalid_value"
  /** A limit in SEGMENT_LIMITS is exceeded. */
  | "too_large";

export interface SegmentIssue {
  code: SegmentIssueCode;
  /** JSON pointer (RFC 6901) to the offending node of the JSON form, e.g. `/children/1/where/0`; "" is the root. */
  path: string;
  /** Plain-English description of what is wrong. */
  message: string;
  /** Text form only: where the offending part starts, as a JavaScript string index (UTF-16 units). */
  offset?: number;
  /** Text form only: 1-based line and column of `offset`. */
  line?: number;
  column?: number;
}

export type SegmentResult =
  | { ok: true; definition: SegmentDefinition }
  | { ok: false; issues: SegmentIssue[] };

/** Thrown by segmentFromJson and segmentFromText; the server answers it with 400 and the issues. */
export class SegmentDefinitionError extends Error {
  override readonly name = "SegmentDefinitionError";
  readonly code = "invalid_segment_definition";
  constructor(readonly issues: readonly SegmentIssue[]) {
    super(summarise(issues));
  }
}

/** The definition of an ok result, or a SegmentDefinitionError with its issues. */
export function definitionOrThrow(result: SegmentResult): SegmentDefinition {
  if (!result.ok) throw new SegmentDefinitionError(result.issues);
  return result.definition;
}

/** `/children/1/where/0` from `["children", 1, "where", 0]`, escaping `~` and `/` as RFC 6901 says. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((key) => `/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** `1:17 (/children/2): message` or `/children/2: message`. */
export function formatIssue(issue: SegmentIssue): string {
  const where = issue.path === "" ? "/" : issue.path;
  if (issue.line === undefined) return `${where}: ${issue.message}`;
  return `${issue.line}:${issue.column} (${where}): ${issue.message}`;
}

function summarise(issues: readonly SegmentIssue[]): string {
  const [first] = issues;
  if (first === undefined) return "invalid segment definition";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `invalid segment definition: ${formatIssue(first)}${more}`;
}
