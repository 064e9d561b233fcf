import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  contextOf,
  definitionArbitrary,
  membershipsArbitrary,
  peopleArbitrary,
} from "./arbitraries.test-helpers.js";
import type { Filter, SegmentDefinition, SequenceCondition, TraitCondition } from "./definition-schema.js";
import { evaluateInMemory } from "./evaluate-in-memory.js";
import { validateSegmentJson } from "./validate-definition.js";

type Predicate = TraitCondition | Filter;

/**
 * The definition rewritten with laws the semantics promise: exists = count >= 1, not exists =
 * not (exists) on traits, in = or of =, not in = and of !=, between = >= and <=.
 */
function rewritten(node: SegmentDefinition): SegmentDefinition {
  switch (node.kind) {
    case "and":
    case "or":
      return { kind: node.kind, children: node.children.map(rewritten) };
    case "not":
      return { kind: "not", child: rewritten(node.child) };
    case "event":
      return node.aggregate === "exists"
        ? { ...node, aggregate: "count", compare: { op: "gte", value: 1 } }
        : node;
    case "trait":
      return traitRewritten(node);
    default:
      return node;
  }
}

function traitRewritten(node: TraitCondition): SegmentDefinition {
  const with_ = (predicate: Predicate): SegmentDefinition =>
    ({ ...predicate, kind: "trait", path: node.path }) as TraitCondition;
  switch (node.op) {
    case "not_exists":
      return { kind: "not", child: with_({ path: node.path, op: "exists" }) };
    case "in":
      return {
        kind: "or",
        children: node.values.map((value) => with_({ path: node.path, op: "eq", value })),
      };
    case "not_in":
      return {
        kind: "and",
        children: node.values.map((value) => with_({ path: node.path, op: "neq", value })),
      };
    case "between":
      return {
        kind: "and",
        children: [
          with_({ path: node.path, op: "gte", value: node.values[0] }),
          with_({ path: node.path, op: "lte", value: node.values[1] }),
        ],
      };
    default:
      return node;
  }
}

/** Every sequence in the definition. */
function sequencesIn(node: SegmentDefinition): SequenceCondition[] {
  if (node.kind === "and" || node.kind === "or") return node.children.flatMap(sequencesIn);
  if (node.kind === "not") return sequencesIn(node.child);
  return node.kind === "sequence" ? [node] : [];
}

/** (A then B) or (A then not B) = exists(A in the window): some A is either followed or not. */
function eitherForm(sequence: SequenceCondition): [SegmentDefinition, SegmentDefinition] {
  const { first, window } = sequence;
  const exists: SegmentDefinition = {
    kind: "event",
    aggregate: "exists",
    ...first,
    ...(window ? { window } : {}),
  };
  const both: SegmentDefinition = {
    kind: "or",
    children: [sequence, { ...sequence, negated: !sequence.negated }],
  };
  return [both, exists];
}

describe("the in-memory evaluator", () => {
  const cases = peopleArbitrary().chain((people) =>
    fc.record({
      definition: definitionArbitrary(),
      people: fc.constant(people),
      memberships: membershipsArbitrary(people.map((p) => p.id)),
    }),
  );

  it("keeps its own laws on random definitions and people", () => {
    fc.assert(
      fc.property(cases, ({ definition, people, memberships }) => {
        expect(validateSegmentJson(definition).ok).toBe(true);
        const context = contextOf(memberships);
        const laws: [SegmentDefinition, SegmentDefinition][] = [
          [rewritten(definition), definition],
          ...sequencesIn(definition).map(eitherForm),
        ];
        for (const [left, right] of laws)
          for (const person of people)
            expect(evaluateInMemory(left, person, context)).toBe(evaluateInMemory(right, person, context));
      }),
      { numRuns: 400 },
    );
  });

  it("finds members and non-members alike, so comparisons against it mean something", () => {
    let members = 0;
    let others = 0;
    fc.assert(
      fc.property(cases, ({ definition, people, memberships }) => {
        for (const person of people)
          if (evaluateInMemory(definition, person, contextOf(memberships))) members += 1;
          else others += 1;
      }),
      { numRuns: 300 },
    );
    expect(Math.min(members, others) / (members + others)).toBeGreaterThan(0.15);
  });
});
