/**
 * Public surface of insights: the analytics jobs run on the stored data (basket rules, item
 * neighbours for recommendations, customer value, purchase timing), their stored results, and
 * recommendations per person at request time. The algorithms themselves are the pure ones in
 * `src/analytics/`; this context reads and writes storage around them.
 */
import type { Kysely } from "kysely";
import type { AuditLog } from "../audit/index.js";
import type { SensitivityPolicy } from "../privacy/index.js";
import type { Database } from "../storage/index.js";
import { createRunner, type Job } from "./analytics-runs.js";
import type { RuleLevel } from "./basket-job.js";
import { createModelCache } from "./model-cache.js";
import { type PersonRecommendations, recommendationsFor } from "./recommendations.js";
import {
  alsoBoughtWith,
  complementaryPairsOf,
  getRun,
  listRules,
  listRuns,
  placementOf,
  type RuleQuery,
} from "./results.js";

export { type AnalyticsRun, JOBS, type Job, type RunOptions } from "./analytics-runs.js";
export type { BasketJobOptions, RuleLevel } from "./basket-job.js";
export { InsightsError, type InsightsErrorCode } from "./insights-error.js";
export type { PersonRecommendations, RecommendedItem } from "./recommendations.js";
export type { RuleQuery, StoredRule } from "./results.js";
export type { CategoryTiming } from "./timing-job.js";
export type { PredictedValue } from "./value-job.js";

export interface InsightsDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly policy: SensitivityPolicy;
}

export function createInsights(deps: InsightsDeps) {
  const { db } = deps;
  const models = createModelCache(db, deps.policy);
  const runner = createRunner({ ...deps, onModelChange: (workspaceId) => models.invalidate(workspaceId) });
  return {
    run: runner.run,
    start: runner.start,
    settled: runner.settled,
    runs: (workspaceId: string, options: { job?: Job | undefined; limit: number }) =>
      listRuns(db, workspaceId, options),
    getRun: (workspaceId: string, id: string) => getRun(db, workspaceId, id),
    rules: (workspaceId: string, query: RuleQuery) => listRules(db, workspaceId, query),
    alsoBought: (workspaceId: string, level: RuleLevel, item: string, limit: number) =>
      alsoBoughtWith(db, workspaceId, level, item, limit),
    complementaryPairs: (
      workspaceId: string,
      level: RuleLevel,
      options: { minLift: number; limit: number },
    ) => complementaryPairsOf(db, workspaceId, level, options),
    placement: (
      workspaceId: string,
      level: RuleLevel,
      options: { minLift: number; minCount: number; limit: number },
    ) => placementOf(db, workspaceId, level, options),
    /**
     * Top-N for one person (a resolved person id), honouring consent, sensitivity and timing.
     * `onDecided` (e.g. the audit entry of the read) runs beside the scoring once it is known
     * whether the answer is personalised; the answer waits for it.
     */
    async recommendations(
      workspaceId: string,
      personId: string,
      options: { limit: number; now?: number; onDecided?: (personalised: boolean) => Promise<unknown> },
    ): Promise<PersonRecommendations> {
      const loaded = await models.get(workspaceId);
      return recommendationsFor(db, workspaceId, personId, loaded, {
        limit: options.limit,
        now: options.now ?? Date.now(),
        onDecided: options.onDecided,
      });
    },
  };
}

export type Insights = ReturnType<typeof createInsights>;
