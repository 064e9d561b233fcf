/**
 * The brute-force reference evaluator: whether one person, given everything known about them,
 * is a member of a segment at time `now`. It is the oracle the SQL compiler is property-tested
 * against, so it is written for obviousness, not speed. Semantics: test-value.ts (values) and
 * evaluate-events.ts (events, windows, sequences); and/or/not are plain two-valued logic.
 */
import type { SegmentDefinition } from "./definition-schema.js";
import { aggregateHolds, sequenceHolds } from "./evaluate-events.js";
import type { InMemoryContext, InMemoryPerson } from "./in-memory-person.js";
import { predicateHolds, valueAt } from "./test-value.js";

/**
 * Whether `person` is in the segment `definition` (a validated definition) at `context.now`.
 *
 * @example
 * evaluateInMemory(segmentFromText('trait.city = "Bern"'), person, { now: Date.now(), memberOf: () => false })
 */
export function evaluateInMemory(
  definition: SegmentDefinition,
  person: InMemoryPerson,
  context: InMemoryContext,
): boolean {
  switch (definition.kind) {
    case "and":
      return definition.children.every((child) => evaluateInMemory(child, person, context));
    case "or":
      return definition.children.some((child) => evaluateInMemory(child, person, context));
    case "not":
      return !evaluateInMemory(definition.child, person, context);
    case "trait": {
      const [root, ...rest] = definition.path.split(".");
      const source = root === "trait" ? person.traits : person.computed;
      return predicateHolds(definition, valueAt(source, rest), context.now);
    }
    case "event":
      return aggregateHolds(definition, person.events, context.now);
    case "sequence":
      return sequenceHolds(definition, person.events, context.now);
    case "identifier":
      return person.identifierKinds.includes(definition.identifierKind);
    case "segment":
      return context.memberOf(definition.name, person.id);
    case "consent":
      return person.allowedPurposes.includes(definition.purpose);
  }
}
