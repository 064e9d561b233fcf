/**
 * bench:sealing — CPU per stored event of encryption at rest as ingest pays it: the data key
 * looked up by the event's identifier, the personal parts split out, serialised and sealed (or
 * the person's last sealed part reused), the row copied with them. 400,000 bench events of 50,000
 * persons, as bench:ingest sends them, fresh rows each round; against the bare AES-256-GCM
 * operation per event on the same plaintexts, in the same run.
 *
 *   npm run bench:sealing -- [--events 400000] [--rounds 3]   (the persons are bench:ingest's 50,000)
 *
 * "one address per user" is bench:ingest's default (each person's parts alike, so most are
 * reused), "an address per event" its `--address-per-event` (every part new).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Command } from "commander";
import { sealEvent } from "../src/crypto/event-sealer.js";
import { encrypt, type SubjectKey } from "../src/crypto/index.js";
import { benchOptions, countOption } from "./support/bench-command.js";
import { BENCH_USERS, benchEvent } from "./support/bench-events.js";

const args = benchOptions<{ events: number; rounds: number }>(
  new Command("bench:sealing")
    .description("CPU per stored event of encryption at rest, against bare AES-256-GCM")
    .addOption(countOption("--events <n>", "bench events per round", 400_000))
    .addOption(countOption("--rounds <n>", "rounds, each on fresh rows", 3)),
);
const EVENTS = args.events;
const PERSONS = BENCH_USERS;
const ROUNDS = args.rounds;
const BATCH = 100;

interface BenchMessage {
  messageId: string;
  userId: string;
  anonymousId: string;
  type: string;
  event?: string;
  timestamp: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** The messages of a run; rows are made from them a request (100) at a time, as ingest does. */
function messagesOf(run: string, addressPerEvent: boolean): BenchMessage[] {
  return Array.from(
    { length: EVENTS },
    (_, i) => benchEvent(i, run, addressPerEvent) as unknown as BenchMessage,
  );
}

/** One request's rows as ingest hands them to the sealer: fresh objects and identifier strings. */
function rowsOf(messages: readonly BenchMessage[], from: number) {
  return messages.slice(from, from + BATCH).map((m) => ({
    workspace_id: "default",
    source_id: "bench",
    message_id: m.messageId,
    type: m.type,
    event: m.event ?? null,
    user_id: m.userId,
    anonymous_id: m.anonymousId,
    identity_key: `user:${m.userId}`,
    ts: m.timestamp,
    received_at: m.timestamp,
    properties: m.properties,
    context: { ...m.context },
    traits: {},
    extra: { sentAt: m.timestamp, originalTimestamp: m.timestamp },
  }));
}

type Row = ReturnType<typeof rowsOf>[number];

/** µs per event of `work` over every request's fresh rows (making the rows is not timed). */
function timed(messages: readonly BenchMessage[], work: (rows: Row[]) => void): number {
  let spent = 0;
  for (let from = 0; from < messages.length; from += BATCH) {
    const rows = rowsOf(messages, from);
    const started = performance.now();
    work(rows);
    spent += performance.now() - started;
  }
  return (spent * 1000) / messages.length;
}

/** A key cache like the server's, filled: the lookup is part of what ingest pays per event. */
function keyCache(): Map<string, Map<string, SubjectKey>> {
  const keys = new Map<string, SubjectKey>();
  for (let u = 0; u < PERSONS; u++)
    keys.set(`user:bench-user-${u}`, { id: randomUUID(), key: randomBytes(32) });
  return new Map([["default", keys]]);
}

let sink = 0;
console.log(
  `bench:sealing — ${EVENTS.toLocaleString("en")} events of ${PERSONS.toLocaleString("en")} persons`,
);
for (const addressPerEvent of [false, true]) {
  const cipher: number[] = [];
  const sealing: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const aad = "kp/event/v2|default|user:bench-user-0";
    let cache = keyCache();
    cipher.push(
      timed(messagesOf(`c${round}`, addressPerEvent), (rows) => {
        for (const row of rows) {
          const key = cache.get(row.workspace_id)!.get(row.identity_key)!;
          const personal = { context: { ip: row.context.ip, userAgent: row.context.userAgent } };
          sink += encrypt(key.key, Buffer.from(JSON.stringify(personal)), aad).toString("base64url").length;
        }
      }),
    );
    cache = keyCache();
    sealing.push(
      timed(messagesOf(`s${round}`, addressPerEvent), (rows) => {
        for (const row of rows) {
          const key = cache.get(row.workspace_id)!.get(row.identity_key)!;
          sink += { ...row, ...sealEvent(row, key) }.extra.sealed === undefined ? 0 : 1;
        }
      }),
    );
  }
  const best = (xs: number[]) => Math.min(...xs);
  console.log(`\n${addressPerEvent ? "an address per event" : "one address per user"} (best of ${ROUNDS}):`);
  console.log(`  key lookup + AES-256-GCM for every event   ${best(cipher).toFixed(2)} µs/event`);
  console.log(`  key lookup + sealEvent + row copy          ${best(sealing).toFixed(2)} µs/event`);
  console.log(`  ratio                                      ${(best(sealing) / best(cipher)).toFixed(2)}`);
}
void sink;
