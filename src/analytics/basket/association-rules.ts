/**
 * Association rules from frequent itemsets, with arules' apriori semantics: one item on the
 * right-hand side by default (optionally every non-empty proper subset), rule length = |X| + |Y|,
 * confidence compared as `confidence ≥ minConfidence − 1e-12`, and rules with an empty antecedent
 * (`{} ⇒ {y}`) when the minimum length is 1, as arules' default `minlen = 1` does.
 */
import { compareCodeUnits } from "./encode-transactions.js";
import { ItemsetIndex } from "./itemset-index.js";
import { type ItemsetTable, itemLabel } from "./itemset-table.js";
import { type RuleMeasures, ruleMeasures } from "./rule-measures.js";
import { BasketError, type BasketResult } from "./types.js";

/** Options of {@link generateRules}. */
export interface RuleOptions {
  /** Minimum confidence in [0, 1]. */
  readonly minConfidence: number;
  /** Minimum rule length |X| + |Y| (default 1, which admits `{} ⇒ {y}` as in arules). */
  readonly minLength?: number;
  /** Maximum rule length (default: the table's `maxLength`). */
  readonly maxLength?: number;
  /** `"single"` (default, as arules): one consequent item; `"multi"`: any non-empty proper subset. */
  readonly consequents?: "single" | "multi";
}

/** X ⇒ Y with its measures; items are labels in ascending id order. */
export interface AssociationRule extends RuleMeasures {
  readonly antecedent: readonly string[];
  readonly consequent: readonly string[];
}

/** arules' tolerance in the confidence comparison (istree.c, `EPSILON`). */
const CONFIDENCE_EPSILON = 1e-12;

/** Longest itemset split into every antecedent/consequent pair (bit masks; 2^n grows fast). */
const MAX_MULTI_LENGTH = 30;

/**
 * Generates the rules of `table`, sorted by lift (desc), then count (desc). The table must have
 * been mined with `minLength` 1 so that every antecedent's count is known.
 *
 * @example
 * const rules = generateRules(itemsets, { minConfidence: 0.5 }); // 5,668 rules on Groceries at 0.001
 */
export function generateRules(table: ItemsetTable, options: RuleOptions): BasketResult<AssociationRule[]> {
  const { minConfidence } = options;
  if (!Number.isFinite(minConfidence) || minConfidence < 0 || minConfidence > 1) {
    const message = `confidence must be in [0, 1], got ${minConfidence}`;
    return { ok: false, issues: [{ code: "invalid_confidence", message }] };
  }
  if (table.minLength > 1) {
    throw new BasketError("invalid_argument", "rules need an itemset table mined with minLength 1");
  }
  const minLength = options.minLength ?? 1;
  const maxLength = options.maxLength ?? table.maxLength;
  const generator = new RuleGenerator(table, minConfidence - CONFIDENCE_EPSILON);
  for (let s = 0; s < table.size; s++) {
    const length = table.offsets[s + 1]! - table.offsets[s]!;
    if (length < minLength || length > maxLength) continue;
    generator.load(s);
    if (options.consequents === "multi" && length > 1) generator.emitAllSplits();
    else generator.emitSingleHeads();
  }
  return { ok: true, value: generator.rules.sort(byLiftThenCount) };
}

/** Sort order of rule listings: lift desc, count desc, then by items for a stable listing. */
export function byLiftThenCount(a: AssociationRule, b: AssociationRule): number {
  return (
    b.lift - a.lift ||
    b.count - a.count ||
    compareItems(a.antecedent, b.antecedent) ||
    compareItems(a.consequent, b.consequent)
  );
}

function compareItems(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const order = compareCodeUnits(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

class RuleGenerator {
  readonly rules: AssociationRule[] = [];
  private readonly index: ItemsetIndex;
  private readonly set: Int32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private length = 0;
  private count = 0;

  constructor(
    private readonly table: ItemsetTable,
    private readonly threshold: number,
  ) {
    this.index = new ItemsetIndex(table);
    let longest = 0;
    for (let s = 0; s < table.size; s++)
      longest = Math.max(longest, table.offsets[s + 1]! - table.offsets[s]!);
    this.set = new Int32Array(longest);
    this.left = new Int32Array(longest);
    this.right = new Int32Array(longest);
  }

  load(s: number): void {
    const start = this.table.offsets[s]!;
    this.length = this.table.offsets[s + 1]! - start;
    this.set.set(this.table.items.subarray(start, start + this.length));
    this.count = this.table.counts[s]!;
  }

  /** (set \ {y}) ⇒ {y} for every item y of the set. */
  emitSingleHeads(): void {
    for (let head = 0; head < this.length; head++) this.emitSplit(head, 0);
  }

  /** Every non-empty proper subset of the set as consequent (2^n − 2 candidates). */
  emitAllSplits(): void {
    if (this.length > MAX_MULTI_LENGTH) {
      const message = `multi-item consequents need itemsets of at most ${MAX_MULTI_LENGTH} items`;
      throw new BasketError("invalid_argument", message);
    }
    const full = 2 ** this.length - 1;
    for (let mask = 1; mask < full; mask++) this.emitSplit(-1, mask);
  }

  /** Emits X ⇒ Y, Y = {set[head]} (head ≥ 0) or the positions in `mask`, if confident enough. */
  private emitSplit(head: number, mask: number): void {
    const { set, left, right, table } = this;
    let l = 0;
    let r = 0;
    for (let i = 0; i < this.length; i++) {
      if (head >= 0 ? i === head : (mask & (1 << i)) !== 0) right[r++] = set[i]!;
      else left[l++] = set[i]!;
    }
    const antecedentCount = l === 0 ? table.transactionCount : this.index.count(left, l);
    if (antecedentCount < 0) {
      throw new BasketError("incomplete_table", "an antecedent is missing from the itemset table");
    }
    const confidence = antecedentCount > 0 ? this.count / antecedentCount : 1;
    if (confidence < this.threshold) return;
    const consequentCount = this.index.count(right, r);
    const m = ruleMeasures(this.count, antecedentCount, consequentCount, table.transactionCount);
    // An explicit literal (not a spread) keeps one object shape for all rules.
    this.rules.push({
      antecedent: this.labels(left, l),
      consequent: this.labels(right, r),
      count: m.count,
      support: m.support,
      confidence: m.confidence,
      coverage: m.coverage,
      lift: m.lift,
      leverage: m.leverage,
      conviction: m.conviction,
    });
  }

  private labels(ids: Int32Array, length: number): string[] {
    const out: string[] = new Array(length);
    for (let i = 0; i < length; i++) out[i] = itemLabel(this.table, ids[i]!);
    return out;
  }
}
