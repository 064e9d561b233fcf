import { describe, expect, it } from "vitest";
import type { AssociationRule } from "./association-rules.js";
import { complementaryPairs } from "./complementary-pairs.js";
import { customersAlsoBought } from "./customers-also-bought.js";
import { groceriesTransactions } from "./fixtures.test-helpers.js";
import { mineAssociationRules } from "./mine-association-rules.js";
import { placementSuggestions } from "./placement-suggestions.js";
import { BasketError } from "./types.js";

function pairRules(): AssociationRule[] {
  const result = mineAssociationRules(groceriesTransactions(), {
    support: 0.005,
    confidence: 0.05,
    maxLength: 2,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value.rules;
}

const rules = pairRules();

describe("customersAlsoBought", () => {
  it("lists the top-k consequents per item by lift, all above lift 1", () => {
    const also = customersAlsoBought(rules, { k: 3 });
    const forHerbs = also.get("herbs")!;
    expect(forHerbs.length).toBeLessThanOrEqual(3);
    expect(forHerbs[0]!.item).toBe("root vegetables");
    for (const list of also.values()) {
      for (let i = 1; i < list.length; i++) expect(list[i - 1]!.lift).toBeGreaterThanOrEqual(list[i]!.lift);
      expect(list.every((entry) => entry.lift >= 1)).toBe(true);
    }
  });

  it("ranks by confidence on request", () => {
    const also = customersAlsoBought(rules, { k: 2, rankBy: "confidence" });
    expect(also.get("herbs")![0]!.confidence).toBeGreaterThanOrEqual(also.get("herbs")![1]!.confidence);
    expect(() => customersAlsoBought(rules, { k: 0 })).toThrow(BasketError);
  });
});

describe("complementaryPairs", () => {
  it("gives each pair once, in its stronger direction, ordered by leverage", () => {
    const pairs = complementaryPairs(rules, { minLift: 1.5 });
    const keys = pairs.map((pair) => [pair.trigger, pair.offer].sort().join(" + "));
    expect(new Set(keys).size).toBe(keys.length);
    for (const pair of pairs) {
      expect(pair.lift).toBeGreaterThanOrEqual(1.5);
      expect(pair.confidence).toBeGreaterThanOrEqual(pair.reverseConfidence);
      const direct = rules.find((r) => r.antecedent[0] === pair.trigger && r.consequent[0] === pair.offer);
      if (direct) expect(direct.confidence).toBeCloseTo(pair.confidence, 12);
      const reverse = rules.find((r) => r.antecedent[0] === pair.offer && r.consequent[0] === pair.trigger);
      if (reverse) expect(reverse.confidence).toBeCloseTo(pair.reverseConfidence, 12);
    }
    for (let i = 1; i < pairs.length; i++)
      expect(pairs[i - 1]!.leverage).toBeGreaterThanOrEqual(pairs[i]!.leverage);
    expect(complementaryPairs(rules, { minLift: 1.5, limit: 3 })).toEqual(pairs.slice(0, 3));
  });
});

describe("placementSuggestions", () => {
  it("lists unordered high-lift pairs, highest lift first", () => {
    const places = placementSuggestions(rules, { minLift: 2.5, minCount: 60 });
    expect(places.length).toBeGreaterThan(0);
    for (const place of places) {
      expect(place.lift).toBeGreaterThanOrEqual(2.5);
      expect(place.count).toBeGreaterThanOrEqual(60);
      expect(place.items[0] < place.items[1]).toBe(true);
    }
    for (let i = 1; i < places.length; i++)
      expect(places[i - 1]!.lift).toBeGreaterThanOrEqual(places[i]!.lift);
    expect(placementSuggestions([], {})).toEqual([]);
  });
});
