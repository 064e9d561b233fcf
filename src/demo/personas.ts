/**
 * Shopper personas: who buys what, how often and where. Each customer draws one; the persona
 * fixes the category mix (regular purchases on their cycle, impulse buys, durables), the mean
 * shopping frequency (individual rates scatter around it) and the share of orders placed online.
 */

/** The personas of the demo population. */
export type PersonaKey =
  | "family-baby"
  | "family"
  | "single"
  | "student"
  | "senior"
  | "outdoor"
  | "foodie"
  | "tech";

/** One shopper persona. Group keys refer to the demo catalogue. */
export interface Persona {
  readonly key: PersonaKey;
  /** Share of the population. */
  readonly weight: number;
  /** Age range in years at first contact. */
  readonly age: readonly [number, number];
  /** Groups bought again and again, each on its own cycle. */
  readonly regular: readonly string[];
  /** Groups picked now and then on any trip. */
  readonly impulse: readonly string[];
  /** Durable groups and the probability of buying one within two years. */
  readonly durables: Readonly<Record<string, number>>;
  /** Mean orders per year (individual rates are gamma-distributed around it). */
  readonly ordersPerYear: number;
  /** Share of orders placed online. */
  readonly onlineShare: number;
  /** Share of households that own a dishwasher (and so buy tabs) from the start. */
  readonly dishwasherShare: number;
}

const STAPLES = [
  "milk",
  "bread",
  "butter",
  "fruit",
  "vegetables",
  "eggs",
  "cheese",
  "yogurt",
  "paper",
  "water",
];

/** All personas; weights sum to 1. */
export const PERSONAS: readonly Persona[] = [
  {
    key: "family-baby",
    weight: 0.13,
    age: [25, 40],
    regular: [
      ...STAPLES,
      "diapers",
      "baby-food",
      "baby-care",
      "pasta",
      "tomato-sauce",
      "juice",
      "meat",
      "detergent",
      "toothpaste",
    ],
    impulse: [
      "chocolate",
      "cereal",
      "baby-clothes",
      "toys",
      "frozen-pizza",
      "cleaning",
      "tea",
      "skin-care",
      "coffee",
      "shower-gel",
    ],
    durables: {
      "baby-gear": 0.6,
      dishwasher: 0.08,
      "washing-machine": 0.06,
      "small-appliances": 0.1,
      "camera-entry": 0.05,
      vacuum: 0.05,
    },
    ordersPerYear: 1.9,
    onlineShare: 0.35,
    dishwasherShare: 0.55,
  },
  {
    key: "family",
    weight: 0.17,
    age: [34, 56],
    regular: [
      ...STAPLES,
      "pasta",
      "tomato-sauce",
      "cereal",
      "juice",
      "soft-drinks",
      "meat",
      "chips",
      "detergent",
      "toothpaste",
      "shampoo",
    ],
    impulse: [
      "chocolate",
      "frozen-pizza",
      "toys",
      "grill-meat",
      "beer",
      "wine",
      "ready-meals",
      "cleaning",
      "trash-bags",
      "basics",
      "shoes",
      "coffee",
    ],
    durables: {
      dishwasher: 0.08,
      grill: 0.12,
      "washing-machine": 0.05,
      "coffee-machine": 0.05,
      "camera-entry": 0.05,
      "running-shoes": 0.1,
      "small-appliances": 0.1,
      bike: 0.1,
    },
    ordersPerYear: 1.7,
    onlineShare: 0.3,
    dishwasherShare: 0.7,
  },
  {
    key: "single",
    weight: 0.17,
    age: [24, 45],
    regular: [
      "bread",
      "coffee",
      "cheese",
      "ready-meals",
      "frozen-pizza",
      "pasta",
      "tomato-sauce",
      "beer",
      "chips",
      "shower-gel",
      "paper",
      "water",
    ],
    impulse: [
      "wine",
      "chocolate",
      "soft-drinks",
      "shampoo",
      "deodorant",
      "basics",
      "trousers",
      "shoes",
      "fish",
      "yogurt",
      "fruit",
    ],
    durables: {
      "coffee-machine": 0.07,
      audio: 0.12,
      "camera-entry": 0.05,
      "camera-pro": 0.02,
      "running-shoes": 0.08,
      "electric-toothbrush": 0.06,
      "small-appliances": 0.06,
    },
    ordersPerYear: 1.3,
    onlineShare: 0.45,
    dishwasherShare: 0.4,
  },
  {
    key: "student",
    weight: 0.09,
    age: [19, 27],
    regular: [
      "pasta",
      "tomato-sauce",
      "frozen-pizza",
      "ready-meals",
      "beer",
      "chips",
      "soft-drinks",
      "coffee",
      "bread",
      "paper",
    ],
    impulse: ["chocolate", "spirits", "grated-cheese", "rice", "deodorant", "shower-gel", "basics", "cereal"],
    durables: { audio: 0.1, "small-appliances": 0.05, "camera-entry": 0.03, bike: 0.08 },
    ordersPerYear: 1,
    onlineShare: 0.5,
    dishwasherShare: 0.2,
  },
  {
    key: "senior",
    weight: 0.14,
    age: [65, 88],
    regular: [...STAPLES, "coffee", "tea", "meat", "vitamins", "juice", "spreads"],
    impulse: [
      "pain-relief",
      "cold-remedy",
      "chocolate",
      "flour-baking",
      "wine",
      "fish",
      "cleaning",
      "plants",
      "skin-care",
      "toothpaste",
    ],
    durables: {
      "health-devices": 0.15,
      "small-appliances": 0.08,
      vacuum: 0.05,
      "washing-machine": 0.04,
      "garden-tools": 0.06,
    },
    ordersPerYear: 2.2,
    onlineShare: 0.1,
    dishwasherShare: 0.5,
  },
  {
    key: "outdoor",
    weight: 0.1,
    age: [24, 55],
    regular: [
      "bread",
      "cheese",
      "fruit",
      "water",
      "sports-nutrition",
      "coffee",
      "pasta",
      "vegetables",
      "meat",
      "shower-gel",
    ],
    impulse: [
      "sport-socks",
      "hiking",
      "fitness",
      "bike",
      "rain-jacket",
      "winter-accessories",
      "beer",
      "chips",
      "ski",
      "batteries",
      "chocolate",
    ],
    durables: {
      "running-shoes": 0.35,
      hiking: 0.3,
      "camera-entry": 0.1,
      "camera-pro": 0.04,
      grill: 0.1,
      ski: 0.2,
    },
    ordersPerYear: 1.3,
    onlineShare: 0.4,
    dishwasherShare: 0.45,
  },
  {
    key: "foodie",
    weight: 0.1,
    age: [30, 65],
    regular: [
      "wine",
      "cheese",
      "grated-cheese",
      "pasta",
      "tomato-sauce",
      "oil-spices",
      "coffee",
      "vegetables",
      "fruit",
      "fish",
      "meat",
      "bread",
      "butter",
    ],
    impulse: ["spirits", "chocolate", "flour-baking", "rice", "plants", "cookware", "tea", "water", "beer"],
    durables: {
      "coffee-machine": 0.12,
      grill: 0.15,
      cookware: 0.2,
      "small-appliances": 0.08,
      dishwasher: 0.05,
    },
    ordersPerYear: 1.5,
    onlineShare: 0.25,
    dishwasherShare: 0.65,
  },
  {
    key: "tech",
    weight: 0.1,
    age: [22, 50],
    regular: [
      "coffee",
      "bread",
      "ready-meals",
      "frozen-pizza",
      "soft-drinks",
      "chips",
      "water",
      "beer",
      "batteries",
    ],
    impulse: ["memory-card", "audio", "camera-bag", "tripod", "basics", "shoes", "cheese", "pasta"],
    durables: {
      "camera-entry": 0.3,
      "camera-pro": 0.12,
      lenses: 0.2,
      tripod: 0.12,
      audio: 0.2,
      "coffee-machine": 0.05,
    },
    ordersPerYear: 1,
    onlineShare: 0.6,
    dishwasherShare: 0.4,
  },
];

const CUMULATIVE: readonly number[] = (() => {
  let sum = 0;
  return PERSONAS.map((p) => {
    sum += p.weight;
    return sum;
  });
})();

/** The persona for a uniform `u` in [0, 1). */
export function personaAt(u: number): Persona {
  const total = CUMULATIVE[CUMULATIVE.length - 1] as number;
  const index = CUMULATIVE.findIndex((c) => u * total < c);
  return PERSONAS[index === -1 ? PERSONAS.length - 1 : index] as Persona;
}
