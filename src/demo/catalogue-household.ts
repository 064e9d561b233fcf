/** Source data of the demo catalogue: Haushalt (dishwashing, laundry, cleaning, cookware) and Tierbedarf. Brands are invented. */
import type { GroupSpec } from "./group-spec.js";

const HOME = "Haushalt";

/** Household and pet groups. */
export const HOUSEHOLD_GROUPS: readonly GroupSpec[] = [
  {
    key: "dish-tabs",
    path: [HOME, "Spülen", "Spülmaschinentabs"],
    brands: ["Blitzblank", "Klarwerk", "Preisfuchs"],
    items: [
      "Spülmaschinentabs All-in-1 40 Stück",
      "Spülmaschinentabs Eco 30 Stück",
      "Spülmaschinentabs Classic 60 Stück",
      "Spülmaschinentabs Power 50 Stück",
    ],
    price: [3.99, 11.99],
    cycleDays: 30,
    queries: ["spülmaschinentabs", "tabs spülmaschine", "geschirrspültabs"],
  },
  {
    key: "rinse-aid",
    path: [HOME, "Spülen", "Klarspüler & Salz"],
    brands: ["Blitzblank", "Preisfuchs"],
    items: ["Klarspüler 500 ml", "Regeneriersalz 1,5 kg", "Maschinenpfleger 250 ml"],
    price: [1.49, 4.99],
    cycleDays: 60,
  },
  {
    key: "dish-soap",
    path: [HOME, "Spülen", "Handspülmittel"],
    brands: ["Blitzblank", "Preisfuchs"],
    items: ["Handspülmittel Zitrone 500 ml", "Handspülmittel Sensitiv 500 ml", "Schwammtücher 10 Stück"],
    price: [0.69, 2.49],
    cycleDays: 30,
  },
  {
    key: "detergent",
    path: [HOME, "Waschen", "Waschmittel"],
    brands: ["Blitzblank", "Klarwerk", "Preisfuchs"],
    items: [
      "Colorwaschmittel flüssig 20 WL",
      "Vollwaschmittel Pulver 40 WL",
      "Feinwaschmittel 1,5 l",
      "Weichspüler 1 l",
      "Waschmittel Caps 24 Stück",
    ],
    price: [1.49, 12.99],
    cycleDays: 30,
    queries: ["waschmittel"],
  },
  {
    key: "cleaning",
    path: [HOME, "Putzen", "Reinigungsmittel"],
    brands: ["Blitzblank", "Preisfuchs"],
    items: [
      "Allzweckreiniger 1 l",
      "Badreiniger 750 ml",
      "Glasreiniger 500 ml",
      "Entkalker 500 ml",
      "WC-Reiniger Gel 750 ml",
    ],
    price: [0.99, 4.99],
    cycleDays: 45,
    queries: ["entkalker"],
  },
  {
    key: "trash-bags",
    path: [HOME, "Putzen", "Müllbeutel & Folien"],
    brands: ["Preisfuchs", "Klarwerk"],
    items: [
      "Müllbeutel 35 l 30 Stück",
      "Frischhaltefolie 30 m",
      "Alufolie 30 m",
      "Gefrierbeutel 3 l 25 Stück",
    ],
    price: [0.99, 3.49],
    cycleDays: 45,
  },
  {
    key: "cookware",
    path: [HOME, "Kochen & Backen", "Kochgeschirr"],
    brands: ["Kronberg", "Küchenglück"],
    items: [
      "Bratpfanne 28 cm",
      "Topfset 4-teilig",
      "Kochmesser 20 cm",
      "Schneidebrett Holz",
      "Springform 26 cm",
    ],
    price: [12.99, 129.99],
    tags: ["durable"],
    queries: ["pfanne", "topfset"],
  },
  {
    key: "pet-food",
    path: ["Tierbedarf", "Futter", "Tierfutter"],
    brands: ["Schnurrli", "Bello", "Preisfuchs"],
    items: [
      "Katzenfutter nass 12 × 100 g",
      "Trockenfutter Hund 4 kg",
      "Katzenstreu 10 l",
      "Hundesnacks 150 g",
    ],
    price: [2.49, 16.99],
    cycleDays: 14,
    queries: ["katzenfutter", "hundefutter"],
  },
];
