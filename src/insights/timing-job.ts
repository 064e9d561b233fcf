/**
 * The purchase-timing job: per person and leaf category, the typical interval between purchases
 * (the person's own intervals shrunk toward the category's population), the predicted next
 * purchase and the date before which an offer for the category would come too early (scenario 6:
 * a winter jacket every 2–3 years means no jacket offers for about two years after buying one).
 */
import type { Kysely } from "kysely";
import { buildTimingModel, type CategoryPurchase, predictNextPurchase } from "../analytics/timing/index.js";
import type { Database } from "../storage/index.js";
import { storePredictions } from "./predictions.js";
import type { StoredOrder } from "./stored-orders.js";

export interface CategoryTiming {
  readonly lastPurchase: string;
  readonly purchases: number;
  readonly typicalIntervalDays: number;
  readonly predictedNext: string;
  readonly notDueBefore: string;
  readonly overdueAfter: string;
}

export interface TimingJobSummary {
  readonly customers: number;
  readonly categories: number;
  /** Categories with enough repeat buyers for a population estimate of their own. */
  readonly fittedCategories: number;
  readonly predictions: number;
}

/** The leaf category each item is filed under: the catalogue's, else the order line's. */
export type CategoryOf = (itemId: string, linePath: readonly string[]) => string | undefined;

export async function runTimingJob(
  db: Kysely<Database>,
  workspaceId: string,
  orders: readonly StoredOrder[],
  categoryOf: CategoryOf,
  onProgress: (fraction: number) => void = () => {},
): Promise<TimingJobSummary> {
  const purchases: CategoryPurchase[] = [];
  for (const order of orders)
    for (const category of new Set(order.lines.map((l) => categoryOf(l.itemId, l.categoryPath))))
      if (category !== undefined) purchases.push({ customerId: order.personId, category, time: order.time });
  const model = buildTimingModel(purchases);
  const byPerson = new Map<string, Record<string, CategoryTiming>>();
  let predictions = 0;
  for (const [personId, categories] of model.occasions) {
    const timing: Record<string, CategoryTiming> = {};
    for (const [category, occasions] of categories) {
      const result = predictNextPurchase(model, personId, category);
      if (!result.ok) continue;
      const p = result.prediction;
      timing[category] = {
        lastPurchase: iso(p.lastPurchase),
        purchases: occasions.length,
        typicalIntervalDays: Math.round(p.typicalIntervalDays * 10) / 10,
        predictedNext: iso(p.predictedNext),
        notDueBefore: iso(p.notDueBefore),
        overdueAfter: iso(p.overdueAfter),
      };
      predictions++;
    }
    if (Object.keys(timing).length > 0) byPerson.set(personId, timing);
  }
  await storePredictions(db, workspaceId, "timing", byPerson, onProgress);
  const categories = new Set(purchases.map((p) => p.category));
  return {
    customers: model.occasions.size,
    categories: categories.size,
    fittedCategories: model.populations.size,
    predictions,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
