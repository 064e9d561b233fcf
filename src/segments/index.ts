/**
 * Public surface of the segments context, part 1: the segment language (JSON and text form,
 * validation, printing) and the brute-force in-memory evaluator that the SQL compiler is tested
 * against. Pure: no storage, no server. docs/segment-language.md describes the language.
 */

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
export { parseSegmentText, segmentFromText } from "./parse-text.js";
export {
  COMPARISON_OPS,
  type ComparisonOp,
  PREDICATE_OPS,
  type PredicateOp,
  type Scalar,
} from "./predicate-schema.js";
export { printSegmentText } from "./print-text.js";
export {
  formatIssue,
  SegmentDefinitionError,
  type SegmentIssue,
  type SegmentIssueCode,
  type SegmentResult,
} from "./segment-issue.js";
export { LINE_ITEMS, PATH_SEGMENT, SEGMENT_LIMITS, TRAIT_ROOTS, type TraitRoot } from "./segment-limits.js";
export { DURATION_UNITS, type DurationUnit, dayStartMs, durationMs, instantMs } from "./time-values.js";
export { segmentFromJson, validateSegmentJson } from "./validate-definition.js";
