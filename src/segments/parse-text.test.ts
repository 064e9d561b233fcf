import { describe, expect, it } from "vitest";
import { parseSegmentText, segmentFromText } from "./parse-text.js";
import { SegmentDefinitionError, type SegmentIssue } from "./segment-issue.js";

/** The single issue of a text that must fail. */
function issueOf(text: string) {
  const result = parseSegmentText(text);
  if (result.ok) return expect.fail(`parsed: ${JSON.stringify(result.definition)}`);
  const [issue, ...more] = result.issues;
  expect(more).toEqual([]);
  return issue as SegmentIssue;
}

describe("parsing the text form", () => {
  it("reads the issue's example", () => {
    const text =
      'count(Order Completed where category = "Baby", last 90d) >= 2 and trait.city = "Bern" and consent("marketing.push")';
    expect(segmentFromText(text)).toStrictEqual({
      kind: "and",
      children: [
        {
          kind: "event",
          aggregate: "count",
          event: "Order Completed",
          where: [{ path: "category", op: "eq", value: "Baby" }],
          window: { last: "90d" },
          compare: { op: "gte", value: 2 },
        },
        { kind: "trait", path: "trait.city", op: "eq", value: "Bern" },
        { kind: "consent", purpose: "marketing.push" },
      ],
    });
  });

  it("reads the winter-jacket sequence", () => {
    const text =
      'sequence(Products Searched where query contains "winter jacket", last 30d, then not Order Completed where products.category = "Jackets", within 7d)';
    expect(segmentFromText(text)).toStrictEqual({
      kind: "sequence",
      first: {
        event: "Products Searched",
        where: [{ path: "query", op: "contains", value: "winter jacket" }],
      },
      window: { last: "30d" },
      followedBy: {
        event: "Order Completed",
        where: [{ path: "products.category", op: "eq", value: "Jackets" }],
      },
      negated: true,
      within: "7d",
    });
  });

  it("binds not tighter than and, and tighter than or", () => {
    const a = { kind: "segment", name: "a" };
    const b = { kind: "segment", name: "b" };
    const c = { kind: "segment", name: "c" };
    expect(segmentFromText('not in_segment("a") or in_segment("b") and in_segment("c")')).toStrictEqual({
      kind: "or",
      children: [
        { kind: "not", child: a },
        { kind: "and", children: [b, c] },
      ],
    });
    expect(segmentFromText('not (in_segment("a") or in_segment("b")) and in_segment("c")')).toStrictEqual({
      kind: "and",
      children: [{ kind: "not", child: { kind: "or", children: [a, b] } }, c],
    });
  });

  it("reads every operator, values, windows and aggregates", () => {
    const text = [
      "trait.a != 1.5e3",
      'trait.b not in ["x", "y"]',
      "trait.c between -2 and 7",
      'trait.d starts_with "Z\\u00fcr"',
      "trait.e not exists",
      "computed.lastOrderAt before 90d ago",
      "computed.lastOrderAt within last 12h",
      "avg(products.price of Order Completed, between 2026-01-01 and 2026-03-31) < 20",
      'exists("Order Completed")',
    ].join(" and\n ");
    const result = segmentFromText(text);
    expect(result.kind === "and" && result.children.map((c) => ("op" in c ? c.op : c.kind))).toEqual([
      "neq",
      "not_in",
      "between",
      "starts_with",
      "not_exists",
      "before_ago",
      "within_last",
      "event",
      "event",
    ]);
    expect(JSON.stringify(result)).toContain('"value":"Zür"');
  });
});

describe("syntax errors", () => {
  it("name the place and what was expected", () => {
    expect(issueOf('trait.city = "Bern" and')).toMatchObject({
      code: "syntax",
      offset: 23,
      line: 1,
      column: 24,
      message: expect.stringMatching(/^expected a condition .* found the end of the text$/),
    });
    expect(issueOf('trait.city == "Bern"')).toMatchObject({
      offset: 12,
      message: expect.stringContaining('found "="'),
    });
    expect(issueOf("count(Order Completed, last 90d)")).toMatchObject({
      offset: 32,
      message: "count(…) needs a comparison such as >= 2, found the end of the text",
    });
    expect(issueOf("trait.x = 1 or\n  (trait.y = 2")).toMatchObject({ line: 2, column: 15 });
  });

  it("explain units, strings and unknown functions", () => {
    expect(issueOf("count(X, last 3m) > 1").message).toMatch(/unknown duration unit "m".*26w or 365d/);
    expect(issueOf("trait.city = 'Bern'").message).toMatch(/double quotes/);
    expect(issueOf('trait.city = "Be\\qrn"')).toMatchObject({
      offset: 16,
      message: expect.stringMatching(/unknown escape/),
    });
    expect(issueOf('trait.city = "Bern')).toMatchObject({
      offset: 13,
      message: expect.stringMatching(/not closed/),
    });
    expect(issueOf("cnt(X) > 1").message).toMatch(/unknown function "cnt"/);
    expect(issueOf("trait.since > 2026-01-01").message).toMatch(
      /write a day as a string here, e.g. "2026-01-01"/,
    );
    expect(issueOf("exists(X) >= 1").message).toMatch(/exists\(…\) takes no comparison/);
  });

  it("refuses parentheses nested beyond the limit before recursing further", () => {
    const deep = `${"(".repeat(10_000)}trait.a = 1${")".repeat(10_000)}`;
    expect(issueOf(deep)).toMatchObject({
      code: "syntax",
      offset: 32,
      message: expect.stringMatching(/nested more than 32/),
    });
  });
});

describe("validation errors in text", () => {
  it("point at the node that is wrong, by pointer and by position", () => {
    const text =
      'trait.city = "Bern" and\ncount(X where total between 9 and 2, between 2026-03-01 and 2026-02-01) > 1';
    const result = parseSegmentText(text);
    expect(!result.ok && result.issues).toEqual([
      {
        code: "invalid_value",
        path: "/children/1/where/0/values",
        message: "between's lower bound 9 is above its upper bound 2",
        offset: text.indexOf("9"),
        line: 2,
        column: 29,
      },
      {
        code: "invalid_value",
        path: "/children/1/window",
        message: "the window starts (2026-03-01) after it ends (2026-02-01)",
        offset: text.indexOf("between 2026"),
        line: 2,
        column: 38,
      },
    ]);
  });

  it("report shape problems, such as an unknown purpose, with their place too", () => {
    expect(issueOf('trait.a = 1 or consent("marketing.pigeon")')).toMatchObject({
      code: "invalid_shape",
      path: "/children/1/purpose",
      offset: 23,
      message: expect.stringMatching(/^purpose must be one of service, analytics, .*sharing.third_party$/),
    });
  });

  it("checks paths and the empty list", () => {
    expect(issueOf('traits.city = "Bern"')).toMatchObject({
      path: "/path",
      offset: 0,
      message: expect.stringMatching(/starts with "trait."/),
    });
    expect(issueOf("trait.a in []")).toMatchObject({ path: "/values", offset: 11 });
    expect(issueOf("count(X where products = 1) > 0")).toMatchObject({ path: "/where/0/path", offset: 14 });
  });

  it("throws one error listing the issues from segmentFromText", () => {
    expect(() => segmentFromText("trait.a between 3 and 1")).toThrow(SegmentDefinitionError);
    expect(() => segmentFromText("trait.a between 3 and 1")).toThrow(
      /1:17 \(\/values\): between's lower bound 3/,
    );
  });
});
