/**
 * bench:sealing — CPU per event of sealing the personal parts of real bench events (split out,
 * serialised, one AES-256-GCM operation, filed in `extra`), against the bare cipher operation on
 * the same plaintexts in the same run: what the sealer adds over `node:crypto` itself.
 *
 *   npm run bench:sealing -- [--events 100] [--rounds 3000]
 */
import { createSecretKey, randomBytes, randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { sealEvent } from "../src/crypto/event-sealer.js";
import { encrypt } from "../src/crypto/index.js";
import { benchEvent } from "./support/bench-events.js";

const { values: args } = parseArgs({
  options: { events: { type: "string", default: "100" }, rounds: { type: "string", default: "3000" } },
});
const EVENTS = Number(args.events);
const ROUNDS = Number(args.rounds);

const keys = Array.from({ length: EVENTS }, () => ({
  id: randomUUID(),
  key: createSecretKey(randomBytes(32)),
}));
interface BenchMessage {
  messageId: string;
  userId: string;
  timestamp: string;
  properties: Record<string, unknown>;
  context: { ip: string; userAgent: string };
}
const rows = Array.from({ length: EVENTS }, (_, i) => {
  const m = benchEvent(i, "sealing") as unknown as BenchMessage;
  return {
    workspace_id: "default",
    source_id: "bench",
    message_id: m.messageId,
    identity_key: `user:${m.userId}`,
    properties: m.properties,
    context: m.context,
    traits: {},
    extra: { sentAt: m.timestamp, originalTimestamp: m.timestamp },
  };
});
const plaintexts = rows.map((r) =>
  Buffer.from(JSON.stringify({ context: { ip: r.context.ip, userAgent: r.context.userAgent } })),
);

/** µs per event, after a warm-up of a tenth of the rounds. */
function measure(run: () => void): number {
  for (let i = 0; i < ROUNDS / 10; i++) run();
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) run();
  return ((performance.now() - started) * 1000) / (ROUNDS * EVENTS);
}

let sink: unknown;
const cipher = measure(() => {
  for (let i = 0; i < EVENTS; i++) sink = encrypt(keys[i]!.key, plaintexts[i]!, "aad").toString("base64url");
});
const sealing = measure(() => {
  for (let i = 0; i < EVENTS; i++) sink = sealEvent(rows[i]!, keys[i]!);
});
void sink;
console.log(`bench:sealing — ${EVENTS} bench events × ${ROUNDS} rounds`);
console.log(`  AES-256-GCM alone (node:crypto, base64url)   ${cipher.toFixed(2)} µs/event`);
console.log(`  sealEvent (split, serialise, seal, file)     ${sealing.toFixed(2)} µs/event`);
console.log(`  sealer's own share                           ${(sealing - cipher).toFixed(2)} µs/event`);
