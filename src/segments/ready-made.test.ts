import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rfmScores } from "../profiles/rfm.js";
import { evaluateInMemory } from "./evaluate-in-memory.js";
import { segmentFromText } from "./parse-text.js";
import { readyMadeSegments } from "./ready-made.js";

const DAY_S = 86_400;
const NOW_S = Date.UTC(2026, 10, 23) / 1000;
const cutoffs = {
  recency: [NOW_S - 300 * DAY_S, NOW_S - 120 * DAY_S, NOW_S - 60 * DAY_S, NOW_S - 20 * DAY_S],
  frequency: [1, 2, 3, 6],
  monetary: [20, 50, 90, 200],
};
const EXPECTED: Record<string, (r: number, f: number) => boolean> = {
  "RFM: Champions": (r, f) => r >= 4 && f >= 4,
  "RFM: Potential loyalists": (r, f) => r >= 4 && f >= 2 && f <= 3,
  "RFM: New customers": (r, f) => r >= 4 && f === 1,
  "RFM: Loyal": (r, f) => r === 3 && f >= 4,
  "RFM: Need attention": (r, f) => r === 3 && f <= 3,
  "RFM: At risk": (r, f) => r <= 2 && f >= 3,
  "RFM: Hibernating": (r, f) => r <= 2 && f <= 2,
};

describe("ready-made segments", () => {
  const templates = readyMadeSegments(cutoffs);
  const rfm = templates.filter((t) => t.name.startsWith("RFM"));

  it("offers the seven RFM tiers and four value tiers, each a valid definition", () => {
    expect(rfm.map((t) => t.name)).toEqual(Object.keys(EXPECTED));
    expect(templates.filter((t) => t.name.startsWith("Value")).map((t) => t.text)).toContain(
      'computed.predicted.value.valueTier = "top"',
    );
    for (const t of templates) expect(() => segmentFromText(t.text)).not.toThrow();
  });

  it("puts every customer with orders into exactly the tier their RFM scores name", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 12 }), (daysAgo, orders) => {
        const lastOrderAt = new Date((NOW_S - daysAgo * DAY_S) * 1000).toISOString();
        const scores = rfmScores(cutoffs, lastOrderAt, orders, 0)!;
        const person = {
          id: "p",
          traits: {},
          computed: { lastOrderAt, orderCount: orders },
          identifierKinds: [],
          allowedPurposes: [],
          events: [],
        };
        const context = { now: NOW_S * 1000, memberOf: () => false };
        const matched = rfm.filter((t) => evaluateInMemory(segmentFromText(t.text), person, context));
        expect(matched.map((t) => t.name)).toEqual(
          Object.keys(EXPECTED).filter((name) => EXPECTED[name]!(scores.recency, scores.frequency)),
        );
        expect(matched).toHaveLength(1);
      }),
    );
  });

  it("offers only the value tiers before there are orders to take quintiles of", () => {
    expect(readyMadeSegments({ recency: [], frequency: [], monetary: [] }).map((t) => t.name)).toEqual([
      "Value: top",
      "Value: high",
      "Value: medium",
      "Value: low",
    ]);
  });
});
