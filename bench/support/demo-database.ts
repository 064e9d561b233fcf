/**
 * A PostgreSQL database filled with the demo shop, for the benchmarks that need stored history:
 * the events COPYed in, filed under the same keys ingest would file them, then replayed through
 * identity resolution and profiles exactly as `profile rebuild` does.
 */
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { createCore } from "../../src/core.js";
import { generateDemo } from "../../src/demo/index.js";
import {
  createBlindIndex,
  DEFAULT_IDENTITY_RULES,
  filingKey,
  IdentifierCodec,
  identifiersOf,
} from "../../src/identity/index.js";
import { type FilingKey, toEventRow } from "../../src/ingest/event-row.js";
import { parseMessage } from "../../src/protocol/index.js";
import { openDatabase } from "../../src/storage/index.js";
import { copyField } from "./copy-rows.js";

const seconds = (since: number) => (performance.now() - since) / 1000;

/** COPY the demo shop's events for `customers` customers. */
export async function loadDemoEvents(
  url: string,
  masterKey: Buffer,
  customers: number,
  log: (line: string) => void,
) {
  const database = await openDatabase({ backend: "postgres", url });
  await database.close();
  const codec = new IdentifierCodec(DEFAULT_IDENTITY_RULES, createBlindIndex(masterKey, "default"));
  const fileUnder: FilingKey = (row) =>
    filingKey(codec, identifiersOf(codec, row).identifiers, `${row.source_id}/${row.message_id}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Bulk-load practice: build the per-identifier index once after the load, not row by row.
  await client.query("drop index events_identity");
  const started = performance.now();
  const stream = client.query(
    copyFrom(
      "copy events (workspace_id, source_id, message_id, type, event, user_id, anonymous_id, identity_key, ts, received_at, properties, context, traits, extra) from stdin",
    ),
  );
  const done = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  const receivedAt = new Date();
  const receivedIso = receivedAt.toISOString();
  const ctx = { workspaceId: "default", sourceId: "demo", receivedAt };
  let rows = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (!stream.write(chunk.join(""))) await new Promise((resolve) => stream.once("drain", resolve));
    chunk = [];
  };
  for (const message of generateDemo({ customers })) {
    const parsed = parseMessage(message);
    if (!parsed.ok) continue;
    const r = toEventRow(parsed.message, ctx, receivedIso, fileUnder);
    chunk.push(
      `${[r.workspace_id, r.source_id, r.message_id, r.type, r.event, r.user_id, r.anonymous_id, r.identity_key, r.ts, r.received_at, r.properties, r.context, r.traits, r.extra].map(copyField).join("\t")}\n`,
    );
    rows++;
    if (chunk.length === 5_000) await flush();
    if (rows % 1_000_000 === 0)
      log(
        `  loaded ${rows.toLocaleString("en")} events (${Math.round(rows / seconds(started)).toLocaleString("en")}/s)`,
      );
  }
  await flush();
  stream.end();
  await done;
  await client.query("create index events_identity on events (workspace_id, identity_key, ts)");
  // The time index (migration 0014) costs COPY nothing, since new stretches stay unsummarised.
  await client.query("select brin_summarize_new_values('events_ts'::regclass)");
  await client.query("vacuum analyze events");
  await client.end();
  const s = seconds(started);
  log(
    `  COPY ${rows.toLocaleString("en")} events in ${s.toFixed(0)} s (${Math.round(rows / s).toLocaleString("en")}/s, generation included)`,
  );
  return { events: rows, seconds: +s.toFixed(1) };
}

/** Replays the event log through identity resolution and computed traits. */
export async function rebuildDemoProfiles(url: string, masterKey: Buffer, log: (line: string) => void) {
  const database = await openDatabase({ backend: "postgres", url });
  const core = createCore(database, { masterKey });
  const started = performance.now();
  let lastLog = 0;
  const result = await core.profiles.rebuild("default", (done, total) => {
    if (done - lastLog >= 500_000 || done === total) {
      lastLog = done;
      log(
        `  projected ${done.toLocaleString("en")} / ${total.toLocaleString("en")} events (${Math.round(done / seconds(started)).toLocaleString("en")}/s)`,
      );
    }
  });
  const s = seconds(started);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("vacuum analyze profiles");
  await client.query("vacuum analyze identities");
  const merges = Number((await client.query("select count(*) from identity_merges")).rows[0].count);
  const identities = Number((await client.query("select count(*) from identities")).rows[0].count);
  await client.end();
  await core.close();
  log(
    `  rebuild: ${result.events.toLocaleString("en")} events → ${result.profiles.toLocaleString("en")} profiles, ${identities.toLocaleString("en")} identifiers, ${merges} merges in ${s.toFixed(0)} s (${Math.round(result.events / s).toLocaleString("en")} events/s)`,
  );
  return {
    ...result,
    identities,
    merges,
    seconds: +s.toFixed(1),
    eventsPerSecond: Math.round(result.events / s),
  };
}

/**
 * Rewrites the event log (and its digests) in time order. The generator writes customer
 * after customer, but a live log is in time order, and so are its pages; a window read through
 * `events_ts` (migration 0014) relies on that. Replaying a log in time order, though, makes every
 * commit of a rebuild touch persons spread over the whole profile table (2.3 times slower at
 * 50,000 customers), so the benchmarks rebuild from the generator's order and then rewrite the
 * pages; the event ids keep the generator's order.
 */
export async function orderLogByTime(url: string, log: (line: string) => void) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  // CLUSTER needs a btree to name; with a sort being cheaper it scans and sorts the table instead.
  await client.query("create index events_ts_order on events (ts)");
  await client.query("cluster events using events_ts_order");
  await client.query("drop index events_ts_order");
  await client.query("cluster event_digests using event_digests_event_ts");
  await client.query("vacuum analyze events");
  await client.query("vacuum analyze event_digests");
  await client.end();
  log(`  event log rewritten in time order in ${seconds(started).toFixed(0)} s`);
}
