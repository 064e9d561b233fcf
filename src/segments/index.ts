/**
 * Public surface of the segments context: the segment language (JSON and text form, validation,
 * printing), the compiler to SQL and the brute-force in-memory evaluator it is tested against, and
 * the segment service (definitions, real-time membership, previews, sizes, the enter/exit log).
 * docs/segment-language.md describes the language.
 */

export {
  type AudienceRequest,
  type AudienceResult,
  DEFAULT_MIN_AUDIENCE,
} from "./audience-export.js";
export { type CompileOptions, compileSegment } from "./compile-sql.js";
export {
  AGGREGATES,
  type Aggregate,
  CONDITION_KINDS,
  type Condition,
  type ConsentCondition,
  type EventCondition,
  type EventMatch,
  type Filter,
  IDENTIFIER_KINDS,
  type IdentifierCondition,
  type SegmentCondition,
  type SegmentDefinition,
  type SequenceCondition,
  segmentDefinitionSchema,
  type TraitCondition,
  VALUE_AGGREGATES,
  type Window,
} from "./definition-schema.js";
export { evaluateInMemory } from "./evaluate-in-memory.js";
export type { InMemoryContext, InMemoryEvent, InMemoryPerson } from "./in-memory-person.js";
export type { ChangeCause, MembershipChange } from "./membership.js";
export { parseSegmentText, segmentFromText } from "./parse-text.js";
export {
  COMPARISON_OPS,
  type ComparisonOp,
  PREDICATE_OPS,
  type PredicateOp,
  type Scalar,
} from "./predicate-schema.js";
export { printSegmentText } from "./print-text.js";
export { readyMadeSegments, type SegmentTemplate } from "./ready-made.js";
export { SegmentError, type SegmentErrorCode } from "./segment-error.js";
export type { SegmentInput } from "./segment-input.js";
export {
  formatIssue,
  SegmentDefinitionError,
  type SegmentIssue,
  type SegmentIssueCode,
  type SegmentResult,
} from "./segment-issue.js";
export { LINE_ITEMS, PATH_SEGMENT, SEGMENT_LIMITS, TRAIT_ROOTS, type TraitRoot } from "./segment-limits.js";
export { createSegments, type Segments, type SegmentsDeps } from "./segment-service.js";
export type { Segment } from "./segment-store.js";
export { referencesOf, type SegmentReferences } from "./targeting-use.js";
export { DURATION_UNITS, type DurationUnit, dayStartMs, durationMs, instantMs } from "./time-values.js";
export { segmentFromJson, validateSegmentJson } from "./validate-definition.js";
