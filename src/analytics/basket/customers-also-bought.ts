/**
 * "Customers who bought X also bought …": per item, the best single-item consequents of the
 * rules X ⇒ Y, ranked by lift or confidence.
 */
import type { AssociationRule } from "./association-rules.js";
import { compareCodeUnits } from "./encode-transactions.js";
import { BasketError } from "./types.js";

/** One recommendation for an anchor item. */
export interface AlsoBought {
  readonly item: string;
  readonly count: number;
  readonly support: number;
  readonly confidence: number;
  readonly lift: number;
}

/** Options of {@link customersAlsoBought}. */
export interface AlsoBoughtOptions {
  /** Recommendations per item (default 5). */
  readonly k?: number;
  /** Primary ranking measure (default `"lift"`); the other one breaks ties, then count. */
  readonly rankBy?: "lift" | "confidence";
  /** Drop consequents with lift below this (default 1: only items bought together more than by chance). */
  readonly minLift?: number;
}

/**
 * Top-k consequents per anchor item from the rules {x} ⇒ {y}. Mine the rules with a low
 * confidence (e.g. 0.05) so that most items get recommendations.
 *
 * @example customersAlsoBought(rules, { k: 3 }).get("whole milk")
 */
export function customersAlsoBought(
  rules: readonly AssociationRule[],
  options: AlsoBoughtOptions = {},
): Map<string, AlsoBought[]> {
  const k = options.k ?? 5;
  if (!Number.isInteger(k) || k < 1)
    throw new BasketError("invalid_argument", `k must be an integer ≥ 1, got ${k}`);
  const minLift = options.minLift ?? 1;
  const byItem = new Map<string, AlsoBought[]>();
  for (const rule of rules) {
    if (rule.antecedent.length !== 1 || rule.consequent.length !== 1 || rule.lift < minLift) continue;
    const anchor = rule.antecedent[0]!;
    const list = byItem.get(anchor) ?? [];
    const { count, support, confidence, lift } = rule;
    list.push({ item: rule.consequent[0]!, count, support, confidence, lift });
    byItem.set(anchor, list);
  }
  const compare = options.rankBy === "confidence" ? byConfidence : byLift;
  for (const [anchor, list] of byItem) byItem.set(anchor, list.sort(compare).slice(0, k));
  return byItem;
}

function byLift(a: AlsoBought, b: AlsoBought): number {
  return (
    b.lift - a.lift || b.confidence - a.confidence || b.count - a.count || compareCodeUnits(a.item, b.item)
  );
}

function byConfidence(a: AlsoBought, b: AlsoBought): number {
  return (
    b.confidence - a.confidence || b.lift - a.lift || b.count - a.count || compareCodeUnits(a.item, b.item)
  );
}
