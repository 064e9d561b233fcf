/**
 * The JSON form of a rule. JSON has no `Infinity` (`JSON.stringify` would silently write `null`
 * and lose the meaning), so the representation is explicit: `conviction` is `null` exactly when
 * it is infinite, which happens when confidence = 1. Every other field is a finite number.
 */
import type { AssociationRule } from "./association-rules.js";

/** {@link AssociationRule} with `conviction: null` standing for +∞. */
export interface AssociationRuleJson extends Omit<AssociationRule, "conviction"> {
  readonly conviction: number | null;
}

/**
 * Converts a rule for `JSON.stringify`.
 *
 * @example ruleToJson(rule).conviction // null when rule.confidence === 1
 */
export function ruleToJson(rule: AssociationRule): AssociationRuleJson {
  return { ...rule, conviction: Number.isFinite(rule.conviction) ? rule.conviction : null };
}
