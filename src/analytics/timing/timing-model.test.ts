import { describe, expect, it } from "vitest";
import { DAY_MS } from "./intervals.js";
import {
  buildTimingModel,
  isDue,
  lastPurchase,
  lastPurchasesByCategory,
  personIntervals,
  predictNextPurchase,
} from "./timing-model.js";
import type { CategoryPurchase } from "./types.js";

const YEAR_DAYS = 365.25;

/** Deterministic PRNG so the synthetic populations are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** People who buy `category` every `lo`–`hi` days (person-specific), with log-normal jitter. */
function population(
  category: string,
  people: number,
  lo: number,
  hi: number,
  occasions: number,
  seed: number,
): CategoryPurchase[] {
  const next = rng(seed);
  const out: CategoryPurchase[] = [];
  for (let p = 0; p < people; p++) {
    const typical = lo + (hi - lo) * next();
    let time = Date.UTC(2015, 0, 1) + next() * typical * DAY_MS;
    for (let o = 0; o < occasions; o++) {
      out.push({ customerId: `${category}-${p}`, category, time });
      const jitter = Math.exp(0.1 * (next() + next() + next() - 1.5) * 2);
      time += typical * jitter * DAY_MS;
    }
  }
  return out;
}

const today = Date.UTC(2025, 0, 15);
const jacketBuyer: CategoryPurchase[] = [
  { customerId: "anna", category: "winter-jackets", time: Date.UTC(2020, 10, 20) },
  { customerId: "anna", category: "winter-jackets", time: Date.UTC(2023, 0, 12) },
  { customerId: "anna", category: "winter-jackets", time: today },
];
const milkBuyer: CategoryPurchase[] = Array.from({ length: 12 }, (_, w) => ({
  customerId: "ben",
  category: "milk",
  time: today - (11 - w) * 7 * DAY_MS + (w % 3) * 3_600_000,
}));
const model = buildTimingModel([
  ...population("winter-jackets", 300, 2 * YEAR_DAYS, 3 * YEAR_DAYS, 3, 1),
  ...population("milk", 300, 4, 12, 10, 2),
  ...jacketBuyer,
  ...milkBuyer,
]);

describe("scenario 6: winter jacket and milk", () => {
  it("keeps jacket offers away for about two years after a purchase", () => {
    const r = predictNextPurchase(model, "anna", "winter-jackets");
    if (!r.ok) throw new Error(r.issue.code);
    const notDueYears = (r.prediction.notDueBefore - today) / DAY_MS / YEAR_DAYS;
    const predictedYears = (r.prediction.predictedNext - today) / DAY_MS / YEAR_DAYS;
    expect(notDueYears).toBeGreaterThan(1.5);
    expect(notDueYears).toBeLessThan(2.5);
    expect(predictedYears).toBeGreaterThan(1.9);
    expect(predictedYears).toBeLessThan(3);
    expect(isDue(model, "anna", "winter-jackets", today + 30 * DAY_MS)).toBe(false);
    expect(isDue(model, "anna", "winter-jackets", today + 365 * DAY_MS)).toBe(false);
    expect(isDue(model, "anna", "winter-jackets", today + 3 * 365 * DAY_MS)).toBe(true);
  });

  it("expects the weekly milk buyer back in about a week", () => {
    const r = predictNextPurchase(model, "ben", "milk");
    if (!r.ok) throw new Error(r.issue.code);
    expect(r.prediction.typicalIntervalDays).toBeGreaterThan(6);
    expect(r.prediction.typicalIntervalDays).toBeLessThan(8);
    expect(isDue(model, "ben", "milk", today + 2 * DAY_MS)).toBe(false);
    expect(isDue(model, "ben", "milk", today + 7 * DAY_MS)).toBe(true);
  });
});

describe("per person and category", () => {
  it("lists intervals and last purchases", () => {
    expect(personIntervals(model, "anna", "winter-jackets").map(Math.round)).toEqual([783, 734]);
    expect(lastPurchase(model, "anna", "winter-jackets")).toBe(today);
    expect(lastPurchase(model, "anna", "milk")).toBeUndefined();
    expect([...lastPurchasesByCategory(model, "ben").keys()]).toEqual(["milk"]);
  });

  it("merges purchases within a day into one occasion", () => {
    const m = buildTimingModel([
      { customerId: "c", category: "x", time: 0 },
      { customerId: "c", category: "x", time: 3_600_000 },
      { customerId: "c", category: "x", time: 10 * DAY_MS },
    ]);
    expect(personIntervals(m, "c", "x")).toEqual([10]);
  });

  it("falls back to the population for a first-time buyer", () => {
    const m = buildTimingModel([
      ...population("milk", 50, 6, 8, 5, 3),
      { customerId: "new", category: "milk", time: today },
    ]);
    const r = predictNextPurchase(m, "new", "milk");
    expect(r.ok && r.prediction.ownWeight).toBe(0);
    expect(r.ok && r.prediction.typicalIntervalDays).toBeGreaterThan(6);
  });

  it("answers with an issue when there is nothing to predict from", () => {
    const m = buildTimingModel([{ customerId: "c", category: "sofa", time: today }]);
    expect(predictNextPurchase(m, "c", "sofa")).toMatchObject({
      ok: false,
      issue: { code: "no_interval_data" },
    });
    expect(predictNextPurchase(m, "c", "milk")).toMatchObject({ ok: false, issue: { code: "no_purchase" } });
    expect(isDue(m, "c", "milk", today)).toBe(true);
  });
});
