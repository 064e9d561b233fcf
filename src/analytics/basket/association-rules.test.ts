import { describe, expect, it } from "vitest";
import { type AssociationRule, generateRules } from "./association-rules.js";
import { mineAssociationRules } from "./mine-association-rules.js";
import { mineFrequentItemsets } from "./mine-frequent-itemsets.js";
import { ruleToJson } from "./rule-json.js";
import { ruleMeasures } from "./rule-measures.js";
import { BasketError } from "./types.js";

// 10 baskets: beer ⇒ chips always, chips ⇒ beer 4 of 5, milk in 6.
const baskets = [
  ["beer", "chips"],
  ["beer", "chips", "milk"],
  ["beer", "chips"],
  ["beer", "chips", "milk"],
  ["chips"],
  ["milk"],
  ["milk", "bread"],
  ["milk", "bread"],
  ["milk"],
  ["bread"],
];

function rules(options: Parameters<typeof mineAssociationRules>[1]): AssociationRule[] {
  const result = mineAssociationRules(baskets, options);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value.rules;
}

const find = (list: AssociationRule[], lhs: string[], rhs: string[]) =>
  list.find((rule) => rule.antecedent.join() === lhs.join() && rule.consequent.join() === rhs.join());

describe("generateRules", () => {
  it("computes support, confidence, lift, leverage, conviction and count", () => {
    const list = rules({ support: 0.2, confidence: 0.5, minLength: 2 });
    const chipsBeer = find(list, ["chips"], ["beer"])!;
    expect(chipsBeer).toMatchObject({ count: 4, support: 0.4, confidence: 0.8, coverage: 0.5 });
    expect(chipsBeer.lift).toBeCloseTo(2, 12);
    expect(chipsBeer.leverage).toBeCloseTo(0.4 - 0.5 * 0.4, 12);
    expect(chipsBeer.conviction).toBeCloseTo((1 - 0.4) / (1 - 0.8), 12);
    expect(ruleMeasures(4, 5, 4, 10)).toEqual({ ...chipsBeer, antecedent: undefined, consequent: undefined });
  });

  it("gives conviction Infinity at confidence 1 and null in the JSON form", () => {
    const beerChips = find(rules({ support: 0.2, confidence: 0.5 }), ["beer"], ["chips"])!;
    expect(beerChips.confidence).toBe(1);
    expect(beerChips.conviction).toBe(Number.POSITIVE_INFINITY);
    const json = ruleToJson(beerChips);
    expect(json.conviction).toBeNull();
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it("includes {} ⇒ {y} at minLength 1 when supp(y) ≥ confidence, as arules does", () => {
    const list = rules({ support: 0.2, confidence: 0.5 });
    const empty = list.filter((rule) => rule.antecedent.length === 0);
    expect(empty.map((rule) => rule.consequent[0])).toEqual(["milk", "chips"]); // supp 0.6 and 0.5
    expect(empty[0]).toMatchObject({ confidence: 0.6, coverage: 1, lift: 1, leverage: 0 });
    expect(rules({ support: 0.2, confidence: 0.5, minLength: 2 }).every((r) => r.antecedent.length > 0)).toBe(
      true,
    );
  });

  it("respects maxLength (|X| + |Y|) and the confidence threshold inclusively", () => {
    const list = rules({ support: 0.1, confidence: 0.5, maxLength: 2 });
    expect(list.every((rule) => rule.antecedent.length + rule.consequent.length <= 2)).toBe(true);
    // milk ⇒ bread has confidence 2/6; bread ⇒ milk exactly 2/3.
    expect(find(rules({ support: 0.1, confidence: 2 / 3 }), ["bread"], ["milk"])).toBeDefined();
    expect(find(rules({ support: 0.1, confidence: 0.5 }), ["milk"], ["bread"])).toBeUndefined();
  });

  it("sorts by lift, then count", () => {
    const list = rules({ support: 0.1, confidence: 0.1, minLength: 2 });
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      expect(a.lift > b.lift || (a.lift === b.lift && a.count >= b.count)).toBe(true);
    }
  });

  it("optionally produces multi-item consequents", () => {
    const multi = rules({ support: 0.2, confidence: 0.5, consequents: "multi", minLength: 3 });
    expect(find(multi, ["milk"], ["beer", "chips"])).toBeUndefined(); // confidence 2/6
    expect(find(multi, ["beer"], ["chips", "milk"])).toMatchObject({ count: 2, confidence: 0.5 });
  });

  it("reports an invalid confidence and refuses a table mined without small sets", () => {
    const table = mineFrequentItemsets(baskets, { support: 0.2 });
    if (!table.ok) throw new Error("mining failed");
    const bad = generateRules(table.value, { minConfidence: 1.2 });
    expect(bad.ok ? [] : bad.issues.map((issue) => issue.code)).toEqual(["invalid_confidence"]);
    const partial = mineFrequentItemsets(baskets, { support: 0.2, minLength: 2 });
    if (!partial.ok) throw new Error("mining failed");
    expect(() => generateRules(partial.value, { minConfidence: 0.5 })).toThrow(BasketError);
  });
});
