/**
 * The purchase structure built into the demo data, in one place so that analytics tests can name
 * what they should find: complements bought in the same basket, regular purchases a durable
 * switches on (a dishwasher means tabs every month), and up-sell steps that follow later.
 * Keys are catalogue group keys (`dish-tabs` → products `dish-tabs-01`, ...).
 */

/** `antecedent` in a basket adds `consequent` to it with probability `p`. */
export interface ComplementRule {
  readonly antecedent: string;
  readonly consequent: string;
  readonly p: number;
}

/** Same-basket complements: association rules an FP-Growth run over the orders should find. */
export const COMPLEMENT_RULES: readonly ComplementRule[] = [
  { antecedent: "pasta", consequent: "tomato-sauce", p: 0.7 },
  { antecedent: "pasta", consequent: "grated-cheese", p: 0.3 },
  { antecedent: "bread", consequent: "butter", p: 0.35 },
  { antecedent: "cereal", consequent: "milk", p: 0.5 },
  { antecedent: "dishwasher", consequent: "dish-tabs", p: 0.85 },
  { antecedent: "dishwasher", consequent: "rinse-aid", p: 0.5 },
  { antecedent: "washing-machine", consequent: "detergent", p: 0.7 },
  { antecedent: "coffee-machine", consequent: "coffee", p: 0.7 },
  { antecedent: "coffee-machine", consequent: "cleaning", p: 0.3 },
  { antecedent: "electric-toothbrush", consequent: "toothbrush-heads", p: 0.6 },
  { antecedent: "camera-entry", consequent: "memory-card", p: 0.75 },
  { antecedent: "camera-entry", consequent: "camera-bag", p: 0.5 },
  { antecedent: "camera-pro", consequent: "memory-card", p: 0.8 },
  { antecedent: "camera-pro", consequent: "camera-battery", p: 0.45 },
  { antecedent: "camera-pro", consequent: "camera-bag", p: 0.4 },
  { antecedent: "camera-pro", consequent: "lenses", p: 0.35 },
  { antecedent: "baby-food", consequent: "diapers", p: 0.6 },
  { antecedent: "beer", consequent: "chips", p: 0.55 },
  { antecedent: "wine", consequent: "cheese", p: 0.35 },
  { antecedent: "grill", consequent: "charcoal", p: 0.75 },
  { antecedent: "grill", consequent: "grill-meat", p: 0.4 },
  { antecedent: "charcoal", consequent: "grill-meat", p: 0.5 },
  { antecedent: "winter-jacket", consequent: "winter-accessories", p: 0.4 },
  { antecedent: "running-shoes", consequent: "sport-socks", p: 0.45 },
  { antecedent: "shampoo", consequent: "conditioner", p: 0.4 },
  { antecedent: "cold-remedy", consequent: "tea", p: 0.35 },
];

/** Buying the key group makes the listed groups regular purchases from then on. */
export const OWNERSHIP_REPLENISHES: Readonly<Record<string, readonly string[]>> = {
  dishwasher: ["dish-tabs", "rinse-aid"],
  "washing-machine": ["detergent"],
  "coffee-machine": ["coffee"],
  "electric-toothbrush": ["toothbrush-heads"],
  grill: ["charcoal"],
  "camera-entry": ["memory-card"],
};

/** After buying `after`, the customer buys `buy` with probability `p`, `minDays`–`maxDays` later (up-sell). */
export interface FollowUpRule {
  readonly after: string;
  readonly buy: string;
  readonly p: number;
  readonly minDays: number;
  readonly maxDays: number;
}

/** Later purchases that build on an earlier one: the up-sell paths of scenario 5. */
export const FOLLOW_UP_RULES: readonly FollowUpRule[] = [
  { after: "camera-entry", buy: "camera-pro", p: 0.15, minDays: 90, maxDays: 480 },
  { after: "camera-entry", buy: "lenses", p: 0.25, minDays: 30, maxDays: 360 },
  { after: "camera-entry", buy: "tripod", p: 0.12, minDays: 30, maxDays: 360 },
  { after: "camera-pro", buy: "lenses", p: 0.35, minDays: 30, maxDays: 300 },
  { after: "running-shoes", buy: "running-shoes", p: 0.3, minDays: 240, maxDays: 420 },
];

const COMPLEMENTS_BY_ANTECEDENT = new Map<string, ComplementRule[]>();
for (const rule of COMPLEMENT_RULES) {
  const list = COMPLEMENTS_BY_ANTECEDENT.get(rule.antecedent) ?? [];
  list.push(rule);
  COMPLEMENTS_BY_ANTECEDENT.set(rule.antecedent, list);
}

/** Complements of one group, for the basket builder. */
export function complementsOf(groupKey: string): readonly ComplementRule[] {
  return COMPLEMENTS_BY_ANTECEDENT.get(groupKey) ?? [];
}
