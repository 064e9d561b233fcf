/**
 * bench:profiles — identity resolution and profiles at scale on PostgreSQL. Loads the demo shop's
 * events for N customers (default 1,000,000, about 11 per customer) by COPY, replays them through
 * the projector into identities and profiles (`profile rebuild`), then against the real server
 * process measures:
 *   - GET /v1/profiles/{identifier} latency, p50/p99, for user ids, e-mails, cards and anonymous ids;
 *   - the first page of filtered contact lists;
 *   - HTTP ingest of new customers' events with identity resolution and computed traits on, against
 *     plain ingest (KUNDENPROFIL_PROFILES=off) in the same run, with the ratio.
 *
 *   npm run bench:profiles -- [--customers 1000000] [--ingest-events 200000] [--keep]
 *   npm run bench:profiles -- --database NAME --master-key B64   (measure on a kept database, e.g.
 *     bench:segments --keep, skipping the hour-long load and replay at 1,000,000 customers;
 *     --skip-ingest measures the reads alone)
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import pg from "pg";
import { createKey } from "../src/access/index.js";
import { createCore } from "../src/core.js";
import { generateDemo } from "../src/demo/index.js";
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
import { percentile, runLoad, timedGetter } from "./support/http-load.js";
import { adminQuery, PG_SERVER } from "./support/pg-admin.js";

/** Events sent before the timed ingest (100 per request), so that it times a warm server. */
const WARM_UP_EVENTS = 2_000;
const args = benchOptions<
  KeptDatabaseOptions & { customers: number; ingestEvents: number; concurrency: number; skipIngest?: boolean }
>(
  new Command("bench:profiles")
    .description("identity resolution and profiles at scale on PostgreSQL")
    .addOption(countOption("--customers <n>", "demo customers to load", 1_000_000))
    .addOption(
      countOption(
        "--ingest-events <n>",
        "new customers' events sent over HTTP; the first 2,000 warm the server up",
        200_000,
        WARM_UP_EVENTS + 2_000,
      ),
    )
    .addOption(countOption("--concurrency <n>", "concurrent HTTP clients for the ingest part", 64))
    .option("--keep", "keep the database it created")
    .addOption(databaseOption("measure on a database kept by an earlier run instead of loading one"))
    .addOption(masterKeyOption())
    .option("--skip-ingest", "measure the reads alone"),
);
const CUSTOMERS = args.customers;
const INGEST_EVENTS = args.ingestEvents;
const CONCURRENCY = args.concurrency;
const masterKey = args.masterKey ?? randomBytes(32);
const dbName = args.database ?? `kp_bench_profiles_${Date.now().toString(36)}`;
const url = new URL(PG_SERVER);
url.pathname = `/${dbName}`;
const dataDir = mkdtempSync(join(tmpdir(), "kp-bench-profiles-"));
const serverEnv = {
  DATABASE_URL: url.toString(),
  KUNDENPROFIL_DATA_DIR: dataDir,
  KUNDENPROFIL_MASTER_KEY: masterKey.toString("base64"),
};

const log = (line: string) => console.log(line);

const reuse = args.database !== undefined;
if (!reuse) await adminQuery(`create database ${dbName}`);
try {
  log(`bench:profiles — ${CUSTOMERS.toLocaleString("en")} demo customers on PostgreSQL (${dbName})`);
  const loaded = reuse ? "kept database" : await loadDemoEvents(url.toString(), masterKey, CUSTOMERS, log);
  const rebuilt = reuse ? "kept database" : await rebuildDemoProfiles(url.toString(), masterKey, log);
  const lookups = await measureLookups();
  const ingest = args.skipIngest ? "skipped" : await measureIngest();
  log("\nsummary (JSON):");
  log(JSON.stringify({ customers: CUSTOMERS, loaded, rebuilt, lookups, ingest }, null, 2));
} finally {
  if (!args.keep && !reuse) await adminQuery(`drop database if exists ${dbName} with (force)`);
  rmSync(dataDir, { recursive: true, force: true });
}

/** GET /v1/profiles/{identifier} one request at a time, and the first page of filtered lists. */
async function measureLookups() {
  const setup = await openDatabase({ backend: "postgres", url: url.toString() });
  const { key } = await createKey(setup.db, "default", { type: "admin", role: "admin" });
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const sample = await client.query<{ key: string; kind: string; value: string }>(
    "select key, kind, value from identities tablesample system (1) where kind in ('user', 'email', 'card', 'anon') limit 4000",
  );
  await client.end();
  // E-mail and card values are stored sealed; the core opens them as the API would.
  const core = createCore(setup, { masterKey });
  const values = await core.projector.identifierValues.open(setup.db, "default", sample.rows);
  await core.close();
  const references = sample.rows.map((r, i) => `${r.kind}:${values[i]}`);
  const server = await startServerProcess(serverEnv);
  const { get, close } = timedGetter(server.url, key, 1);
  try {
    for (const reference of references.slice(0, 200))
      await get(`/v1/profiles/${encodeURIComponent(reference)}`);
    const latencies: number[] = [];
    let failures = 0;
    for (const reference of references) {
      const r = await get(`/v1/profiles/${encodeURIComponent(reference)}`);
      if (r.status !== 200) failures++;
      latencies.push(r.ms);
    }
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    log(
      `  GET /v1/profiles/{identifier}: ${latencies.length} lookups, p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (target p99 ≤ 10 ms), ${failures} not 200`,
    );
    const lists: Record<string, { p50: number; max: number; rows: number }> = {};
    for (const query of [
      "demographics.city=Berlin&computed.orderCount[gte]=3&sort=-revenue",
      "computed.favouriteCategory=Lebensmittel&computed.recencyDays[lte]=365&sort=-lastSeen",
      "traits.gender=female&demographics.age[lt]=35&computed.averageOrderValue[gte]=40",
      "computed.loyaltyPoints[gte]=500&sort=-revenue",
      "computed.latestNps[lte]=6&computed.orderCount[gte]=1",
    ]) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 11; i++) {
        const r = await get(`/v1/profiles?${query}&limit=50`);
        if (r.status !== 200) throw new Error(`${query}: ${r.status} ${r.body}`);
        rows = (JSON.parse(r.body) as { data: unknown[] }).data.length;
        if (i > 0) times.push(r.ms);
      }
      lists[query] = { p50: +percentile(times, 50).toFixed(1), max: +Math.max(...times).toFixed(1), rows };
      log(
        `  first page (${rows} rows) of ${query}: p50 ${percentile(times, 50).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (target ≤ 100 ms)`,
      );
    }
    return { lookups: latencies.length, failures, p50: +p50.toFixed(2), p99: +p99.toFixed(2), lists };
  } finally {
    close();
    await server.stop();
  }
}

/** New customers' events over HTTP: plain ingest, then with identity resolution and profiles. */
async function measureIngest() {
  const setup = await openDatabase({ backend: "postgres", url: url.toString() });
  const { key } = await createKey(setup.db, "default", { type: "write", source: "bench" });
  await setup.close();
  const headers = { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` };
  const bodiesFor = (firstCustomer: number) => {
    const bodies: Buffer[] = [];
    let batch: unknown[] = [];
    let count = 0;
    for (const message of generateDemo({ customers: 1_000_000, firstCustomer, seed: 7 })) {
      batch.push(message);
      count++;
      if (batch.length === 100) {
        bodies.push(Buffer.from(JSON.stringify({ batch })));
        batch = [];
      }
      if (count >= INGEST_EVENTS) break;
    }
    return bodies;
  };
  const figures: Record<string, { eventsPerSecond: number; p50: number; p99: number; failed: number }> = {};
  for (const [mode, firstCustomer] of [
    ["plain", CUSTOMERS + 100_000],
    ["profiles", CUSTOMERS + 200_000],
  ] as const) {
    const bodies = bodiesFor(firstCustomer);
    const server = await startServerProcess({
      ...serverEnv,
      KUNDENPROFIL_PROFILES: mode === "plain" ? "off" : "on",
    });
    await runLoad({
      url: server.url,
      path: "/v1/batch",
      headers,
      bodies: bodies.slice(0, WARM_UP_EVENTS / 100),
      concurrency: 4,
    });
    const load = await runLoad({
      url: server.url,
      path: "/v1/batch",
      headers,
      bodies: bodies.slice(WARM_UP_EVENTS / 100),
      concurrency: CONCURRENCY,
    });
    await server.stop();
    figures[mode] = {
      eventsPerSecond: Math.round((load.acknowledged.length * 100) / load.seconds),
      p50: +percentile(load.latenciesMs, 50).toFixed(1),
      p99: +percentile(load.latenciesMs, 99).toFixed(1),
      failed: load.failed,
    };
    log(
      `  HTTP ingest, ${mode === "plain" ? "plain (profiles off)" : "identity + computed traits"}: ${figures[mode]!.eventsPerSecond.toLocaleString("en")} events/s, p50 ${figures[mode]!.p50} ms, p99 ${figures[mode]!.p99} ms, failed ${load.failed}`,
    );
  }
  const ratio = figures.profiles!.eventsPerSecond / figures.plain!.eventsPerSecond;
  log(`  ratio identity+profiles / plain: ${ratio.toFixed(2)}`);
  return { ...figures, ratio: +ratio.toFixed(2) };
}
