import { describe, expect, it } from "vitest";
import { SegmentDefinitionError } from "./segment-issue.js";
import { SEGMENT_LIMITS } from "./segment-limits.js";
import { segmentFromJson, validateSegmentJson } from "./validate-definition.js";

/** The issues of a definition that must fail, as [path, message] pairs. */
function problems(input: unknown): [string, string][] {
  const result = validateSegmentJson(input);
  if (result.ok) return expect.fail(`valid: ${JSON.stringify(result.definition)}`);
  return result.issues.map((issue) => [issue.path, issue.message]);
}

const consent = { kind: "consent", purpose: "analytics" };
const count = (extra: object) => ({
  kind: "event",
  aggregate: "count",
  event: "Order Completed",
  compare: { op: "gte", value: 1 },
  ...extra,
});
const trait = (extra: object) => ({ kind: "trait", path: "trait.city", ...extra });

describe("JSON validation: shape", () => {
  it("names the offending node inside groups and filters", () => {
    const definition = {
      kind: "and",
      children: [consent, count({ where: [{ path: "products.category", op: "eq" }] })],
    };
    expect(problems(definition)).toEqual([["/children/1/where/0/value", "value is required"]]);
  });

  it("explains what each kind of node needs", () => {
    expect(problems({ kind: "and", children: [] })).toEqual([
      ["/children", "and needs at least one condition"],
    ]);
    expect(problems({ kind: "maybe" })).toEqual([
      ["/kind", "kind must be one of and, or, not, trait, event, sequence, identifier, segment, consent"],
    ]);
    expect(problems(trait({ op: "like", value: "B%" }))[0]?.[1]).toMatch(/^op must be one of eq, neq, gt/);
    expect(problems(trait({ op: "between", values: [1] }))).toEqual([
      ["/values", "between needs exactly two values: the lower and the upper bound"],
    ]);
    expect(problems(trait({ op: "eq", value: null }))).toEqual([
      ["/value", "a value is a string, a finite number, true or false"],
    ]);
    expect(problems(trait({ op: "contains", value: 3 }))).toEqual([
      ["/value", "contains and starts_with need a string value"],
    ]);
    expect(problems(trait({ op: "eq", value: 1, extra: true }))).toEqual([["", 'unknown field "extra"']]);
    expect(problems({ kind: "not", child: 3 })).toEqual([
      ["/child", "child must be an object, not a number"],
    ]);
  });

  it("explains what aggregates need", () => {
    expect(
      problems({
        kind: "event",
        aggregate: "sum",
        event: "Order Completed",
        compare: { op: "gt", value: 1 },
      }),
    ).toEqual([["/property", "sum, avg, min and max need a numeric property, e.g. total or products.price"]]);
    expect(problems({ kind: "event", aggregate: "count", event: "Order Completed" })).toEqual([
      ["/compare", 'compare is required here, e.g. {"op": "gte", "value": 2}'],
    ]);
    expect(problems(count({ property: "total" }))).toEqual([
      ["", "count counts events and takes no property; sum, avg, min and max take one"],
    ]);
    expect(
      problems({ kind: "event", aggregate: "exists", event: "X", compare: { op: "gt", value: 1 } }),
    ).toEqual([
      ["", "exists takes no compare or property; use count (>= 1 is what exists means) or sum to compare"],
    ]);
    expect(problems(count({ where: [] }))).toEqual([
      ["/where", "where needs at least one filter; leave it out for none"],
    ]);
    expect(problems(count({ window: { last: "3m" } }))[0]?.[1]).toMatch(
      /^a duration is a positive whole number/,
    );
    expect(problems({ kind: "consent", purpose: "marketing.pigeon" })[0]?.[0]).toBe("/purpose");
    expect(problems({ kind: "identifier", identifierKind: "Email" })[0]?.[1]).toMatch(/lower case/);
  });
});

describe("JSON validation: meaning", () => {
  it("checks values against operators", () => {
    expect(problems(trait({ op: "gt", value: true }))).toEqual([
      ["/value", "gt compares numbers or strings, not true or false"],
    ]);
    expect(problems(trait({ op: "in", values: ["Bern", 3] }))).toEqual([
      ["/values/1", 'a list holds values of one type; 3 is not a string like "Bern"'],
    ]);
    expect(problems(trait({ op: "between", values: [5, "x"] }))).toEqual([
      ["/values", 'between takes two numbers or two strings, not 5 and "x"'],
    ]);
    expect(problems(trait({ op: "within_last", duration: "40000d" }))[0]?.[1]).toMatch(
      /longer than the longest/,
    );
  });

  it("checks paths", () => {
    expect(problems({ ...trait({ op: "exists" }), path: "trait.ci ty" })).toEqual([
      [
        "/path",
        'path segment "ci ty" may only contain ASCII letters, digits, _ and -, and must start with a letter or _',
      ],
    ]);
    expect(problems({ ...trait({ op: "exists" }), path: "city" })[0]?.[1]).toMatch(
      /starts with "trait." or "computed."/,
    );
    expect(problems({ ...trait({ op: "exists" }), path: "trait..x" })[0]?.[1]).toMatch(/empty segment/);
    expect(problems(count({ where: [{ path: "products", op: "exists" }] }))).toEqual([
      ["/where/0/path", '"products" needs a line-item field, e.g. products.category'],
    ]);
  });

  it("checks windows and days", () => {
    expect(problems(count({ window: { from: "2026-02-30", to: "2026-03-01" } }))).toEqual([
      ["/window/from", "2026-02-30 is not a day of the calendar"],
    ]);
    expect(problems(count({ window: { from: "2026-03-02", to: "2026-03-01" } }))).toEqual([
      ["/window", "the window starts (2026-03-02) after it ends (2026-03-01)"],
    ]);
    expect(validateSegmentJson(count({ window: { from: "2026-03-01", to: "2026-03-01" } })).ok).toBe(true);
  });

  it("refuses strings PostgreSQL cannot hold and overlong ones", () => {
    expect(problems(trait({ op: "eq", value: "a\u0000b" }))[0]?.[1]).toMatch(/NUL/);
    expect(problems(trait({ op: "eq", value: "a\ud800" }))[0]?.[1]).toMatch(/unpaired surrogate/);
    expect(problems({ kind: "segment", name: "x".repeat(501) })).toEqual([
      ["/name", "text is 501 characters long; at most 500 are allowed"],
    ]);
  });
});

describe("limits", () => {
  const nest = (depth: number): object => (depth === 1 ? consent : { kind: "not", child: nest(depth - 1) });

  it("allows the maximum depth and refuses one more level", () => {
    expect(validateSegmentJson(nest(SEGMENT_LIMITS.maxDepth)).ok).toBe(true);
    const path = `${"/child".repeat(SEGMENT_LIMITS.maxDepth)}`;
    expect(problems(nest(SEGMENT_LIMITS.maxDepth + 1))).toEqual([
      [path, "conditions are nested more than 16 levels deep"],
    ]);
  });

  it("counts nodes, filters and list values", () => {
    const values = Array.from({ length: SEGMENT_LIMITS.maxNodes }, (_, i) => i);
    expect(problems(trait({ op: "in", values }))[0]).toEqual([
      "",
      "the definition has 251 nodes (conditions, groups, filters and list values); at most 250 are allowed",
    ]);
  });

  it("turns away absurdly deep or large JSON before walking it", () => {
    let deep: unknown = consent;
    for (let i = 0; i < 100_000; i += 1) deep = { kind: "not", child: deep };
    expect(validateSegmentJson(deep)).toMatchObject({ ok: false, issues: [{ code: "too_large" }] });
    const wide = { kind: "or", children: Array.from({ length: 100_000 }, () => consent) };
    expect(validateSegmentJson(wide)).toMatchObject({ ok: false, issues: [{ code: "too_large", path: "" }] });
  });
});

describe("segmentFromJson", () => {
  it("returns the definition or throws one error with every issue", () => {
    expect(segmentFromJson(consent)).toStrictEqual(consent);
    const error = (() => {
      try {
        segmentFromJson({
          kind: "and",
          children: [trait({ op: "gt", value: false }), { kind: "segment", name: "" }],
        });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(SegmentDefinitionError);
    expect(error).toMatchObject({
      code: "invalid_segment_definition",
      issues: [{ path: "/children/1/name" }],
    });
  });
});
