/**
 * `kundenprofil demo [--customers N]`: a seeded, deterministic shop fed through the public ingest
 * path (the catalogue first, then every customer's messages). Running it twice stores nothing new.
 */
import { Command } from "commander";
import { demoCatalogue, demoSize, generateDemo } from "../../demo/index.js";
import type { CliBackend } from "../cli-backend.js";
import { connectCli } from "../connect.js";
import { sourceOption } from "../options.js";
import { emit, stdoutOutput } from "../output.js";
import { startProgress } from "../progress.js";

const BATCH = 1_000;

export interface DemoSummary {
  customers: number;
  seed: number;
  products: number;
  messages: number;
  stored: number;
  duplicates: number;
  rejected: number;
  seconds: number;
}

export function demoCommand(): Command {
  return new Command("demo")
    .description("generate a realistic demo shop (customers, orders, loyalty, surveys, …) and ingest it")
    .option("--customers <n>", "number of customers", "1000")
    .option("--seed <n>", "random seed (same seed, same data)", "42")
    .addOption(sourceOption("source to attribute the data to", "demo"))
    .option("--json", "print a JSON summary")
    .action(async (o: { customers: string; seed: string; source: string; json?: boolean }) => {
      const customers = Number(o.customers);
      const seed = Number(o.seed);
      if (!Number.isInteger(customers) || customers < 1)
        throw new Error("--customers must be a positive integer");
      if (!Number.isInteger(seed)) throw new Error("--seed must be an integer");
      const backend = await connectCli();
      try {
        const summary = await runDemo(backend, { customers, seed, source: o.source, progress: !o.json });
        emit(
          stdoutOutput(Boolean(o.json)),
          summary,
          () =>
            `Demo shop: ${summary.customers} customers, ${summary.products} products, ${summary.messages} messages ` +
            `(${summary.stored} stored, ${summary.duplicates} already present, ${summary.rejected} rejected) in ${summary.seconds.toFixed(1)} s.`,
        );
        if (summary.rejected > 0) process.exitCode = 1;
      } finally {
        await backend.close();
      }
    });
}

export async function runDemo(
  backend: CliBackend,
  options: { customers: number; seed: number; source: string; progress?: boolean },
): Promise<DemoSummary> {
  const started = Date.now();
  const catalogue = demoCatalogue();
  const summary: DemoSummary = {
    customers: options.customers,
    seed: options.seed,
    products: 0,
    messages: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    seconds: 0,
  };
  summary.products = await backend.upsertProducts(catalogue);
  const demo = { customers: options.customers, seed: options.seed };
  const progress = startProgress(
    demoSize(demo).approxMessages,
    "messages",
    options.progress !== false && process.stderr.isTTY === true,
  );
  let batch: unknown[] = [];
  const flush = async () => {
    const results = await backend.ingest(options.source, batch);
    batch = [];
    for (const r of results)
      summary[r.status === "stored" ? "stored" : r.status === "duplicate" ? "duplicates" : "rejected"]++;
    progress.update(summary.messages);
  };
  for (const message of generateDemo(demo)) {
    batch.push(message);
    summary.messages++;
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  progress.stop();
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
