/**
 * The one way data gets in: validate each message, minimise it (the source's declaration decides
 * which fields may be stored), normalise it, hand the valid ones to the group-commit writer and
 * answer per message. Used by the HTTP tracking API, bulk import and the demo generator alike.
 */
import { isMessageType, type MessageIssue, parseMessage, type SegmentMessage } from "../protocol/index.js";
import {
  type EventRow,
  type FilingKey,
  type IngestContext,
  plainFilingKey,
  toEventRow,
} from "./event-row.js";
import type { EventWriter, SerializedRow } from "./group-commit.js";
import type { IngestStats } from "./ingest-stats.js";
import { keepEverything, type Minimise, type MinimiseIssue } from "./minimise.js";

/** Segment's per-message limit; checked on the stored form of the message. */
export const MAX_MESSAGE_BYTES = 32 * 1024;

export type IngestIssue = MessageIssue | MinimiseIssue;

export type MessageResult =
  | {
      index: number;
      messageId: string;
      status: "stored" | "duplicate";
      /** Undeclared fields removed before storing (policy `strip`); absent when none were. */
      stripped?: readonly string[];
    }
  | { index: number; messageId?: string; status: "rejected"; issue: IngestIssue };

export interface IngestOptions {
  /** Per-message size limit in bytes; `Infinity` for bulk imports of large orders. */
  maxMessageBytes?: number;
  /** Type assumed when a message has none (the single-call endpoints such as /v1/track). */
  defaultType?: "identify" | "track" | "page" | "screen" | "group" | "alias";
}

export interface Ingestor {
  ingest(messages: readonly unknown[], ctx: IngestContext, options?: IngestOptions): Promise<MessageResult[]>;
}

/**
 * Encryption at rest: the stored form of the rows, their personal parts sealed (a copy; the
 * plain rows go on to identity resolution and the profile fold).
 */
export type RowSealer = (rows: readonly EventRow[]) => Promise<EventRow[]>;

/**
 * `minimise` is the data-minimisation stage (the schema registry's) and `seal` encryption at rest,
 * both wired by the core; without them every message is stored as it came.
 */
export function createIngestor(
  writer: EventWriter,
  stats: IngestStats,
  fileUnder: FilingKey = plainFilingKey,
  minimise: Minimise = keepEverything,
  seal?: RowSealer,
): Ingestor {
  return {
    async ingest(messages, ctx, options = {}) {
      const limit = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
      const results: MessageResult[] = new Array(messages.length);
      const accepted: Array<{
        index: number;
        row: EventRow;
        stripped: readonly string[];
        undeclared: number;
      }> = [];
      const rows: SerializedRow[] = [];
      const rowIndex: number[] = [];
      const rowType: string[] = [];
      const receivedAtIso = ctx.receivedAt.toISOString();
      const reject = (index: number, type: string, messageId: { messageId?: string }, issue: IngestIssue) => {
        results[index] = { index, ...messageId, status: "rejected", issue };
        stats.count(ctx.workspaceId, ctx.sourceId, type, "rejected");
      };
      for (let index = 0; index < messages.length; index++) {
        const raw = messages[index];
        const parsed = parseMessage(raw, options.defaultType);
        if (!parsed.ok) {
          reject(index, typeOf(raw, options.defaultType), messageIdOf(raw), parsed.issue);
          continue;
        }
        const minimised = minimise(withCallerIp(parsed.message, ctx), ctx);
        if (!minimised.ok) {
          reject(index, parsed.message.type, messageIdOf(raw), minimised.issue);
          continue;
        }
        const row = toEventRow(minimised.message, ctx, receivedAtIso, fileUnder);
        accepted.push({ index, row, stripped: minimised.stripped, undeclared: minimised.undeclared });
      }
      const storedForms =
        seal === undefined ? accepted.map((a) => a.row) : await seal(accepted.map((a) => a.row));
      accepted.forEach(({ index, row, stripped, undeclared }, i) => {
        const serialized = writer.serialize(row, storedForms[i]!);
        // The limit is Segment's, in bytes, on the message as sent: the sealed form is never
        // smaller, and a UTF-16 unit takes at most 3 bytes, so only a long one is measured exactly.
        if (serialized.jsonLength * 3 > limit && Buffer.byteLength(JSON.stringify(row)) > limit) {
          reject(index, row.type, { messageId: row.message_id }, tooLarge(limit));
          return;
        }
        rows.push(serialized);
        rowIndex.push(index);
        rowType.push(row.type);
        results[index] = storedResult(index, row.message_id, stripped);
        if (stripped.length > 0 || undeclared > 0)
          stats.countFields(ctx.workspaceId, ctx.sourceId, row.type, stripped.length, undeclared);
      });
      const stored = await writer.write(rows);
      stored.forEach((isNew, i) => {
        const index = rowIndex[i]!;
        const result = results[index]!;
        if (!isNew && result.status === "stored") results[index] = { ...result, status: "duplicate" };
        stats.count(ctx.workspaceId, ctx.sourceId, rowType[i]!, isNew ? "accepted" : "deduplicated");
      });
      return results;
    },
  };
}

function storedResult(index: number, messageId: string, stripped: readonly string[]): MessageResult {
  return stripped.length === 0
    ? { index, messageId, status: "stored" }
    : { index, messageId, status: "stored", stripped };
}

function tooLarge(limit: number): MessageIssue {
  return { code: "message_too_large", path: "", message: `message is larger than ${limit} bytes` };
}

/**
 * The caller's address becomes `context.ip` unless the message sets one — before minimising, so
 * that a source which does not declare `context.ip` does not get it stored either. The parsed
 * message is ingest's own copy; the caller's context object is not touched.
 */
function withCallerIp(message: SegmentMessage, ctx: IngestContext): SegmentMessage {
  if (!ctx.ip || message.context?.ip !== undefined) return message;
  // Copied key by key: a spread followed by a new property is V8's slow path (1–2 µs here).
  // Plain assignment is safe: parseMessage has refused `__proto__` keys.
  const context: Record<string, unknown> = {};
  const original = message.context ?? {};
  for (const name of Object.keys(original)) context[name] = original[name];
  context.ip = ctx.ip;
  message.context = context;
  return message;
}

function messageIdOf(raw: unknown): { messageId?: string } {
  const id = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>).messageId : undefined;
  return typeof id === "string" || typeof id === "number" ? { messageId: String(id) } : {};
}

function typeOf(raw: unknown, defaultType: string | undefined): string {
  const type =
    raw !== null && typeof raw === "object"
      ? ((raw as Record<string, unknown>).type ?? defaultType)
      : defaultType;
  return isMessageType(type) ? type : "invalid";
}
