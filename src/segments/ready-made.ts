/**
 * Ready-made segments a marketer starts from: RFM tiers over the current quintile cut-offs of
 * recency and frequency (profiles/rfm.ts), and value tiers from the CLV job. RFM tiers partition
 * the 5×5 grid of recency and frequency scores:
 *   R 4–5: F 4–5 Champions · F 2–3 Potential loyalists · F 1 New customers
 *   R 3:   F 4–5 Loyal · F 1–3 Need attention
 *   R 1–2: F 3–5 At risk · F 1–2 Hibernating
 * A score s means the value is above s−1 of the four cut-offs, so each range becomes plain
 * thresholds on `computed.lastOrderAt` and `computed.orderCount`; they are fixed when the segment
 * is created (take the template again to follow the customer base as it moves).
 */
import type { RfmCutoffs } from "../profiles/index.js";
import type { SegmentDefinition, TraitCondition } from "./definition-schema.js";
import { printSegmentText } from "./print-text.js";

export interface SegmentTemplate {
  name: string;
  description: string;
  text: string;
}

type Range = readonly [low: number, high: number];

const RFM_TIERS: ReadonlyArray<{ name: string; description: string; r: Range; f: Range }> = [
  { name: "Champions", description: "bought recently and often", r: [4, 5], f: [4, 5] },
  { name: "Potential loyalists", description: "recent, buying more than once", r: [4, 5], f: [2, 3] },
  { name: "New customers", description: "recent first purchase", r: [4, 5], f: [1, 1] },
  { name: "Loyal", description: "buy often, not quite lately", r: [3, 3], f: [4, 5] },
  { name: "Need attention", description: "middling recency, few orders", r: [3, 3], f: [1, 3] },
  { name: "At risk", description: "used to buy often, not for a long time", r: [1, 2], f: [3, 5] },
  { name: "Hibernating", description: "few orders, long ago", r: [1, 2], f: [1, 2] },
];

const VALUE_TIERS = ["top", "high", "medium", "low"] as const;

/** The conditions for a score within `range` on a value compared with the four cut-offs. */
function scoreRange(
  path: string,
  range: Range,
  cuts: readonly number[],
  asValue: (cut: number) => string | number,
) {
  const conditions: TraitCondition[] = [{ kind: "trait", path, op: "exists" }];
  const [low, high] = range;
  if (low >= 2)
    conditions.push({ kind: "trait", path, op: "gt", value: asValue(cuts[low - 2]!) } as TraitCondition);
  if (high <= 4)
    conditions.push({ kind: "trait", path, op: "lte", value: asValue(cuts[high - 1]!) } as TraitCondition);
  return conditions;
}

export function readyMadeSegments(cutoffs: RfmCutoffs): SegmentTemplate[] {
  const templates: SegmentTemplate[] = [];
  if (cutoffs.recency.length === 4 && cutoffs.frequency.length === 4) {
    for (const tier of RFM_TIERS) {
      const definition: SegmentDefinition = {
        kind: "and",
        children: [
          ...scoreRange("computed.lastOrderAt", tier.r, cutoffs.recency, (seconds) =>
            new Date(seconds * 1000).toISOString(),
          ),
          ...scoreRange("computed.orderCount", tier.f, cutoffs.frequency, (count) => count),
        ],
      };
      templates.push({
        name: `RFM: ${tier.name}`,
        description: tier.description,
        text: printSegmentText(definition),
      });
    }
  }
  for (const tier of VALUE_TIERS)
    templates.push({
      name: `Value: ${tier}`,
      description: `customer lifetime value in the ${tier} quartile (analytics clv job)`,
      text: printSegmentText({
        kind: "trait",
        path: "computed.predicted.value.valueTier",
        op: "eq",
        value: tier,
      }),
    });
  return templates;
}
