/**
 * Complementary pairs for campaigns: item pairs bought together more often than by chance, each
 * with the direction to promote (the trigger whose buyers most often take the offer), ranked by
 * leverage — the share of all baskets the association adds over independence, i.e. campaign reach.
 */
import type { AssociationRule } from "./association-rules.js";
import { compareCodeUnits } from "./encode-transactions.js";
import { pairsFromRules } from "./rule-pairs.js";

/** "Buyers of `trigger` → offer `offer`". */
export interface ComplementaryPair {
  readonly trigger: string;
  readonly offer: string;
  readonly count: number;
  readonly support: number;
  /** Confidence of trigger ⇒ offer (the higher of the two directions). */
  readonly confidence: number;
  readonly reverseConfidence: number;
  readonly lift: number;
  readonly leverage: number;
}

/** Options of {@link complementaryPairs}. */
export interface ComplementaryPairOptions {
  /** Minimum lift (default 1.2). */
  readonly minLift?: number;
  /** Keep at most this many pairs (default: all). */
  readonly limit?: number;
}

/**
 * Complementary pairs from the 1 ⇒ 1 rules, strongest reach first.
 *
 * @example complementaryPairs(rules, { minLift: 1.5, limit: 20 })
 */
export function complementaryPairs(
  rules: readonly AssociationRule[],
  options: ComplementaryPairOptions = {},
): ComplementaryPair[] {
  const minLift = options.minLift ?? 1.2;
  const pairs: ComplementaryPair[] = [];
  for (const pair of pairsFromRules(rules)) {
    if (pair.lift < minLift) continue;
    const forward = pair.confidenceAB >= pair.confidenceBA;
    pairs.push({
      trigger: forward ? pair.a : pair.b,
      offer: forward ? pair.b : pair.a,
      count: pair.count,
      support: pair.support,
      confidence: forward ? pair.confidenceAB : pair.confidenceBA,
      reverseConfidence: forward ? pair.confidenceBA : pair.confidenceAB,
      lift: pair.lift,
      leverage: pair.leverage,
    });
  }
  pairs.sort(
    (x, y) =>
      y.leverage - x.leverage ||
      y.lift - x.lift ||
      compareCodeUnits(x.trigger, y.trigger) ||
      compareCodeUnits(x.offer, y.offer),
  );
  return options.limit === undefined ? pairs : pairs.slice(0, options.limit);
}
