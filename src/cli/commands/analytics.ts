/**
 * `kundenprofil analytics run|runs|rules`: the analytics jobs on the stored data (the server also
 * runs them on a schedule), their history, and the association rules of the last basket run.
 * `analyze` is the other half: the same algorithms on any file.
 */
import { Argument, Command, Option } from "commander";
import { type AnalyticsRun, JOBS, type Job } from "../../insights/index.js";
import { connectCli } from "../connect.js";
import { limitOption } from "../options.js";
import { emit, stdoutOutput, table } from "../output.js";
import { startProgress } from "../progress.js";

export function analyticsCommand(): Command {
  const analytics = new Command("analytics").description(
    "analytics on the stored data: basket rules, recommendations, customer value, purchase timing",
  );

  analytics
    .command("run")
    .description("run the jobs (all when none is named) and store their results")
    .addArgument(new Argument("[jobs...]", "which jobs").choices(JOBS))
    .option("--json", "print JSON")
    .action(async (named: Job[], o: { json?: boolean }) => {
      const jobs = named.length === 0 ? [...JOBS] : named;
      const backend = await connectCli();
      const stages = ["orders", ...jobs];
      const progress = startProgress(
        stages.length * 100,
        "% of stages",
        !o.json && process.stderr.isTTY === true,
      );
      try {
        const runs = await backend.runAnalytics(jobs, (stage, fraction) => {
          const at = Math.max(0, stages.indexOf(stage));
          progress.update(Math.round(((at + fraction) / stages.length) * 100), { stage });
        });
        progress.stop();
        emit(stdoutOutput(Boolean(o.json)), { runs }, () => describeRuns(runs));
        if (runs.some((r) => r.status === "failed")) process.exitCode = 1;
      } finally {
        progress.stop();
        await backend.close();
      }
    });

  analytics
    .command("runs")
    .description("the latest runs, newest first")
    .addOption(limitOption(20))
    .option("--json", "print JSON")
    .action(async (o: { limit: number; json?: boolean }) => {
      const backend = await connectCli();
      try {
        const runs = await backend.analyticsRuns(o.limit);
        emit(stdoutOutput(Boolean(o.json)), { runs }, () =>
          runs.length === 0 ? "No analytics runs yet." : describeRuns(runs),
        );
      } finally {
        await backend.close();
      }
    });

  analytics
    .command("rules")
    .description("association rules of the last basket run, strongest lift first")
    .addOption(
      new Option("--level <level>", "products or categories")
        .choices(["product", "category"])
        .default("product"),
    )
    .option("--item <id>", "only rules with this product (or category) in the antecedent")
    .addOption(limitOption(20))
    .option("--json", "print JSON")
    .action(async (o: { level: "product" | "category"; item?: string; limit: number; json?: boolean }) => {
      const backend = await connectCli();
      try {
        const rules = await backend.rules({
          level: o.level,
          limit: o.limit,
          ...(o.item === undefined ? {} : { item: o.item }),
        });
        emit(stdoutOutput(Boolean(o.json)), { rules }, () =>
          rules.length === 0
            ? "No rules: run `kundenprofil analytics run basket` first."
            : table(
                rules.map((r) => ({
                  rule: `${r.antecedent.join(" + ")} => ${r.consequent}`,
                  support: r.support.toFixed(4),
                  confidence: r.confidence.toFixed(3),
                  lift: r.lift.toFixed(2),
                  count: r.count,
                })),
                ["rule", "support", "confidence", "lift", "count"],
              ),
        );
      } finally {
        await backend.close();
      }
    });
  return analytics;
}

function describeRuns(runs: readonly AnalyticsRun[]): string {
  return table(
    runs.map((r) => ({
      job: r.job,
      status: r.status,
      started: r.startedAt,
      seconds: jobSeconds(r),
      result: r.error ?? headline(r),
    })),
    ["job", "status", "started", "seconds", "result"],
  );
}

/**
 * The job's own time. The jobs of one run share its start and run one after another, so the
 * time from the start would add up each job's predecessors.
 */
function jobSeconds(run: AnalyticsRun): string {
  const own = (run.summary as { elapsedMs?: unknown }).elapsedMs;
  if (typeof own === "number") return (own / 1000).toFixed(1);
  return run.finishedAt === null
    ? ""
    : ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1);
}

/** The one figure per job a person scanning the list wants. */
function headline(run: AnalyticsRun): string {
  const s = run.summary as Record<string, unknown>;
  switch (run.job) {
    case "basket": {
      const rules = s.rules as { product?: number; category?: number } | undefined;
      return `${s.orders ?? 0} orders, ${rules?.product ?? 0} product and ${rules?.category ?? 0} category rules`;
    }
    case "recommendations":
      return `${s.products ?? 0} products, ${s.neighbourPairs ?? 0} neighbour pairs`;
    case "clv":
      return s.skipped !== undefined
        ? `skipped: ${String(s.skipped)}`
        : `${s.customers ?? 0} customers, ${String(s.model)}`;
    case "timing":
      return `${s.predictions ?? 0} predictions in ${s.categories ?? 0} categories`;
  }
}
