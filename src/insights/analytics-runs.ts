/**
 * Runs the analytics jobs on the stored data: the orders are read once, then each job runs in turn
 * and leaves a row in `analytics_runs` (status, timings, summary, error). One run at a time per
 * process; a run started over HTTP goes on in the background and is polled by its ids.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { AuditLog } from "../audit/index.js";
import type { SensitivityPolicy } from "../privacy/index.js";
import type { Database } from "../storage/index.js";
import { type BasketJobOptions, type CategoryPathOf, runBasketJob } from "./basket-job.js";
import { InsightsError } from "./insights-error.js";
import { runRecommendJob } from "./recommend-job.js";
import { startHeartbeat } from "./run-heartbeat.js";
import { loadCatalogue } from "./shop-catalogue.js";
import { scanOrders } from "./stored-orders.js";
import { runTimingJob } from "./timing-job.js";
import { runValueJob, type ValueJobOptions } from "./value-job.js";

export const JOBS = ["basket", "recommendations", "clv", "timing"] as const;
export type Job = (typeof JOBS)[number];

export interface AnalyticsRun {
  id: string;
  job: Job;
  status: "running" | "done" | "failed";
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  summary: Record<string, unknown>;
  error: string | null;
}

export interface RunOptions {
  readonly actor: string;
  readonly basket?: BasketJobOptions;
  readonly clv?: Omit<ValueJobOptions, "now">;
  /** The end of the observation period for CLV and timing; default now. */
  readonly now?: number;
  /** Progress: the stage ("orders" or a job) and its fraction done. */
  readonly onProgress?: (stage: string, fraction: number) => void;
}

export interface RunnerDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly policy: SensitivityPolicy;
  /** Called after every job that changes what the recommendation service serves. */
  readonly onModelChange: (workspaceId: string) => void;
}

export function createRunner(deps: RunnerDeps) {
  const { db } = deps;
  let busy = false;
  let background: Promise<void> = Promise.resolve();

  async function execute(workspaceId: string, runs: AnalyticsRun[], options: RunOptions): Promise<void> {
    const progress = options.onProgress ?? (() => {});
    const stopHeartbeat = startHeartbeat(
      db,
      workspaceId,
      runs.map((r) => r.id),
    );
    try {
      const scan = await scanOrders(db, workspaceId, (f) => progress("orders", f));
      const catalogue = await loadCatalogue(db, workspaceId, deps.policy);
      const paths = new Map(catalogue.map((item) => [item.id, item.categoryPath] as const));
      const pathOf: CategoryPathOf = (itemId, linePath) => paths.get(itemId) ?? linePath;
      for (const run of runs) {
        const started = Date.now();
        try {
          const onJob = (f: number) => progress(run.job, f);
          const jobs: Record<Job, () => Promise<object>> = {
            basket: () => runBasketJob(db, workspaceId, scan.orders, pathOf, options.basket),
            recommendations: () => runRecommendJob(db, workspaceId, scan.orders),
            clv: () =>
              runValueJob(db, workspaceId, scan.orders, { ...options.clv, ...nowOf(options) }, onJob),
            timing: () =>
              runTimingJob(
                db,
                workspaceId,
                scan.orders,
                (id, linePath) => pathOf(id, linePath).at(-1),
                onJob,
              ),
          };
          const summary = await jobs[run.job]();
          onJob(1);
          await finish(workspaceId, run, "done", {
            ...summary,
            personsLeftOut: scan.personsLeftOut,
            elapsedMs: Date.now() - started,
          });
          if (run.job === "basket" || run.job === "recommendations") deps.onModelChange(workspaceId);
        } catch (error) {
          await finish(workspaceId, run, "failed", { elapsedMs: Date.now() - started }, String(error));
        }
      }
    } catch (error) {
      for (const run of runs)
        if (run.status === "running") await finish(workspaceId, run, "failed", {}, String(error));
    } finally {
      stopHeartbeat();
    }
  }

  async function finish(
    workspaceId: string,
    run: AnalyticsRun,
    status: "done" | "failed",
    summary: Record<string, unknown>,
    error: string | null = null,
  ): Promise<void> {
    Object.assign(run, { status, summary, error, finishedAt: new Date().toISOString() });
    await db
      .updateTable("analytics_runs")
      .set({ status, summary: JSON.stringify(summary), error, finished_at: run.finishedAt })
      .where("workspace_id", "=", workspaceId)
      .where("id", "=", run.id)
      .execute();
    await deps.audit.record(workspaceId, {
      actor: run.actor,
      action: `analytics.${status === "done" ? "run" : "failed"}`,
      subject: null,
      details: { job: run.job, run: run.id },
    });
  }

  async function begin(workspaceId: string, jobs: readonly Job[], actor: string): Promise<AnalyticsRun[]> {
    if (busy) throw new InsightsError("analytics_run_in_progress", "an analytics run is already in progress");
    busy = true;
    try {
      const startedAt = new Date().toISOString();
      const runs: AnalyticsRun[] = [...new Set(jobs)].map((job) => ({
        id: randomUUID(),
        job,
        status: "running",
        actor,
        startedAt,
        finishedAt: null,
        summary: {},
        error: null,
      }));
      await db
        .insertInto("analytics_runs")
        .values(
          runs.map((r) => ({
            workspace_id: workspaceId,
            id: r.id,
            job: r.job,
            status: r.status,
            actor,
            started_at: startedAt,
            // The database clock, which the quiet-limit check compares against.
            heartbeat_at: sql<Date>`now()`,
            summary: "{}",
          })),
        )
        .execute();
      return runs;
    } catch (error) {
      busy = false;
      throw error;
    }
  }

  return {
    /** Runs the jobs and resolves when all are done (CLI, scheduler, tests). */
    async run(workspaceId: string, jobs: readonly Job[], options: RunOptions): Promise<AnalyticsRun[]> {
      const runs = await begin(workspaceId, jobs, options.actor);
      try {
        await execute(workspaceId, runs, options);
      } finally {
        busy = false;
      }
      return runs;
    },

    /** Starts the jobs and returns their runs at once; they finish in the background. */
    async start(workspaceId: string, jobs: readonly Job[], options: RunOptions): Promise<AnalyticsRun[]> {
      const runs = await begin(workspaceId, jobs, options.actor);
      background = execute(workspaceId, runs, options).finally(() => {
        busy = false;
      });
      return runs.map((r) => ({ ...r }));
    },

    /** Resolves when the run started in the background (if any) has finished. */
    settled(): Promise<void> {
      return background;
    },
  };
}

function nowOf(options: RunOptions): { now?: number } {
  return options.now === undefined ? {} : { now: options.now };
}
