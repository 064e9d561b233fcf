/**
 * A customer's life with the shop, planned up front: first contact and registration, how often
 * they order (gamma-distributed rates) and when they drop out (exponential lifetimes with
 * gamma-distributed dropout rates: Pareto/NBD, so CLV models have something to fit), durables
 * and up-sells, the winter jacket every 2–3 years (scenario 6), the basket shift (scenario 7),
 * surveys, contests and consent changes. Everything lands in the customer's event queue.
 */
import { CONTESTS, type ContestCampaign, SURVEYS, type SurveyCampaign } from "./campaigns.js";
import { addRegular, type Channel, type CustomerState } from "./customer-state.js";
import { DAY, nextInSeason, storeTime, webTime } from "./time.js";

const YEAR = 365.25 * DAY;
const MAX_TRIPS = 250;
/** Share of card holders who shop about weekly (their milk, bread and tabs show the short cycles). */
const WEEKLY_SHARE = 0.012;
/** Share of family-with-baby card holders whose baskets later shift to alcohol and ready meals (scenario 7). */
const SHIFT_SHARE = 0.06;
const WINTER = [10, 11, 12, 1, 2];
const SUMMER = [4, 5, 6, 7, 8];
const SURVEY_TIMES = SURVEYS.map((survey) => Date.parse(survey.date));
const CONTEST_TIMES = CONTESTS.map((contest) => Date.parse(contest.date));
const SEASONAL: Readonly<Record<string, readonly number[]>> = {
  grill: SUMMER,
  ski: WINTER,
  "garden-tools": SUMMER,
};

/** Plans the customer's history from `firstContact` on. */
export function planCustomer(s: CustomerState, firstContact: number): void {
  const { rng, profile, run } = s;
  const registeredAt = planRegistration(s, firstContact);
  if (registeredAt > run.end) return;
  if (rng.chance(profile.persona.dishwasherShare)) {
    addRegular(s, "dish-tabs");
    addRegular(s, "rinse-aid");
  }
  if (rng.chance(0.2)) addRegular(s, "pet-food");
  const { rate, aliveUntil } = planRhythm(s, registeredAt);
  const firstOrderChance = profile.webFirst ? 0.45 : 0.85;
  if (rng.chance(firstOrderChance)) {
    const channel: Channel = profile.webFirst ? "online" : "store";
    const at = registeredAt + rng.int(2, 30) * 60_000;
    s.queue.push({ t: at, kind: "trip", channel, forced: [] });
  }
  const span = aliveUntil - registeredAt;
  const trips = Math.min(MAX_TRIPS, rng.poisson(rate * span));
  for (let i = 0; i < trips; i++) trip(s, registeredAt + rng.next() * span, registeredAt, pickChannel(s), []);
  planDurables(s, registeredAt, aliveUntil);
  planJacket(s, registeredAt, aliveUntil);
  planEngagement(s, registeredAt, aliveUntil);
}

/**
 * Pareto/NBD: order rate λ ~ Gamma, lifetime ~ Exp(μ) with μ ~ Gamma; plus a few weekly
 * regulars, and the scenario-7 customers, who stay long enough for their baskets to change.
 */
function planRhythm(s: CustomerState, registeredAt: number): { rate: number; aliveUntil: number } {
  const { rng, profile, run } = s;
  s.weekly = profile.cardId !== undefined && rng.chance(WEEKLY_SHARE);
  const rate = s.weekly
    ? rng.between(40, 60) / YEAR
    : (profile.persona.ordersPerYear * rng.gamma(0.6, 1 / 0.6)) / YEAR;
  const dropout = rng.gamma(1.5, 0.45 / 1.5) * (s.weekly ? 0.2 : 1);
  const aliveUntil = Math.min(run.end, registeredAt + rng.exponential(1 / dropout) * YEAR);
  const shifts =
    profile.persona.key === "family-baby" &&
    profile.cardId !== undefined &&
    run.end - registeredAt > 240 * DAY &&
    rng.chance(SHIFT_SHARE);
  if (!shifts) return { rate, aliveUntil };
  s.shiftAt = registeredAt + (run.end - registeredAt) * rng.between(0.35, 0.55);
  return { rate: Math.max(rate, 26 / YEAR), aliveUntil: run.end };
}

function planRegistration(s: CustomerState, firstContact: number): number {
  const { rng, profile } = s;
  if (!profile.webFirst) {
    const at = storeTime(rng, firstContact);
    s.queue.push({ t: at, kind: "register" });
    return at;
  }
  let cursor = firstContact;
  let last = firstContact;
  const sessions = 1 + rng.poisson(0.2);
  for (let i = 0; i < sessions; i++) {
    last = Math.max(webTime(rng, cursor), last + 600_000);
    s.queue.push({ t: last, kind: "anon-session" });
    cursor = last + rng.exponential(4) * DAY;
  }
  const at = Math.max(webTime(rng, cursor), last + rng.int(5, 30) * 60_000);
  s.queue.push({ t: at, kind: "register" });
  return at;
}

function pickChannel(s: CustomerState): Channel {
  if (s.profile.cardId === undefined) return "online";
  return s.rng.chance(s.weekly ? 0.05 : s.profile.persona.onlineShare) ? "online" : "store";
}

/** Queues an order, snapped to opening hours (store) or waking hours (online) unless that falls before `from`. */
function trip(s: CustomerState, at: number, from: number, channel: Channel, forced: readonly string[]): void {
  const snapped = channel === "store" ? storeTime(s.rng, at) : webTime(s.rng, at);
  const t = snapped > from ? snapped : at;
  if (t <= s.run.end) s.queue.push({ t, kind: "trip", channel, forced });
}

/** A web time on the day of `at`, but never before `from`. */
function webAfter(s: CustomerState, at: number, from: number): number {
  const t = webTime(s.rng, at);
  return t > from ? t : from + s.rng.int(10, 120) * 60_000;
}

function planDurables(s: CustomerState, from: number, until: number): void {
  const { rng, profile } = s;
  const years = (until - from) / YEAR;
  for (const [key, p2y] of Object.entries(profile.persona.durables)) {
    if (!rng.chance(Math.min(0.95, (p2y * years) / 2))) continue;
    let at = from + rng.next() * (until - from);
    const season = SEASONAL[key];
    if (season !== undefined) at = nextInSeason(at, season);
    if (at > until) continue;
    const channel: Channel = profile.cardId === undefined || rng.chance(0.55) ? "online" : "store";
    if (rng.chance(0.5)) {
      const research = at - rng.between(1, 10) * DAY;
      if (research > from) s.queue.push({ t: webAfter(s, research, from), kind: "browse", focus: key });
    }
    trip(s, at, from, channel, [key]);
  }
}

/** Scenario 6: a winter jacket every 2–3 years, bought in season; some search first, then buy in store. */
function planJacket(s: CustomerState, from: number, until: number): void {
  const { rng, run } = s;
  const cycle = rng.between(730, 1095) * DAY;
  let due = run.start - rng.next() * cycle + cycle;
  while (due <= until) {
    const at = nextInSeason(Math.max(due, from + DAY), WINTER);
    if (at > until) return;
    // Most due jackets (60 %) are bought elsewhere.
    if (rng.chance(0.4)) {
      const searchAt = at - rng.between(3, 20) * DAY;
      if (s.profile.cardId !== undefined && searchAt > from && rng.chance(0.5)) {
        s.queue.push({ t: webAfter(s, searchAt, from), kind: "jacket-search" });
        s.queue.push({ t: storeTime(rng, at), kind: "jacket-visit" });
      } else {
        trip(s, at, from, pickChannel(s), ["winter-jacket"]);
      }
    }
    due = at + cycle;
  }
}

function planEngagement(s: CustomerState, from: number, until: number): void {
  const { rng, profile } = s;
  for (let i = 0; i < SURVEYS.length; i++) {
    const survey = SURVEYS[i] as SurveyCampaign;
    const sent = SURVEY_TIMES[i] as number;
    if (sent > from && sent <= until && profile.cardId !== undefined && rng.chance(0.3)) {
      s.queue.push({ t: webAfter(s, sent + rng.exponential(2) * DAY, from), kind: "survey", survey });
    }
  }
  for (let i = 0; i < CONTESTS.length; i++) {
    const contest = CONTESTS[i] as ContestCampaign;
    const opens = CONTEST_TIMES[i] as number;
    if (opens > from && opens <= until && rng.chance(0.06)) {
      s.queue.push({
        t: webAfter(s, opens + rng.next() * contest.days * DAY, from),
        kind: "contest",
        contest,
      });
    }
  }
  if (rng.chance(0.05))
    s.queue.push({ t: webAfter(s, from + rng.next() * (s.run.end - from), from), kind: "consent-change" });
  const browses = rng.poisson(((profile.webFirst || profile.hasApp ? 0.2 : 0.05) * (until - from)) / YEAR);
  for (let i = 0; i < browses; i++) {
    s.queue.push({
      t: webAfter(s, from + rng.next() * (until - from), from),
      kind: "browse",
      focus: undefined,
    });
  }
}
