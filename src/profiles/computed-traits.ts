/**
 * The computed traits a profile shows, derived from the fold state: activity, orders and spend,
 * purchase rhythm, favourites, usual weekday and hour, loyalty, attitudes, complaints, plus the
 * user-defined traits. Traits that depend on the current time (recency, RFM scores) are added
 * when read; the rest is stored so lists can filter and sort on it.
 */
import { type ConsentView, consentView } from "./consent-fold.js";
import { type CustomTraitDefinition, evaluateCustomTrait } from "./custom-traits.js";
import { type ProfileState, round2 } from "./profile-state.js";
import { effectiveTraits, type TraitSource } from "./traits.js";

export const WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const DAY = 86_400_000;

export interface ComputedTraits {
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  orderCount: number;
  cancelledOrderCount: number;
  revenue: number;
  averageOrderValue: number | null;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  /** Mean days between orders; null below two orders. */
  purchaseIntervalDays: number | null;
  favouriteCategory: string | null;
  favouriteStore: string | null;
  favouriteChannel: string | null;
  usualWeekday: string | null;
  usualHour: number | null;
  lastPurchaseByCategory: Record<string, string>;
  loyaltyPoints: number;
  latestNps: number | null;
  latestSatisfaction: number | null;
  satisfactionByProductLine: Record<string, number>;
  openComplaints: number;
  reviewCount: number;
  averageRating: number | null;
  lastSearch: string | null;
  custom: Record<string, unknown>;
  consent: ConsentView;
}

export interface DerivedProfile {
  traits: Record<string, unknown>;
  traitSources: Record<string, TraitSource>;
  computed: ComputedTraits;
  birthDate: string | null;
  /** When a windowed custom trait next changes with no new event. */
  validUntil: number | undefined;
}

export function deriveProfile(
  state: ProfileState,
  defs: readonly CustomTraitDefinition[],
  now: number,
): DerivedProfile {
  const { traits, sources } = effectiveTraits(state.traits);
  let orderCount = 0;
  let cancelled = 0;
  let revenue = 0;
  let firstOrder = Number.POSITIVE_INFINITY;
  let lastOrder = Number.NEGATIVE_INFINITY;
  for (const order of Object.values(state.orders)) {
    if (order.c === undefined) continue;
    if (order.x === 1) {
      cancelled++;
      continue;
    }
    orderCount++;
    revenue += order.c[2] - (order.r ?? 0);
    firstOrder = Math.min(firstOrder, order.c[0]);
    lastOrder = Math.max(lastOrder, order.c[0]);
  }
  revenue = round2(revenue);
  const custom: Record<string, unknown> = {};
  let validUntil: number | undefined;
  for (const def of defs) {
    const { value, changesAt } = evaluateCustomTrait(def, state.custom[def.name], now);
    custom[def.name] = value;
    if (changesAt !== undefined)
      validUntil = validUntil === undefined ? changesAt : Math.min(validUntil, changesAt);
  }
  const open = Object.values(state.complaints).filter(
    ([, , status]) => status === "open" || status === "in_progress",
  );
  const computed: ComputedTraits = {
    firstSeen: iso(state.first),
    lastSeen: iso(state.last),
    eventCount: state.n,
    orderCount,
    cancelledOrderCount: cancelled,
    revenue,
    averageOrderValue: orderCount === 0 ? null : round2(revenue / orderCount),
    firstOrderAt: orderCount === 0 ? null : iso(firstOrder),
    lastOrderAt: orderCount === 0 ? null : iso(lastOrder),
    purchaseIntervalDays: orderCount < 2 ? null : round2((lastOrder - firstOrder) / DAY / (orderCount - 1)),
    favouriteCategory: argmax(state.cat),
    favouriteStore: argmax(state.store),
    favouriteChannel: argmax(state.chan),
    usualWeekday: argmaxIndex(state.wd, WEEKDAY_NAMES),
    usualHour: argmaxHour(state.hr),
    lastPurchaseByCategory: Object.fromEntries(Object.entries(state.catLast).map(([c, t]) => [c, iso(t)])),
    loyaltyPoints: state.points,
    latestNps: state.nps?.[2] ?? null,
    latestSatisfaction: state.sat?.[2] ?? null,
    satisfactionByProductLine: Object.fromEntries(Object.entries(state.satLine).map(([l, v]) => [l, v[2]])),
    openComplaints: open.length,
    reviewCount: state.reviews[0],
    averageRating: state.reviews[0] === 0 ? null : round2(state.reviews[1] / state.reviews[0]),
    lastSearch: state.search?.[2] ?? null,
    custom,
    consent: consentView(state.consent),
  };
  return { traits, traitSources: sources, computed, birthDate: birthDateOf(traits, now), validUntil };
}

/** Demographics from the traits, in the names Segment's spec and German forms use. */
export function demographicsOf(traits: Record<string, unknown>, birthDate: string | null, now: number) {
  const address = (
    typeof traits.address === "object" && traits.address !== null ? traits.address : {}
  ) as Record<string, unknown>;
  const pick = (...values: unknown[]) => values.find((v) => typeof v === "string" && v !== "") ?? null;
  return {
    birthDate,
    age: birthDate === null ? plausibleAge(traits.age) : ageAt(birthDate, now),
    gender: pick(traits.gender),
    incomeBand: pick(traits.incomeBand, traits.income_band, traits.income),
    education: pick(traits.education),
    occupation: pick(traits.occupation, traits.title, traits.jobTitle),
    city: pick(address.city, traits.city),
    postcode: pick(address.postalCode, address.postcode, traits.postalCode, traits.postcode, traits.zip),
    country: pick(address.country, traits.country),
  };
}

/**
 * The birth date behind age and the age filters. One before 1900 is a typo (0099 for 1999), not
 * a customer aged 127 or more, and one after today is a typo too (2099 for 1999), not a customer
 * of age −73; either stays a trait but gives no age. (PGlite would also read a year below 100 back
 * from the column as 19xx.)
 */
function birthDateOf(traits: Record<string, unknown>, now: number): string | null {
  for (const name of ["birthday", "birthDate", "birth_date", "dateOfBirth"]) {
    const value = traits[name];
    if (typeof value !== "string") continue;
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (match === null || Number(match[1]) < 1900) continue;
    const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
    if (date.getTime() <= now && date.toISOString().startsWith(match[0])) return match[0];
  }
  return null;
}

/** An `age` trait sent without a birth date, when it is a whole number a person can be. */
function plausibleAge(age: unknown): number | null {
  return typeof age === "number" && Number.isInteger(age) && age >= 0 && age <= 130 ? age : null;
}

export function ageAt(birthDate: string, now: number): number {
  const today = new Date(now);
  const [y, m, d] = birthDate.split("-").map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return age;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function argmax(counts: Record<string, number>): string | null {
  let best: string | null = null;
  let bestN = 0;
  for (const [key, n] of Object.entries(counts))
    if (n > bestN || (n === bestN && best !== null && key < best)) {
      best = key;
      bestN = n;
    }
  return best;
}

function argmaxIndex(counts: readonly number[], names: readonly string[]): string | null {
  let best = -1;
  counts.forEach((n, i) => {
    if (n > 0 && (best < 0 || n > (counts[best] as number))) best = i;
  });
  return best < 0 ? null : (names[best] as string);
}

function argmaxHour(counts: readonly number[]): number | null {
  let best = -1;
  counts.forEach((n, i) => {
    if (n > 0 && (best < 0 || n > (counts[best] as number))) best = i;
  });
  return best < 0 ? null : best;
}
