/**
 * bench:segments — segment evaluation on PostgreSQL over the demo shop (default 1,000,000
 * customers, about 11 events each). Loads and rebuilds profiles, then:
 *   - full evaluation of five representative segments (trait filter; 90-day category purchase
 *     count; an RFM tier; a sequence; a nested and/or/not of segments): the count query alone, and
 *     the definition with its members stored; target ≤ 2 s each;
 *   - real-time membership: new events at a paced 5,000 events/s, one in ten of them making a new
 *     person enter a segment; latency from the ingest acknowledgement to the recorded enter
 *     (segment_changes.at, written with the database clock); target p99 ≤ 200 ms. Whether ingest
 *     keeps up shows in the wait from each batch's due time to its acknowledgement: bounded when it
 *     does, growing over the run when it does not (the achieved rate also counts the last batch's
 *     wait, so a short run understates it).
 * Windows are evaluated as of the demo's last day (2026-06-30), where its history ends.
 *
 * The event log's pages are put in time order after the rebuild, as a live log has them
 * (`--load-order customer` keeps the generator's order, customer after customer).
 *
 *   npm run bench:segments -- [--customers 1000000] [--seconds 20] [--rate 5000] [--keep] [--database NAME]
 *     [--load-order time|customer]
 */
import { randomBytes } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Command } from "commander";
import { sql } from "kysely";
import { createCore } from "../src/core.js";
import { DEFAULT_END as DEMO_END } from "../src/demo/index.js";
import { createRfmCache } from "../src/profiles/index.js";
import { compileSegment, createSegments, segmentFromText } from "../src/segments/index.js";
import { openDatabase } from "../src/storage/index.js";
import {
  benchOptions,
  choiceOption,
  countOption,
  databaseOption,
  type KeptDatabaseOptions,
  masterKeyOption,
} from "./support/bench-command.js";
import { loadDemoEvents, orderLogByTime, rebuildDemoProfiles } from "./support/demo-database.js";
import { percentile } from "./support/http-load.js";
import { adminQuery, PG_SERVER } from "./support/pg-admin.js";

const args = benchOptions<
  KeptDatabaseOptions & { customers: number; seconds: number; rate: number; loadOrder: "time" | "customer" }
>(
  new Command("bench:segments")
    .description("segment evaluation and real-time membership on PostgreSQL over the demo shop")
    .addOption(countOption("--customers <n>", "demo customers to load", 1_000_000))
    .addOption(countOption("--seconds <n>", "how long the real-time part sends events", 20))
    .addOption(countOption("--rate <n>", "events per second the real-time part sends", 5_000))
    .option("--keep", "keep the database it created (prints its master key)")
    .addOption(databaseOption("measure on a database kept by an earlier run instead of loading one"))
    .addOption(masterKeyOption())
    .addOption(
      choiceOption(
        "--load-order <order>",
        "the event log's page order after loading",
        ["time", "customer"],
        "time",
      ),
    ),
);
const CUSTOMERS = args.customers;
const LOAD_ORDER = args.loadOrder;
const masterKey = args.masterKey ?? randomBytes(32);
const dbName = args.database ?? `kp_bench_segments_${Date.now().toString(36)}`;
const url = new URL(PG_SERVER);
url.pathname = `/${dbName}`;
const log = (line: string) => console.log(line);
const NOW = DEMO_END.getTime();

if (args.database === undefined) {
  await adminQuery(`create database ${dbName}`);
  log(`bench:segments — ${CUSTOMERS.toLocaleString("en")} demo customers on PostgreSQL (${dbName})`);
  log(`  master key (for --database reruns): ${masterKey.toString("base64")}`);
  await loadDemoEvents(url.toString(), masterKey, CUSTOMERS, log);
  await rebuildDemoProfiles(url.toString(), masterKey, log);
  if (LOAD_ORDER === "time") await orderLogByTime(url.toString(), log);
}
try {
  const evaluation = await evaluateSegments();
  const realtime = await measureRealtime();
  log("\nsummary (JSON):");
  log(JSON.stringify({ customers: CUSTOMERS, evaluation, realtime }, null, 2));
} finally {
  if (!args.keep && args.database === undefined)
    await adminQuery(`drop database if exists ${dbName} with (force)`);
}

async function evaluateSegments() {
  const core = createCore(await openDatabase({ backend: "postgres", url: url.toString() }), { masterKey });
  // A rerun on a kept database starts from no benchmark segments.
  for (const table of ["segment_members", "segment_changes", "segment_sizes"])
    await sql`delete from ${sql.table(table)} where segment_id in (select id from segments where name like 'Bench:%')`.execute(
      core.database.db,
    );
  await sql`delete from segments where name like 'Bench:%'`.execute(core.database.db);
  const segments = createSegments({
    db: core.database.db,
    audit: core.audit,
    sensitivity: core.sensitivity,
    now: () => NOW,
    rfmCutoffs: createRfmCache(core.database.db),
  });
  const champions = (await segments.templates("default")).find((t) => t.name === "RFM: Champions")!;
  const definitions = [
    { name: "Bench: Berlin", kind: "trait filter", text: 'trait.address.city = "Berlin"' },
    {
      name: "Bench: dairy buyers",
      kind: "90-day category purchase count",
      text: 'count(Order Completed where products.category starts_with "Lebensmittel > Milchprodukte", last 90d) >= 2',
    },
    { name: "Bench: champions", kind: "RFM tier", text: champions.text },
    {
      name: "Bench: searched, did not buy",
      kind: "sequence",
      text: "sequence(Products Searched, last 30d, then not Order Completed, within 7d)",
    },
    {
      name: "Bench: nested",
      kind: "nested and/or/not of segments",
      text: '(in_segment("Bench: Berlin") or in_segment("Bench: dairy buyers")) and not in_segment("Bench: champions")',
    },
  ];
  const results = [];
  for (const d of definitions) {
    const condition = compileSegment(segmentFromText(d.text), {
      workspaceId: "default",
      now: NOW,
      form: "set",
    });
    let started = performance.now();
    const { rows } = await sql<{ n: string }>`select count(*) as n from profiles p
      where p.workspace_id = 'default' and ${condition}`.execute(core.database.db);
    const countSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const defined = await segments.define("default", { name: d.name, text: d.text }, "bench");
    const defineSeconds = (performance.now() - started) / 1000;
    log(
      `  ${d.kind.padEnd(32)} ${Number(rows[0]!.n).toLocaleString("en").padStart(9)} members: count ${countSeconds.toFixed(2)} s, define + store members ${defineSeconds.toFixed(2)} s (target ≤ 2 s)`,
    );
    results.push({
      ...d,
      members: defined.size,
      countSeconds: +countSeconds.toFixed(3),
      defineSeconds: +defineSeconds.toFixed(3),
    });
  }
  await core.close();
  return results;
}

/** Paced ingest through the core; each trigger event makes a new person enter "Bench: live". */
async function measureRealtime() {
  const core = createCore(await openDatabase({ backend: "postgres", url: url.toString() }), { masterKey });
  await core.segments.define(
    "default",
    { name: "Bench: live", text: 'exists(Product Viewed where product_id = "bench-live", last 1d)' },
    "bench",
  );
  const seconds = args.seconds;
  const run = Date.now().toString(36);
  const perTick = Math.max(1, Math.round(args.rate / 100)); // one batch every 10 ms
  const acked = new Map<string, number>();
  // Due time → acknowledgement per batch, from when the batch was due, not when it left: a backlog
  // that delays sending counts too. Growth over the run is what "does not keep up" looks like.
  const ackWaits: { tenth: number; wait: number }[] = [];
  // What the event loop made callbacks wait: a long block delays the membership statements too.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const started = performance.now();
  const pending: Promise<unknown>[] = [];
  let sent = 0;
  for (let tick = 0; tick < seconds * 100; tick++) {
    const due = started + tick * 10;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const batch = Array.from({ length: perTick }, (_, i) => {
      const n = sent + i;
      const trigger = n % 10 === 0;
      return {
        type: "track",
        userId: `live-${run}-${trigger ? n : n % 5_000}`,
        event: trigger ? "Product Viewed" : "Page Viewed",
        messageId: `live-${run}-${n}`,
        properties: trigger ? { product_id: "bench-live" } : { path: "/" },
      };
    });
    sent += perTick;
    pending.push(
      core.ingestor
        .ingest(batch, { workspaceId: "default", sourceId: "bench-live", receivedAt: new Date() })
        .then(() => {
          const at = Date.now();
          ackWaits.push({ tenth: Math.floor(tick / (seconds * 10)), wait: performance.now() - due });
          for (const m of batch) if (m.event === "Product Viewed") acked.set(m.userId, at);
        }),
    );
  }
  await Promise.all(pending);
  const ingestSeconds = (performance.now() - started) / 1000;
  await core.segments.settled();
  loopDelay.disable();
  const { rows } = await sql<{ user_id: string; at: Date }>`
    select i.value as user_id, c.at from segment_changes c
    join segments s on s.workspace_id = c.workspace_id and s.id = c.segment_id
    join identities i on i.workspace_id = c.workspace_id and i.person_id = c.person_id and i.kind = 'user'
    where s.name = 'Bench: live' and c.change = 'enter' and c.cause = 'event'`.execute(core.database.db);
  const latencies = rows.flatMap((r) => {
    const ack = acked.get(r.user_id);
    return ack === undefined ? [] : [r.at.getTime() - ack];
  });
  await core.close();
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  const loopP99 = loopDelay.percentile(99) / 1e6;
  const loopMax = loopDelay.max / 1e6;
  const waits = ackWaits.map((a) => a.wait);
  // The wait's p99 in each tenth of the run: flat when ingest keeps up, rising when it falls behind.
  const byTenth = Array.from({ length: 10 }, (_, tenth) =>
    percentile(
      ackWaits.filter((a) => a.tenth === tenth).map((a) => a.wait),
      99,
    ),
  );
  const ack = { p50: percentile(waits, 50), p99: percentile(waits, 99), byTenth };
  log(
    `  real time: ${sent.toLocaleString("en")} events in ${ingestSeconds.toFixed(1)} s (${Math.round(sent / ingestSeconds).toLocaleString("en")}/s), ${latencies.length} of ${acked.size} entries recorded; ack → enter p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (target ≤ 200 ms at 5,000/s; asked for ${args.rate}/s); event-loop delay p99 ${loopP99.toFixed(0)} ms, max ${loopMax.toFixed(0)} ms`,
  );
  log(
    `  due → ingest acknowledged: p50 ${ack.p50.toFixed(0)} ms, p99 ${ack.p99.toFixed(0)} ms; p99 by tenth of the run ${byTenth.map((w) => w.toFixed(0)).join(" ")} ms`,
  );
  return {
    events: sent,
    eventsPerSecond: Math.round(sent / ingestSeconds),
    triggers: acked.size,
    entered: latencies.length,
    p50: Math.round(p50),
    p99: Math.round(p99),
    max: Math.round(Math.max(...latencies)),
    eventLoopDelayP99: Math.round(loopP99),
    eventLoopDelayMax: Math.round(loopMax),
    ackWaitP50: Math.round(ack.p50),
    ackWaitP99: Math.round(ack.p99),
    ackWaitP99ByTenth: byTenth.map(Math.round),
  };
}
