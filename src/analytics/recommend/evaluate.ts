/**
 * Offline evaluation with a temporal split. Protocol:
 * 1. Lines before `splitTime` train every recommender; lines from `splitTime` on (up to
 *    `testEndTime` when given) are the test period. An end makes backtest folds: e.g. train before
 *    June, test June–August, as a check of the recommenders away from one particular season.
 * 2. A customer is evaluated when they have lines in both periods and at least one target item.
 * 3. Targets are the distinct items the customer bought in the test period, minus items already
 *    bought before the split unless replenishable (recommenders do not offer owned items either).
 *    Replenishable means tagged so in the catalogue, and with `replenishable: "repeat-purchases"`
 *    also bought on two or more days by enough of its buyers in the training period (learnt from
 *    the training data only, see `repeatPurchaseItems`).
 * 4. Each recommender gets the customer's training history (now = split) and returns its top k;
 *    hit rate, precision, recall and NDCG at k are averaged over evaluated customers.
 */
import { replenishableItems } from "./catalogue.js";
import { defaultRecommenders, type NamedRecommender } from "./evaluation-recommenders.js";
import { rankingMetrics } from "./ranking-metrics.js";
import { repeatPurchaseItems } from "./repeat-purchases.js";
import type { CatalogItem, Purchase } from "./types.js";

/** Options of {@link evaluateRecommenders}. */
export interface EvaluationOptions {
  /** Epoch ms; lines at or after it are the test period. */
  readonly splitTime: number;
  /** Epoch ms; lines at or after it are left out of the test period. Default: none, all later lines. */
  readonly testEndTime?: number;
  /** Default 10. */
  readonly k?: number;
  readonly catalogue?: readonly CatalogItem[];
  /** Default {@link defaultRecommenders}. */
  readonly recommenders?: readonly NamedRecommender[];
  /** What counts as replenishable (see the protocol); default `catalogue`. */
  readonly replenishable?: "catalogue" | "repeat-purchases";
}

/** Averages of one recommender, plus its build time and per-person latency. */
export interface RecommenderScore {
  readonly name: string;
  readonly hitRate: number;
  readonly precision: number;
  readonly recall: number;
  readonly ndcg: number;
  readonly buildMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** The protocol in one line, carried in every report. */
export const EVALUATION_PROTOCOL =
  "temporal split; targets: distinct items bought on/after the split and not before (unless replenishable); owned items are recommended again only when replenishable";

/** The evaluation's result. */
export interface EvaluationReport {
  readonly protocol: string;
  readonly replenishable: "catalogue" | "repeat-purchases";
  /** Items counted as replenishable. */
  readonly replenishableItems: number;
  readonly splitTime: number;
  /** The test period's exclusive end, or null when it runs to the end of the data. */
  readonly testEndTime: number | null;
  readonly k: number;
  readonly trainLines: number;
  readonly testLines: number;
  readonly customersEvaluated: number;
  readonly meanTargets: number;
  readonly results: readonly RecommenderScore[];
}

interface Case {
  readonly history: readonly Purchase[];
  readonly exclude: ReadonlySet<string>;
  readonly targets: ReadonlySet<string>;
}

function groupByCustomer(purchases: readonly Purchase[]): Map<string, Purchase[]> {
  const out = new Map<string, Purchase[]>();
  for (const p of purchases) {
    let list = out.get(p.customerId);
    if (!list) {
      list = [];
      out.set(p.customerId, list);
    }
    list.push(p);
  }
  return out;
}

function buildCases(
  train: readonly Purchase[],
  test: readonly Purchase[],
  replenishable: ReadonlySet<string>,
): Case[] {
  const trainBy = groupByCustomer(train);
  const cases: Case[] = [];
  for (const [customerId, later] of groupByCustomer(test)) {
    const history = trainBy.get(customerId);
    if (!history) continue;
    const exclude = new Set(history.map((p) => p.itemId).filter((item) => !replenishable.has(item)));
    const targets = new Set(later.map((p) => p.itemId).filter((item) => !exclude.has(item)));
    if (targets.size > 0) cases.push({ history, exclude, targets });
  }
  return cases;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function score(
  recommender: NamedRecommender,
  train: readonly Purchase[],
  cases: readonly Case[],
  o: { splitTime: number; k: number; catalogue: readonly CatalogItem[] },
  replenishable: ReadonlySet<string>,
): RecommenderScore {
  const started = performance.now();
  const recommend = recommender.build(train, o.catalogue, replenishable);
  const buildMs = performance.now() - started;
  const sums = { hit: 0, precision: 0, recall: 0, ndcg: 0 };
  const latencies: number[] = [];
  for (const c of cases) {
    const t0 = performance.now();
    const ranked = recommend(c.history, c.exclude, o.k, o.splitTime);
    latencies.push(performance.now() - t0);
    const m = rankingMetrics(ranked, c.targets, o.k);
    sums.hit += m.hit;
    sums.precision += m.precision;
    sums.recall += m.recall;
    sums.ndcg += m.ndcg;
  }
  latencies.sort((a, b) => a - b);
  const n = Math.max(1, cases.length);
  return {
    name: recommender.name,
    hitRate: sums.hit / n,
    precision: sums.precision / n,
    recall: sums.recall / n,
    ndcg: sums.ndcg / n,
    buildMs,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

/** Step 1 of the protocol: the lines before the split, and those from it up to the test period's end. */
export function temporalSplit(
  purchases: readonly Purchase[],
  splitTime: number,
  testEndTime = Number.POSITIVE_INFINITY,
): { train: Purchase[]; test: Purchase[] } {
  return {
    train: purchases.filter((p) => p.time < splitTime),
    test: purchases.filter((p) => p.time >= splitTime && p.time < testEndTime),
  };
}

/**
 * Runs the temporal-split protocol (see the module header) for each recommender.
 *
 * @example
 * const report = evaluateRecommenders(purchases, { splitTime: Date.parse("2011-09-01T00:00:00Z"), k: 10 });
 */
export function evaluateRecommenders(
  purchases: readonly Purchase[],
  options: EvaluationOptions,
): EvaluationReport {
  const o = { splitTime: options.splitTime, k: options.k ?? 10, catalogue: options.catalogue ?? [] };
  const { train, test } = temporalSplit(purchases, o.splitTime, options.testEndTime);
  const mode = options.replenishable ?? "catalogue";
  const replenishable = new Set([
    ...replenishableItems(o.catalogue),
    ...(mode === "repeat-purchases" ? repeatPurchaseItems(train) : []),
  ]);
  const cases = buildCases(train, test, replenishable);
  const results = (options.recommenders ?? defaultRecommenders()).map((r) =>
    score(r, train, cases, o, replenishable),
  );
  const meanTargets = cases.reduce((sum, c) => sum + c.targets.size, 0) / Math.max(1, cases.length);
  return {
    protocol: EVALUATION_PROTOCOL,
    replenishable: mode,
    replenishableItems: replenishable.size,
    splitTime: o.splitTime,
    testEndTime: options.testEndTime ?? null,
    k: o.k,
    trainLines: train.length,
    testLines: test.length,
    customersEvaluated: cases.length,
    meanTargets,
    results,
  };
}
