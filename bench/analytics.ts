/**
 * bench:analytics — the analytics jobs on stored data and the recommendations API, on PostgreSQL.
 * Loads the demo shop for N customers (default 100,000, about 11 events each), rebuilds profiles,
 * runs the four jobs (time per job), then against the real server process measures
 * GET /v1/profiles/{id}/recommendations one request at a time (p50/p99, target p99 ≤ 20 ms), split
 * into personalised answers and bestseller answers (no consent), and under 8 concurrent clients.
 *
 *   npm run bench:analytics -- [--customers 100000] [--requests 3000] [--keep]
 *   npm run bench:analytics -- --database NAME --master-key BASE64   # a demo database kept by another bench
 *   … --skip-jobs   # measure the API on the results an earlier run stored (e.g. on a quieter machine)
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import pg from "pg";
import { createKey } from "../src/access/index.js";
import { createCore } from "../src/core.js";
import { JOBS } from "../src/insights/index.js";
import { openDatabase } from "../src/storage/index.js";
import { startServerProcess } from "../test/support/server-process.js";
import {
  benchOptions,
  countOption,
  databaseOption,
  type KeptDatabaseOptions,
  masterKeyOption,
} from "./support/bench-command.js";
import { loadDemoEvents, rebuildDemoProfiles } from "./support/demo-database.js";
import { percentile, timedGetter } from "./support/http-load.js";
import { adminQuery, PG_SERVER } from "./support/pg-admin.js";

const args = benchOptions<KeptDatabaseOptions & { customers: number; requests: number; skipJobs?: boolean }>(
  new Command("bench:analytics")
    .description("the analytics jobs on stored data and the recommendations API, on PostgreSQL")
    .addOption(countOption("--customers <n>", "demo customers to load", 100_000))
    .addOption(countOption("--requests <n>", "recommendation requests to time", 3_000))
    .option("--keep", "keep the database it created")
    .addOption(databaseOption("measure on a demo database kept by another bench instead of loading one"))
    .addOption(masterKeyOption())
    .option("--skip-jobs", "measure the API on the results an earlier run stored"),
);
const CUSTOMERS = args.customers;
const REQUESTS = args.requests;
const masterKey = args.masterKey ?? randomBytes(32);
const dbName = args.database ?? `kp_bench_analytics_${Date.now().toString(36)}`;
const url = new URL(PG_SERVER);
url.pathname = `/${dbName}`;
const dataDir = mkdtempSync(join(tmpdir(), "kp-bench-analytics-"));
const log = (line: string) => console.log(line);

const fresh = args.database === undefined;
if (fresh) await adminQuery(`create database ${dbName}`);
try {
  log(
    `bench:analytics — ${fresh ? `${CUSTOMERS.toLocaleString("en")} demo customers` : "an existing database"} on PostgreSQL (${dbName})`,
  );
  const loaded = fresh ? await loadDemoEvents(url.toString(), masterKey, CUSTOMERS, log) : null;
  const rebuilt = fresh ? await rebuildDemoProfiles(url.toString(), masterKey, log) : null;
  const jobs = args.skipJobs ? "stored results of an earlier run" : await runJobs();
  const api = await measureRecommendations();
  log("\nsummary (JSON):");
  log(JSON.stringify({ customers: CUSTOMERS, loaded, rebuilt, jobs, api }, null, 2));
} finally {
  if (!args.keep && fresh) await adminQuery(`drop database if exists ${dbName} with (force)`);
  rmSync(dataDir, { recursive: true, force: true });
}

async function runJobs() {
  const core = createCore(await openDatabase({ backend: "postgres", url: url.toString() }), { masterKey });
  try {
    const started = performance.now();
    let stage = "";
    const runs = await core.insights.run("default", JOBS, {
      actor: "bench",
      onProgress(next) {
        if (next === stage) return;
        stage = next;
        log(`  ${((performance.now() - started) / 1000).toFixed(1)} s: ${next}`);
      },
    });
    const total = (performance.now() - started) / 1000;
    const out: Record<string, unknown> = { totalSeconds: +total.toFixed(1) };
    for (const run of runs) {
      if (run.status !== "done") throw new Error(`${run.job} failed: ${run.error}`);
      out[run.job] = run.summary;
      log(
        `  ${run.job}: ${((run.summary.elapsedMs as number) / 1000).toFixed(1)} s ${JSON.stringify(run.summary)}`,
      );
    }
    log(`  all jobs, orders read once: ${total.toFixed(1)} s`);
    return out;
  } finally {
    await core.close();
  }
}

async function measureRecommendations() {
  const setup = await openDatabase({ backend: "postgres", url: url.toString() });
  const { key } = await createKey(setup.db, "default", { type: "admin", role: "admin" });
  await setup.close();
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const sample = await client.query<{ id: string }>(
    `select id from profiles tablesample system (10) where order_count > 0 limit ${REQUESTS}`,
  );
  await client.end();
  const ids = sample.rows.map((r) => r.id);
  const server = await startServerProcess({
    DATABASE_URL: url.toString(),
    KUNDENPROFIL_DATA_DIR: dataDir,
    KUNDENPROFIL_MASTER_KEY: masterKey.toString("base64"),
    KUNDENPROFIL_ANALYTICS_HOURS: "0",
    KUNDENPROFIL_RETENTION_HOURS: "0",
  });
  const { get, close } = timedGetter(server.url, key, 8);
  try {
    for (const id of ids.slice(0, 200)) await get(`/v1/profiles/${id}/recommendations`);
    const personal: number[] = [];
    const bestsellers: number[] = [];
    let failures = 0;
    let emptyLists = 0;
    for (const id of ids) {
      const r = await get(`/v1/profiles/${id}/recommendations?limit=10`);
      if (r.status !== 200) {
        failures++;
        continue;
      }
      const body = JSON.parse(r.body) as { personalised: boolean; items: unknown[] };
      if (body.items.length === 0) emptyLists++;
      (body.personalised ? personal : bestsellers).push(r.ms);
    }
    const all = [...personal, ...bestsellers];
    const line = (name: string, xs: number[]) =>
      `  ${name}: ${xs.length} requests, p50 ${percentile(xs, 50).toFixed(2)} ms, p99 ${percentile(xs, 99).toFixed(2)} ms`;
    log(line("recommendations, one at a time, all", all));
    log(line("  personalised", personal));
    log(line("  bestsellers (no consent)", bestsellers));
    const concurrent: number[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < ids.length) {
          const r = await get(`/v1/profiles/${ids[next++]}/recommendations?limit=10`);
          if (r.status !== 200) failures++;
          concurrent.push(r.ms);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    log(`${line("8 concurrent clients", concurrent)}, ${Math.round(concurrent.length / seconds)} requests/s`);
    log(`  ${failures} not 200, ${emptyLists} empty lists (target p99 ≤ 20 ms one at a time)`);
    const figures = (xs: number[]) => ({
      requests: xs.length,
      p50: +percentile(xs, 50).toFixed(2),
      p99: +percentile(xs, 99).toFixed(2),
    });
    return {
      all: figures(all),
      personalised: figures(personal),
      bestsellers: figures(bestsellers),
      concurrent: { ...figures(concurrent), perSecond: Math.round(concurrent.length / seconds) },
      failures,
      emptyLists,
    };
  } finally {
    close();
    await server.stop();
  }
}
