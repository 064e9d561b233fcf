/**
 * Renders a recommendation's explanation as text for a person ("because you bought X").
 */
import type { Recommendation } from "./types.js";

/**
 * One-line explanation; `nameOf` turns item ids into display names (default: the id).
 *
 * @example
 * explainRecommendation({ itemId: "t", score: 1, reason: "complementary", because: ["d"] }, (id) => names[id]);
 * // "because you bought Dishwasher X"
 */
export function explainRecommendation(
  recommendation: Recommendation,
  nameOf: (itemId: string) => string = (itemId) => itemId,
): string {
  if (recommendation.reason === "popular" || recommendation.because.length === 0)
    return "popular with other customers";
  if (recommendation.reason === "buy_again") return "you buy this regularly";
  const names = recommendation.because.map(nameOf);
  const bought = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)!}`;
  return `because you bought ${bought}`;
}
