/**
 * Shared step of the pair-based product outputs: the one-item ⇒ one-item rules of a rule list,
 * folded into unordered pairs with both directions' confidences (derived from one rule, since
 * supp(Y) = confidence / lift).
 */
import type { AssociationRule } from "./association-rules.js";

/** An unordered pair {a, b} (a < b) seen in at least one direction of a pair rule. */
export interface RulePair {
  readonly a: string;
  readonly b: string;
  readonly count: number;
  readonly support: number;
  readonly lift: number;
  readonly leverage: number;
  /** Confidence of a ⇒ b and of b ⇒ a. */
  readonly confidenceAB: number;
  readonly confidenceBA: number;
}

/** Folds the 1 ⇒ 1 rules of `rules` into unordered pairs, one entry per pair. */
export function pairsFromRules(rules: readonly AssociationRule[]): RulePair[] {
  const pairs = new Map<string, RulePair>();
  for (const rule of rules) {
    if (rule.antecedent.length !== 1 || rule.consequent.length !== 1) continue;
    const x = rule.antecedent[0]!;
    const y = rule.consequent[0]!;
    const [a, b] = x < y ? [x, y] : [y, x];
    const key = JSON.stringify([a, b]);
    if (pairs.has(key)) continue;
    // supp(y) = confidence / lift, so confidence(y ⇒ x) = supp(x ∪ y) / supp(y).
    const reverse = (rule.support * rule.lift) / rule.confidence;
    const forward = rule.confidence;
    pairs.set(key, {
      a,
      b,
      count: rule.count,
      support: rule.support,
      lift: rule.lift,
      leverage: rule.leverage,
      confidenceAB: a === x ? forward : reverse,
      confidenceBA: a === x ? reverse : forward,
    });
  }
  return [...pairs.values()];
}
