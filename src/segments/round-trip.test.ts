import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { definitionArbitrary } from "./arbitraries.test-helpers.js";
import type { SegmentDefinition } from "./definition-schema.js";
import { parseSegmentText } from "./parse-text.js";
import { printSegmentText } from "./print-text.js";
import { validateSegmentJson } from "./validate-definition.js";

/** JSON → validated JSON → text → JSON, and the text prints again to itself. */
function roundTrip(definition: SegmentDefinition) {
  const validated = validateSegmentJson(definition);
  if (!validated.ok) expect.fail(JSON.stringify(validated.issues));
  // Generated trees are already normal, so validation hands back an equal tree.
  expect(validated.definition).toStrictEqual(definition);
  const text = printSegmentText(definition);
  const parsed = parseSegmentText(text);
  if (!parsed.ok) expect.fail(`${text}\n${JSON.stringify(parsed.issues)}`);
  expect(parsed.definition).toStrictEqual(definition);
  expect(printSegmentText(parsed.definition)).toBe(text);
}

describe("text round trip", () => {
  it("gives back every tree over the vocabulary", () => {
    fc.assert(fc.property(definitionArbitrary(), roundTrip), { numRuns: 500 });
  });

  it("gives back trees with odd names, strings, numbers, paths, days and durations", () => {
    fc.assert(fc.property(definitionArbitrary({ wide: true, maxDepth: 2 }), roundTrip), { numRuns: 1000 });
  });

  it("keeps nested groups of the same kind apart with parentheses", () => {
    const a = { kind: "consent", purpose: "analytics" } as const;
    const b = { kind: "segment", name: "vip" } as const;
    const nested: SegmentDefinition = {
      kind: "and",
      children: [
        { kind: "and", children: [a, b] },
        { kind: "not", child: { kind: "or", children: [a, b] } },
        a,
      ],
    };
    expect(printSegmentText(nested)).toBe(
      '(consent("analytics") and in_segment("vip")) and not (consent("analytics") or in_segment("vip")) and consent("analytics")',
    );
    roundTrip(nested);
  });

  it("quotes event names that would read differently bare", () => {
    const count = (event: string): SegmentDefinition => ({
      kind: "event",
      aggregate: "count",
      event,
      compare: { op: "gte", value: 1 },
    });
    expect(printSegmentText(count("Order Completed"))).toBe("count(Order Completed) >= 1");
    for (const odd of ["where", "Order  Completed", "not Found", "Step 2 Done", "a,b", " x"]) {
      expect(printSegmentText(count(odd))).toBe(`count(${JSON.stringify(odd)}) >= 1`);
      roundTrip(count(odd));
    }
  });

  it("normalises a group of one to its member, the one change validation makes", () => {
    const member = { kind: "consent", purpose: "service" } as const;
    const result = validateSegmentJson({ kind: "or", children: [{ kind: "and", children: [member] }] });
    expect(result).toStrictEqual({ ok: true, definition: member });
  });
});
