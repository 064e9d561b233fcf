import { describe, expect, it } from "vitest";
import { generateRules } from "./association-rules.js";
import { groceriesTransactions, itemsKey, readReferenceCsv } from "./fixtures.test-helpers.js";
import { countBySize, type ItemsetTable, listItemsets } from "./itemset-table.js";
import { mineAssociationRules } from "./mine-association-rules.js";
import { mineFrequentItemsets } from "./mine-frequent-itemsets.js";

// Reference files: arules 1.7-10 (R 4.2.2) on the same CSV; see test/fixtures/groceries/README.md.
const transactions = groceriesTransactions();

function mine(support: number) {
  const result = mineFrequentItemsets(transactions, { support });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function expectSameItemsets(support: number, referenceFile: string, expectedCount: number): ItemsetTable {
  const table = mine(support);
  const ours = new Map(listItemsets(table).map((set) => [itemsKey(set.items), set]));
  const reference = readReferenceCsv(referenceFile);
  expect(reference).toHaveLength(expectedCount);
  expect(ours.size).toBe(expectedCount);
  const mismatches: string[] = [];
  for (const row of reference) {
    const key = itemsKey(row.items!.split(" | "));
    const set = ours.get(key);
    const same =
      set !== undefined &&
      set.count === Number(row.count) &&
      set.items.length === Number(row.size) &&
      Math.abs(set.support - Number(row.support)) < 1e-12;
    if (!same) mismatches.push(`${key}: ${JSON.stringify(set)} vs ${JSON.stringify(row)}`);
  }
  expect(mismatches).toEqual([]);
  return table;
}

describe("Groceries (9,835 baskets) against arules", () => {
  it("has the data set's shape", () => {
    expect(transactions).toHaveLength(9835);
    expect(new Set(transactions.flat()).size).toBe(169);
  });

  it("finds the same 333 itemsets and supports at support 0.01", () => {
    expectSameItemsets(0.01, "groceries/groceries_itemsets_supp0.01.csv", 333);
  });

  it("finds the same 13,492 itemsets and supports at support 0.001", () => {
    const table = expectSameItemsets(0.001, "groceries/groceries_itemsets_supp0.001.csv.gz", 13492);
    expect(countBySize(table)).toEqual([0, 157, 2981, 6831, 3137, 376, 10]);
  });

  it("derives the same 5,668 rules at support 0.001 / confidence 0.5, measures to 1e-9", () => {
    const result = mineAssociationRules(transactions, { support: 0.001, confidence: 0.5 });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { rules } = result.value;
    const reference = readReferenceCsv("groceries/groceries_rules_supp0.001_conf0.5.csv.gz");
    expect(reference).toHaveLength(5668);
    expect(rules).toHaveLength(5668);
    const ours = new Map(
      rules.map((rule) => [`${itemsKey(rule.antecedent)} => ${itemsKey(rule.consequent)}`, rule]),
    );
    expect(ours.size).toBe(5668);
    const close = (a: number, b: string) => Math.abs(a - Number(b)) < 1e-9;
    const mismatches: string[] = [];
    for (const row of reference) {
      const key = `${itemsKey(row.lhs!.split(" | "))} => ${row.rhs}`;
      const rule = ours.get(key);
      const same =
        rule !== undefined &&
        rule.count === Number(row.count) &&
        close(rule.support, row.support!) &&
        close(rule.confidence, row.confidence!) &&
        close(rule.coverage, row.coverage!) &&
        close(rule.lift, row.lift!);
      if (!same) mismatches.push(`${key}: ${JSON.stringify(rule)} vs ${JSON.stringify(row)}`);
    }
    expect(mismatches).toEqual([]);
    const sizes = [0, 0, 0, 0, 0, 0, 0];
    for (const rule of rules) sizes[rule.antecedent.length + 1]!++;
    expect(sizes).toEqual([0, 0, 11, 1461, 3211, 939, 46]);
    expect(rules.filter((rule) => rule.antecedent.length === 0)).toHaveLength(0);
    expect(rules[0]).toMatchObject({
      antecedent: ["Instant food products", "soda"],
      consequent: ["hamburger meat"],
    });
  });

  it("reproduces the other published rule counts (410, 120, 15 and Lantz's 463)", () => {
    const count = (support: number, confidence: number, minLength?: number) => {
      const result = mineAssociationRules(transactions, {
        support,
        confidence,
        ...(minLength ? { minLength } : {}),
      });
      return result.ok ? result.value.rules.length : -1;
    };
    expect(count(0.001, 0.8)).toBe(410);
    expect(count(0.005, 0.5)).toBe(120);
    expect(count(0.01, 0.5)).toBe(15);
    expect(count(0.006, 0.25, 2)).toBe(463);
  });

  it("adds 161 rules with multi-item consequents at 0.001 / 0.5 (5,829 in all)", () => {
    const table = mine(0.001);
    const multi = generateRules(table, { minConfidence: 0.5, consequents: "multi" });
    expect(multi.ok && multi.value.length).toBe(5829);
  });
});
