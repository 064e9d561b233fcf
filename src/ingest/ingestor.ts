/**
 * The one way data gets in: validate each message, normalise it, hand the valid ones to the
 * group-commit writer and answer per message. Used by the HTTP tracking API, bulk import and the
 * demo generator alike.
 */
import { isMessageType, type MessageIssue, parseMessage } from "../protocol/index.js";
import { type FilingKey, type IngestContext, plainFilingKey, toEventRow } from "./event-row.js";
import { type EventWriter, type SerializedRow, serializeRow } from "./group-commit.js";
import type { IngestStats } from "./ingest-stats.js";

/** Segment's per-message limit; checked on the stored form of the message. */
export const MAX_MESSAGE_BYTES = 32 * 1024;

export type MessageResult =
  | { index: number; messageId: string; status: "stored" | "duplicate" }
  | { index: number; messageId?: string; status: "rejected"; issue: MessageIssue };

export interface IngestOptions {
  /** Per-message size limit in bytes; `Infinity` for bulk imports of large orders. */
  maxMessageBytes?: number;
  /** Type assumed when a message has none (the single-call endpoints such as /v1/track). */
  defaultType?: "identify" | "track" | "page" | "screen" | "group" | "alias";
}

export interface Ingestor {
  ingest(messages: readonly unknown[], ctx: IngestContext, options?: IngestOptions): Promise<MessageResult[]>;
}

export function createIngestor(
  writer: EventWriter,
  stats: IngestStats,
  fileUnder: FilingKey = plainFilingKey,
): Ingestor {
  return {
    async ingest(messages, ctx, options = {}) {
      const limit = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
      const results: MessageResult[] = new Array(messages.length);
      const rows: SerializedRow[] = [];
      const rowIndex: number[] = [];
      const rowType: string[] = [];
      const receivedAtIso = ctx.receivedAt.toISOString();
      messages.forEach((raw, index) => {
        const parsed = parseMessage(raw, options.defaultType);
        if (!parsed.ok) {
          results[index] = { index, ...messageIdOf(raw), status: "rejected", issue: parsed.issue };
          stats.count(ctx.workspaceId, ctx.sourceId, typeOf(raw, options.defaultType), "rejected");
          return;
        }
        const row = toEventRow(parsed.message, ctx, receivedAtIso, fileUnder);
        const serialized = serializeRow(row);
        if (serialized.json.length > limit && Buffer.byteLength(serialized.json) > limit) {
          const issue: MessageIssue = {
            code: "message_too_large",
            path: "",
            message: `message is larger than ${limit} bytes`,
          };
          results[index] = { index, messageId: row.message_id, status: "rejected", issue };
          stats.count(ctx.workspaceId, ctx.sourceId, row.type, "rejected");
          return;
        }
        rows.push(serialized);
        rowIndex.push(index);
        rowType.push(row.type);
        results[index] = { index, messageId: row.message_id, status: "stored" };
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
