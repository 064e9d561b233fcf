/**
 * Where the demo customers live and shop: cities in Germany, Switzerland and Austria with
 * postcodes, coordinates and the shop's stores there. Store coordinates sit a few hundred metres
 * from the city centre; ids are stable (`store-bern-1`).
 */

/** The shop's three markets. */
export type Country = "DE" | "CH" | "AT";

/** One bricks-and-mortar store. */
export interface Store {
  readonly id: string;
  readonly city: string;
  readonly country: Country;
  readonly latitude: number;
  readonly longitude: number;
}

/** A city customers live in, with its stores. */
export interface City {
  readonly name: string;
  readonly country: Country;
  /** Relative share of the customer base. */
  readonly weight: number;
  readonly postcodes: readonly string[];
  readonly stores: readonly Store[];
}

type CityRow = readonly [
  name: string,
  slug: string,
  country: Country,
  weight: number,
  lat: number,
  lon: number,
  stores: number,
  postcodes: string,
];

const ROWS: readonly CityRow[] = [
  ["Berlin", "berlin", "DE", 14, 52.52, 13.405, 3, "10115 10437 10997 12043 13347 14057"],
  ["Hamburg", "hamburg", "DE", 9, 53.5511, 9.9937, 2, "20095 20251 22041 22765"],
  ["München", "muenchen", "DE", 8, 48.1374, 11.5755, 2, "80331 80469 80797 81369"],
  ["Köln", "koeln", "DE", 6, 50.9375, 6.9603, 2, "50667 50733 50937 51065"],
  ["Frankfurt am Main", "frankfurt", "DE", 5, 50.1109, 8.6821, 1, "60311 60385 60528"],
  ["Stuttgart", "stuttgart", "DE", 4, 48.7758, 9.1829, 1, "70173 70197 70372"],
  ["Düsseldorf", "duesseldorf", "DE", 4, 51.2277, 6.7735, 1, "40210 40474 40597"],
  ["Leipzig", "leipzig", "DE", 3, 51.3397, 12.3731, 1, "04103 04177 04275"],
  ["Dresden", "dresden", "DE", 3, 51.0504, 13.7373, 1, "01067 01099 01309"],
  ["Nürnberg", "nuernberg", "DE", 3, 49.4521, 11.0767, 1, "90402 90429 90478"],
  ["Hannover", "hannover", "DE", 3, 52.3759, 9.732, 1, "30159 30173 30451"],
  ["Freiburg im Breisgau", "freiburg", "DE", 2, 47.999, 7.8421, 1, "79098 79100 79117"],
  ["Zürich", "zuerich", "CH", 7, 47.3769, 8.5417, 3, "8001 8004 8037 8050 8057"],
  ["Bern", "bern", "CH", 4, 46.948, 7.4474, 2, "3011 3013 3014 3007 3027"],
  ["Basel", "basel", "CH", 3, 47.5596, 7.5886, 1, "4051 4056 4058"],
  ["Luzern", "luzern", "CH", 2, 47.0502, 8.3093, 1, "6003 6004 6005"],
  ["St. Gallen", "st-gallen", "CH", 2, 47.4245, 9.3767, 1, "9000 9008 9014"],
  ["Winterthur", "winterthur", "CH", 2, 47.4988, 8.7237, 1, "8400 8404 8408"],
  ["Wien", "wien", "AT", 10, 48.2082, 16.3738, 3, "1010 1030 1050 1070 1100 1160 1210"],
  ["Graz", "graz", "AT", 3, 47.0707, 15.4395, 1, "8010 8020 8042"],
  ["Linz", "linz", "AT", 2, 48.3069, 14.2858, 1, "4020 4040"],
  ["Salzburg", "salzburg", "AT", 2, 47.8095, 13.055, 1, "5020 5026"],
  ["Innsbruck", "innsbruck", "AT", 2, 47.2692, 11.4041, 1, "6020 6060"],
];

/** Offsets of a city's stores from its centre, in degrees (a few hundred metres to ~2 km). */
const STORE_OFFSETS: readonly (readonly [number, number])[] = [
  [0.0021, -0.0034],
  [-0.0123, 0.0187],
  [0.0158, 0.0095],
];

/** All cities, in a fixed order. */
export const CITIES: readonly City[] = ROWS.map(
  ([name, slug, country, weight, lat, lon, stores, postcodes]) => ({
    name,
    country,
    weight,
    postcodes: postcodes.split(" "),
    stores: STORE_OFFSETS.slice(0, stores).map(([dLat, dLon], k) => ({
      id: `store-${slug}-${k + 1}`,
      city: name,
      country,
      latitude: round6(lat + dLat),
      longitude: round6(lon + dLon),
    })),
  }),
);

/** Every store of the shop. */
export const STORES: readonly Store[] = CITIES.flatMap((c) => c.stores);

const CITY_CUMULATIVE: readonly number[] = (() => {
  let sum = 0;
  return CITIES.map((c) => {
    sum += c.weight;
    return sum;
  });
})();

/** Cumulative city weights for `Rng.cumulative`. */
export function cityCumulative(): readonly number[] {
  return CITY_CUMULATIVE;
}

/** Currency of orders placed by a customer from `country`. */
export function currencyOf(country: Country): "EUR" | "CHF" {
  return country === "CH" ? "CHF" : "EUR";
}

/** Standard and reduced VAT rates (2026). */
export function vatRates(country: Country): { standard: number; reduced: number } {
  if (country === "CH") return { standard: 0.081, reduced: 0.026 };
  if (country === "AT") return { standard: 0.2, reduced: 0.1 };
  return { standard: 0.19, reduced: 0.07 };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
