import { describe, expect, it } from "vitest";
import { generateRules } from "./association-rules.js";
import { itemsKey, readReferenceCsv, retailTransactions } from "./fixtures.test-helpers.js";
import { countBySize, listItemsets } from "./itemset-table.js";
import { mineFrequentItemsets } from "./mine-frequent-itemsets.js";

// Reference: arules 1.7-10 eclat/apriori with maxlen = 100; see test/fixtures/fimi-retail/README.md.
const transactions = retailTransactions();

function mine(support: number) {
  const result = mineFrequentItemsets(transactions, { support, maxLength: 100 });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe("FIMI retail (88,162 baskets) against arules", () => {
  it("has the data set's shape", () => {
    expect(transactions).toHaveLength(88162);
    expect(transactions.reduce((sum, basket) => sum + basket.length, 0)).toBe(908576);
  });

  it("finds the same 159 itemsets at 0.01 and 7,589 at 0.001, with the same counts", () => {
    for (const [support, file, expected] of [
      [0.01, "fimi-retail/retail_itemsets_supp0.01.csv", 159],
      [0.001, "fimi-retail/retail_itemsets_supp0.001.csv.gz", 7589],
    ] as const) {
      const table = mine(support);
      const ours = new Map(listItemsets(table).map((set) => [itemsKey(set.items), set.count]));
      const reference = readReferenceCsv(file);
      expect(reference).toHaveLength(expected);
      expect(ours.size).toBe(expected);
      const mismatches = reference.filter(
        (row) => ours.get(itemsKey(row.items!.split(" "))) !== Number(row.count),
      );
      expect(mismatches).toEqual([]);
    }
  });

  it("finds 19,242 itemsets at 0.0005 with arules' size breakdown", () => {
    const table = mine(0.0005);
    expect(table.minCount).toBe(45);
    expect(table.size).toBe(19242);
    expect(countBySize(table)).toEqual([0, 3926, 8198, 5411, 1534, 170, 3]);
  });

  it("derives 5,732 rules at 0.001 / 0.5, including the empty-antecedent rule {} => {39}", () => {
    const table = mine(0.001);
    const rules = generateRules(table, { minConfidence: 0.5 });
    if (!rules.ok) throw new Error(JSON.stringify(rules.issues));
    expect(rules.value).toHaveLength(5732);
    const empty = rules.value.filter((rule) => rule.antecedent.length === 0);
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatchObject({ consequent: ["39"], count: 50675, lift: 1 });
    const withoutEmpty = generateRules(table, { minConfidence: 0.5, minLength: 2 });
    expect(withoutEmpty.ok && withoutEmpty.value.length).toBe(5731);
  });
});
