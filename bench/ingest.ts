/**
 * bench:ingest — HTTP /v1/batch (100 events per request) from concurrent clients against the real
 * server process, on PostgreSQL and on PGlite: sustained events/s, p50/p99 latency, rows counted
 * afterwards (zero lost), and in the same run the raw COPY rate of the same rows into the same
 * table, this machine's physical limit, with the ratio.
 *
 *   npm run bench:ingest -- [--events 300000] [--concurrency 16] [--backend postgres|pglite|both]
 *                           [--profiles on|off] [--privacy on|off|both] [--rounds 1]
 *                           [--address-per-event] [--slice 20000]
 *
 * `--profiles off` measures collection alone (the Foundation's figure); `on` (the server's default)
 * adds identity resolution and computed traits to every commit. `--privacy` switches encryption at
 * rest and minimisation (the shipped declarations with policy strip) on or off, or one of them
 * (`encryption`, `minimisation`); `both` runs off then on against the same backend and prints the
 * cost of privacy as a ratio. This VM's speed drifts by ±30 % within minutes, so halves run one
 * after the other say more about the minute than the code: with `both`, two servers on two
 * databases take the load in turns of `--slice` events (off–on, on–off, …; `--slice 0` runs the
 * halves one after the other, as before), so a drift falls on both alike. `--rounds N` repeats
 * the pair N times and prints each round's ratio and their median. Each user sends all their events
 * from one address and browser, so most of a person's sealed parts are alike and sealed once;
 * `--address-per-event` gives every event its own address, so every event needs the cipher.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Command } from "commander";
import { createKey } from "../src/access/index.js";
import { openDatabase } from "../src/storage/index.js";
import { type ServerProcess, startServerProcess } from "../test/support/server-process.js";
import { benchOptions, choiceOption, countOption } from "./support/bench-command.js";
import { benchEvent } from "./support/bench-events.js";
import { copyRowsPGlite, copyRowsPostgres } from "./support/copy-rows.js";
import { type LoadResult, percentile, runLoad } from "./support/http-load.js";
import { adminQuery, PG_SERVER } from "./support/pg-admin.js";

const args = benchOptions<{
  events: number;
  concurrency: number;
  backend: "postgres" | "pglite" | "both";
  batchSize: number;
  profiles: "on" | "off";
  privacy: Privacy | "both";
  rounds: number;
  addressPerEvent?: boolean;
  slice: number;
}>(
  new Command("bench:ingest")
    .description("HTTP /v1/batch from concurrent clients against the server process, with the raw COPY rate")
    .addOption(countOption("--events <n>", "events sent per run", 300_000))
    .addOption(countOption("--concurrency <n>", "concurrent HTTP clients", 16))
    .addOption(choiceOption("--backend <name>", "the database", ["postgres", "pglite", "both"], "both"))
    .addOption(countOption("--batch-size <n>", "events per request", 100))
    .addOption(
      choiceOption("--profiles <on|off>", "identity resolution and computed traits", ["on", "off"], "on"),
    )
    .addOption(
      choiceOption(
        "--privacy <mode>",
        "encryption at rest and minimisation; both: off and on against the same backend",
        ["on", "off", "encryption", "minimisation", "both"],
        "on",
      ),
    )
    .addOption(
      countOption(
        "--rounds <n>",
        "repeat the runs; with --privacy both, each round's ratio and their median",
        1,
      ),
    )
    .option("--address-per-event", "every event from its own address, so every event needs the cipher")
    .addOption(
      countOption(
        "--slice <n>",
        "with --privacy both: events per turn (0: halves one after the other)",
        20_000,
        0,
      ),
    ),
);
const EVENTS = args.events;
const CONCURRENCY = args.concurrency;
const BATCH = args.batchSize;

interface Figures {
  backend: string;
  events: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  failedRequests: number;
  rowsCounted: number;
  acknowledged: number;
  copyRowsPerSecond: number;
}

/** The shipped declarations with policy strip: every undeclared field removed at ingest. */
function strictSchemaDir(root: string): string {
  const dir = join(root, "schemas");
  mkdirSync(dir);
  const shipped = JSON.parse(readFileSync(new URL("../schemas/default.json", import.meta.url), "utf8"));
  writeFileSync(join(dir, "default.json"), JSON.stringify({ ...shipped, policy: "strip" }));
  return dir;
}

type Privacy = "on" | "off" | "encryption" | "minimisation";

/** A server on its own fresh database, with its request bodies prepared and warmed up. */
interface Run {
  backend: "postgres" | "pglite";
  url: string;
  dataDir: string;
  dbName: string;
  runId: string;
  server: ServerProcess;
  headers: Record<string, string>;
  /** The measured bodies (the warm-up's are sent before). */
  bodies: Buffer[];
}

async function startRun(backend: "postgres" | "pglite", privacy: Privacy): Promise<Run> {
  const runId = `r${Date.now().toString(36)}${privacy.slice(0, 2)}`;
  const dbName = `kp_bench_${runId}`;
  const dataDir = mkdtempSync(join(tmpdir(), "kp-bench-"));
  const url = new URL(PG_SERVER);
  url.pathname = `/${dbName}`;
  if (backend === "postgres") await adminQuery(`create database ${dbName}`);
  const env: Record<string, string> = {
    ...(backend === "postgres" ? { DATABASE_URL: url.toString() } : {}),
    KUNDENPROFIL_DATA_DIR: dataDir,
    KUNDENPROFIL_PROFILES: String(args.profiles),
    KUNDENPROFIL_ENCRYPTION: privacy === "on" || privacy === "encryption" ? "on" : "off",
    KUNDENPROFIL_MINIMISATION: privacy === "on" || privacy === "minimisation" ? "on" : "off",
    KUNDENPROFIL_SCHEMA_DIR: strictSchemaDir(dataDir),
  };
  // Keys are made before the server starts (PGlite allows one owner at a time).
  const setup = await openDatabase(
    backend === "postgres" ? { backend, url: url.toString() } : { backend, dataDir },
  );
  const { key } = await createKey(setup.db, "default", { type: "write", source: "bench" });
  await setup.close();

  const bodies: Buffer[] = [];
  for (let start = 0; start < EVENTS; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, EVENTS - start) }, (_, k) =>
      benchEvent(start + k, runId, args.addressPerEvent),
    );
    bodies.push(Buffer.from(JSON.stringify({ batch, sentAt: new Date().toISOString() })));
  }
  const server = await startServerProcess(env);
  const headers = { authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` };
  // Warm-up (JIT, connection pool), not counted.
  await runLoad({ url: server.url, path: "/v1/batch", headers, bodies: bodies.slice(0, 20), concurrency: 4 });
  return {
    backend,
    url: url.toString(),
    dataDir,
    dbName,
    runId,
    server,
    headers,
    bodies: bodies.slice(20),
  };
}

function sendLoad(run: Run, bodies: readonly Buffer[]): Promise<LoadResult> {
  return runLoad({
    url: run.server.url,
    path: "/v1/batch",
    headers: run.headers,
    bodies,
    concurrency: CONCURRENCY,
  });
}

/** Several slices' loads as one: their times added (only the acknowledged count is read). */
function joinLoads(loads: readonly LoadResult[]): LoadResult {
  return {
    requests: loads.reduce((n, l) => n + l.requests, 0),
    failed: loads.reduce((n, l) => n + l.failed, 0),
    seconds: loads.reduce((n, l) => n + l.seconds, 0),
    latenciesMs: loads.flatMap((l) => l.latenciesMs),
    acknowledged: loads.flatMap((l) => l.acknowledged),
  };
}

/** Stops the server, counts the stored rows, measures raw COPY into the same table, drops it all. */
async function finishRun(run: Run, load: LoadResult): Promise<Figures> {
  const { backend, url, dataDir } = run;
  try {
    await run.server.stop();
    const acknowledged = load.acknowledged.length * BATCH + 20 * BATCH;
    const database = await openDatabase(backend === "postgres" ? { backend, url } : { backend, dataDir });
    const counted = Number(
      (
        await database.db
          .selectFrom("events")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
    await database.close();

    const copyRows = Array.from({ length: Math.min(EVENTS, 200_000) }, (_, i) =>
      benchEvent(i, `${run.runId}-copy`, args.addressPerEvent),
    );
    const copySeconds =
      backend === "postgres"
        ? await copyRowsPostgres(url, copyRows)
        : await copyRowsPGlite(new PGlite(`${dataDir}/pgdata`), copyRows);
    return {
      backend,
      events: load.requests * BATCH,
      eventsPerSecond: (load.acknowledged.length * BATCH) / load.seconds,
      p50: percentile(load.latenciesMs, 50),
      p99: percentile(load.latenciesMs, 99),
      failedRequests: load.failed,
      rowsCounted: counted,
      acknowledged,
      copyRowsPerSecond: copyRows.length / copySeconds,
    };
  } finally {
    if (backend === "postgres") await adminQuery(`drop database if exists ${run.dbName} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchBackend(backend: "postgres" | "pglite", privacy: Privacy): Promise<Figures> {
  const run = await startRun(backend, privacy);
  return finishRun(run, await sendLoad(run, run.bodies));
}

/**
 * Privacy off and on, each on its own server and database, fed slice by slice in turns (off–on,
 * on–off, …): a drift of the machine's speed then falls on both halves alike instead of on
 * whichever ran during it.
 */
async function benchInterleaved(backend: "postgres" | "pglite", sliceEvents: number) {
  const off = await startRun(backend, "off");
  const on = await startRun(backend, "on").catch(async (error) => {
    await discard(off);
    throw error;
  });
  const perSlice = Math.max(1, Math.round(sliceEvents / BATCH));
  const offLoads: LoadResult[] = [];
  const onLoads: LoadResult[] = [];
  try {
    for (let from = 0, slice = 0; from < off.bodies.length; from += perSlice, slice++) {
      const turns: [Run, LoadResult[]][] = [
        [off, offLoads],
        [on, onLoads],
      ];
      if (slice % 2 === 1) turns.reverse();
      for (const [run, loads] of turns)
        loads.push(await sendLoad(run, run.bodies.slice(from, from + perSlice)));
    }
  } catch (error) {
    await Promise.all([discard(off), discard(on)]);
    throw error;
  }
  return {
    off: await finishRun(off, joinLoads(offLoads)),
    on: await finishRun(on, joinLoads(onLoads)),
  };
}

/** Stops the run's server and drops its database, after a failure. */
async function discard(run: Run): Promise<void> {
  await run.server.stop().catch(() => {});
  if (run.backend === "postgres") await adminQuery(`drop database if exists ${run.dbName} with (force)`);
  rmSync(run.dataDir, { recursive: true, force: true });
}

const backends = args.backend === "both" ? (["postgres", "pglite"] as const) : [args.backend];
const privacyRuns: Privacy[] = args.privacy === "both" ? ["off", "on"] : [args.privacy];
const SLICE = args.slice;
const interleaved = args.privacy === "both" && SLICE > 0;
console.log(
  `bench:ingest — ${EVENTS} events, ${BATCH} per request, ${CONCURRENCY} concurrent clients, profiles ${args.profiles}, privacy ${args.privacy}, ${args.addressPerEvent ? "an address per event" : "one address per user"}${interleaved ? `, off and on in turns of ${SLICE.toLocaleString("en")} events` : ""}`,
);
const ROUNDS = args.rounds;
for (const backend of backends) {
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    if (ROUNDS > 1) console.log(`\n— round ${round} of ${ROUNDS}`);
    const rates = new Map<string, number>();
    if (interleaved) {
      const both = await benchInterleaved(backend, SLICE);
      for (const privacy of ["off", "on"] as const) {
        rates.set(privacy, both[privacy].eventsPerSecond);
        report(both[privacy], privacy);
      }
    } else
      for (const privacy of privacyRuns) {
        const f = await benchBackend(backend, privacy);
        rates.set(privacy, f.eventsPerSecond);
        report(f, privacy);
      }
    const off = rates.get("off");
    const on = rates.get("on");
    if (off === undefined || on === undefined) continue;
    ratios.push(on / off);
    console.log(
      `\n${backend}: privacy on ${Math.round(on).toLocaleString("en")} vs off ${Math.round(off).toLocaleString("en")} events/s → ratio ${(on / off).toFixed(2)} (cost ${((1 - on / off) * 100).toFixed(1)}%)`,
    );
  }
  if (ratios.length > 1) {
    const median = percentile(ratios, 50);
    console.log(
      `\n${backend}: ${ratios.length} rounds, ratios ${ratios.map((r) => r.toFixed(2)).join(" / ")} → median ${median.toFixed(2)} (cost ${((1 - median) * 100).toFixed(1)}%)`,
    );
  }
}

function report(f: Figures, privacy: string): void {
  const lost = f.acknowledged - f.rowsCounted;
  console.log(
    [
      `\n${f.backend} (encryption and minimisation ${privacy}):`,
      `  HTTP /v1/batch   ${Math.round(f.eventsPerSecond).toLocaleString("en")} events/s   p50 ${f.p50.toFixed(1)} ms   p99 ${f.p99.toFixed(1)} ms   failed requests ${f.failedRequests}`,
      `  raw COPY         ${Math.round(f.copyRowsPerSecond).toLocaleString("en")} rows/s (same rows, same table)`,
      `  ratio            ${(f.eventsPerSecond / f.copyRowsPerSecond).toFixed(2)} of COPY`,
      `  rows counted     ${f.rowsCounted.toLocaleString("en")} for ${f.acknowledged.toLocaleString("en")} acknowledged → ${lost === 0 ? "zero lost" : `${lost} LOST`}`,
    ].join("\n"),
  );
}
