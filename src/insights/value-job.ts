/**
 * The customer-value job: BG/NBD (Pareto/NBD where BG/NBD runs to a boundary and Pareto/NBD does
 * not) for the number of future purchases, Gamma-Gamma for their value, on weekly periods up to
 * now. Each person gets expected purchases and spend over the horizon, P(alive), churn risk,
 * discounted CLV and a value tier (quartiles of CLV).
 */
import type { Kysely } from "kysely";
import {
  bgNbdModel,
  type CustomerScore,
  DEFAULT_TIER_LABELS,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  type GammaGammaParams,
  type PurchaseModel,
  paretoNbdModel,
  periodDiscountRate,
  scoreCustomers,
  summariseTransactions,
  type Transaction,
  valueTiers,
} from "../analytics/clv/index.js";
import type { Database } from "../storage/index.js";
import { storePredictions } from "./predictions.js";
import type { StoredOrder } from "./stored-orders.js";

const DAY_MS = 86_400_000;

export interface ValueJobOptions {
  /** End of the observation period (ms); default now. */
  readonly now?: number | undefined;
  /** Forecast horizon in weeks; default 52. */
  readonly horizonWeeks?: number | undefined;
  /** Annual discount rate; default 0.1. */
  readonly annualDiscountRate?: number | undefined;
}

export interface PredictedValue {
  readonly model: PurchaseModel["name"];
  readonly horizonWeeks: number;
  readonly expectedPurchases: number;
  /** Expected value of one future order (Gamma-Gamma; the person's own mean without it). */
  readonly expectedOrderValue: number;
  readonly clv: number;
  readonly probabilityAlive: number;
  readonly churnRisk: number;
  readonly valueTier: string;
  readonly scoredAt: string;
}

export interface ValueJobSummary {
  readonly customers: number;
  readonly model: PurchaseModel["name"] | null;
  readonly params: Record<string, number> | null;
  readonly logLikelihood: number | null;
  readonly spendParams: GammaGammaParams | null;
  /** Parameters the optimiser ran to the edge of its search box (0 or ∞), per model. */
  readonly boundary: Readonly<Record<string, readonly string[]>>;
  readonly tierCutPoints: readonly number[];
  /** Why no model was fitted (too few customers or repeat purchases), when none was. */
  readonly skipped?: string;
}

export async function runValueJob(
  db: Kysely<Database>,
  workspaceId: string,
  orders: readonly StoredOrder[],
  options: ValueJobOptions = {},
  onProgress: (fraction: number) => void = () => {},
): Promise<ValueJobSummary> {
  const now = options.now ?? Date.now();
  const horizon = options.horizonWeeks ?? 52;
  const transactions: Transaction[] = orders
    .filter((o) => o.time <= now)
    .map((o) => ({ customerId: o.personId, day: Math.floor(o.time / DAY_MS), amount: o.revenue }));
  const summary = summariseTransactions(transactions, {
    calibrationEnd: Math.floor(now / DAY_MS),
    period: "week",
  });
  const skipped = (reason: string): ValueJobSummary => ({
    customers: summary.ok ? summary.customers.length : 0,
    model: null,
    params: null,
    logLikelihood: null,
    spendParams: null,
    boundary: {},
    tierCutPoints: [],
    skipped: reason,
  });
  if (!summary.ok) {
    await storePredictions(db, workspaceId, "value", new Map());
    return skipped(summary.issues.map((i) => i.message).join("; "));
  }
  const customers = summary.customers;
  const bg = fitBgNbd(customers);
  const boundary: Record<string, readonly string[]> = {};
  let model: PurchaseModel | undefined;
  let params: Record<string, number> | null = null;
  let logLikelihood: number | null = null;
  if (bg.ok) {
    boundary["bg-nbd"] = bg.atBoundary;
    model = bgNbdModel(bg.params);
    params = { ...bg.params };
    logLikelihood = bg.logLikelihood;
    if (bg.atBoundary.length > 0) {
      const pareto = fitParetoNbd(customers);
      if (pareto.ok) boundary["pareto-nbd"] = pareto.atBoundary;
      if (pareto.ok && pareto.atBoundary.length === 0) {
        model = paretoNbdModel(pareto.params);
        params = { ...pareto.params };
        logLikelihood = pareto.logLikelihood;
      }
    }
  }
  if (model === undefined) {
    await storePredictions(db, workspaceId, "value", new Map());
    return skipped(bg.ok ? "no model could be fitted" : bg.issues.map((i) => i.message).join("; "));
  }
  const gg = fitGammaGamma(customers);
  const spend = gg.ok ? gg.params : undefined;
  if (gg.ok) boundary["gamma-gamma"] = gg.atBoundary;
  const scored = scoreCustomers(model, spend, customers, {
    horizon,
    discountRate: periodDiscountRate(options.annualDiscountRate ?? 0.1, "week"),
  });
  if (!scored.ok) throw new Error(scored.issues.map((i) => i.message).join("; "));
  const tiers = valueTiers(scored.scores.map((s) => s.clv));
  const scoredAt = new Date(now).toISOString();
  const byPerson = new Map<string, PredictedValue>();
  scored.scores.forEach((score: CustomerScore, i) => {
    byPerson.set(score.customerId, {
      model: model.name,
      horizonWeeks: horizon,
      expectedPurchases: round(score.expectedTransactions, 4),
      expectedOrderValue: round(score.expectedSpend, 2),
      clv: round(score.clv, 2),
      probabilityAlive: round(score.probabilityAlive, 4),
      churnRisk: round(score.churnRisk, 4),
      valueTier: DEFAULT_TIER_LABELS[tiers.tiers[i]!] ?? "low",
      scoredAt,
    });
  });
  await storePredictions(db, workspaceId, "value", byPerson, onProgress);
  return {
    customers: customers.length,
    model: model.name,
    params,
    logLikelihood,
    spendParams: spend ?? null,
    boundary,
    tierCutPoints: tiers.cutPoints.map((c) => round(c, 2)),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
