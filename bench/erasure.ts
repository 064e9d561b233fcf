/**
 * bench:erasure — erasure latency per person on PostgreSQL with N profiles (default 1,000,000).
 * The base is generated in the database (generate_series), shaped like the demo shop's: per
 * person 10 events (7 under the user id, 3 under an anonymous id), 3 identifiers (user, e-mail
 * blind index, anonymous id) with a data key each, one profile row, and a merge for every 100th
 * person. Then, against the real server process, erases `--persons` random persons one at a time
 * through `POST /v1/subject-requests` and reports p50/p95/p99/max, and checks that nothing of
 * theirs is left.
 *
 *   npm run bench:erasure -- [--profiles 1000000] [--persons 200] [--keep]
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import pg from "pg";
import { createKey } from "../src/access/index.js";
import { openDatabase } from "../src/storage/index.js";
import { startServerProcess } from "../test/support/server-process.js";
import { benchOptions, countOption } from "./support/bench-command.js";
import { percentile } from "./support/http-load.js";
import { adminQuery, PG_SERVER } from "./support/pg-admin.js";

const args = benchOptions<{ profiles: number; persons: number; keep?: boolean }>(
  new Command("bench:erasure")
    .description("erasure latency per person on PostgreSQL with N profiles")
    .addOption(countOption("--profiles <n>", "profiles generated in the database", 1_000_000))
    .addOption(countOption("--persons <n>", "persons erased, one at a time", 200))
    .option("--keep", "keep the database it created"),
);
const PROFILES = args.profiles;
const PERSONS = args.persons;
const dbName = `kp_bench_erasure_${Date.now().toString(36)}`;
const url = new URL(PG_SERVER);
url.pathname = `/${dbName}`;
const dataDir = mkdtempSync(join(tmpdir(), "kp-bench-erasure-"));
const log = (line: string) => console.log(line);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(0);

await adminQuery(`create database ${dbName}`);
try {
  log(`bench:erasure — ${PROFILES.toLocaleString("en")} profiles on PostgreSQL (${dbName})`);
  await generateBase();
  const figures = await measureErasure();
  log("\nsummary (JSON):");
  log(JSON.stringify({ profiles: PROFILES, ...figures }, null, 2));
} finally {
  if (!args.keep) await adminQuery(`drop database if exists ${dbName} with (force)`);
  rmSync(dataDir, { recursive: true, force: true });
}

async function generateBase(): Promise<void> {
  const database = await openDatabase({ backend: "postgres", url: url.toString() });
  await database.close();
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const step = async (what: string, query: string) => {
    const started = performance.now();
    await client.query(query);
    log(`  ${what} in ${seconds(started)} s`);
  };
  const person = "('00000000-0000-4000-8000-' || lpad(to_hex(p), 12, '0'))::uuid";
  await step(
    "events",
    `insert into events (workspace_id, source_id, message_id, type, event, user_id, anonymous_id, identity_key, ts,
                         received_at, properties, context, traits, extra)
     select 'default', 'bench', 'm' || g, 'track', 'Order Completed', 'u' || (g / 10), 'a' || (g / 10),
            case when g % 10 < 7 then 'user:u' || (g / 10) else 'anon:a' || (g / 10) end,
            now() - (g % 2000) * interval '1 hour', now(),
            jsonb_build_object('order_id', 'o' || g, 'total', 42.5,
              'products', jsonb_build_array(jsonb_build_object('product_id', 'p' || (g % 500), 'price', 14.99, 'category', 'Lebensmittel')),
              'description', jsonb_build_object('$sealed', 'v1.' || md5(g::text) || '.' || repeat(md5((g + 1)::text), 3))),
            jsonb_build_object('ip', jsonb_build_object('$sealed', 'v1.' || md5(g::text)), 'locale', 'de-DE'),
            '{}'::jsonb, '{}'::jsonb
     from generate_series(0, ${PROFILES * 10 - 1}) g`,
  );
  await step(
    "identities",
    `insert into identities (workspace_id, key, kind, value, person_id, first_seen, source_id)
     select 'default', k.key, k.kind, k.value, ${person}, now(), 'bench'
     from generate_series(0, ${PROFILES - 1}) p,
          lateral (values ('user:u' || p, 'user', 'u' || p),
                          ('anon:a' || p, 'anon', 'a' || p),
                          ('email#' || md5('e' || p), 'email', 'sealed:v1.' || md5(p::text))) as k(key, kind, value)`,
  );
  await step(
    "subject keys",
    `insert into subject_keys (workspace_id, identity_key, key_id, wrapped, master_id, created_at)
     select 'default', key, gen_random_uuid(), md5(key) || md5(key || 'x'), 'bench', now() from identities`,
  );
  await step(
    "profiles",
    `insert into profiles (workspace_id, id, created_at, updated_at, first_seen, last_seen, event_count, order_count,
                           revenue, traits, trait_sources, computed, state)
     select 'default', ${person}, now(), now(), now() - interval '80 days', now(), 10, 10, 425,
            jsonb_build_object('email', 'kunde' || p || '@example.de', 'firstName', 'Kunde', 'city', 'Berlin'),
            '{}'::jsonb, jsonb_build_object('orderCount', 10, 'revenue', 425), '{}'::jsonb
     from generate_series(0, ${PROFILES - 1}) p`,
  );
  await step(
    "merges",
    `insert into identity_merges (workspace_id, winner, loser, loser_keys, reason, rule, at)
     select 'default', ${person}, gen_random_uuid(), jsonb_build_array('anon:x' || p), 'identify', 'priority', now()
     from generate_series(0, ${PROFILES - 1}, 100) p`,
  );
  await step("vacuum analyze", "vacuum analyze");
  await client.end();
}

async function measureErasure() {
  const setup = await openDatabase({ backend: "postgres", url: url.toString() });
  const { key } = await createKey(setup.db, "default", { type: "admin", role: "dpo" });
  await setup.close();
  const server = await startServerProcess({
    DATABASE_URL: url.toString(),
    KUNDENPROFIL_DATA_DIR: dataDir,
    KUNDENPROFIL_MASTER_KEY: randomBytes(32).toString("base64"),
    KUNDENPROFIL_RETENTION_HOURS: "0",
  });
  const chosen = new Set<number>();
  while (chosen.size < PERSONS) chosen.add(Math.floor(Math.random() * PROFILES));
  const latencies: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  try {
    for (const p of chosen) {
      const started = performance.now();
      const response = await fetch(new URL("/v1/subject-requests", server.url), {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ kind: "erasure", subject: `user:u${p}`, verification: "id_document" }),
      });
      const body = (await response.json()) as { request?: { outcome?: { events?: number } } };
      latencies.push(performance.now() - started);
      if (response.status !== 201 || body.request?.outcome?.events !== 10) {
        failed++;
        firstFailure ??= `user:u${p}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`;
      }
    }
  } finally {
    await server.stop();
  }
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const users = [...chosen].map((p) => `user:u${p}`);
  const anons = [...chosen].map((p) => `anon:a${p}`);
  const left = await client.query(
    "select (select count(*) from events where identity_key = any($1) or identity_key = any($2)) as events, (select count(*) from identities where key = any($1)) as identities, (select count(*) from subject_keys where identity_key = any($1)) as keys",
    [users, anons],
  );
  await client.end();
  const figures = {
    erased: latencies.length,
    failed,
    p50: +percentile(latencies, 50).toFixed(1),
    p95: +percentile(latencies, 95).toFixed(1),
    p99: +percentile(latencies, 99).toFixed(1),
    max: +Math.max(...latencies).toFixed(1),
    left: left.rows[0],
  };
  if (firstFailure !== undefined) log(`  first failure: ${firstFailure}`);
  log(
    `  erased ${figures.erased} persons one at a time over HTTP: p50 ${figures.p50} ms, p95 ${figures.p95} ms, p99 ${figures.p99} ms, max ${figures.max} ms; ${failed} failed; left of theirs: ${JSON.stringify(figures.left)}`,
  );
  return figures;
}
