/**
 * The stored shape of one accepted message and how a Segment message becomes one: ids as
 * strings, the clock-skew-corrected timestamp, and the fields each call type carries.
 */
import { randomUUID } from "node:crypto";
import { isStorableTime, type SegmentMessage } from "../protocol/index.js";

export interface EventRow {
  workspace_id: string;
  source_id: string;
  message_id: string;
  type: string;
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  /** The identifier the event is filed under (see `FilingKey`). */
  identity_key: string;
  ts: string;
  received_at: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  traits: Record<string, unknown>;
  extra: Record<string, unknown>;
}

export interface IngestContext {
  workspaceId: string;
  sourceId: string;
  receivedAt: Date;
  /** `sentAt` of the enclosing batch, used when a message has none of its own. */
  sentAt?: Date | undefined;
  /** The caller's address, kept as `context.ip` unless the message sets one. */
  ip?: string | undefined;
  /** The request carried `Sec-GPC: 1` (Global Privacy Control): kept as `context.gpc`. */
  gpc?: boolean | undefined;
}

/**
 * The identifier an event is filed under. Plain: its userId, else its anonymousId; the identity
 * context supplies the real one (strongest identifier, blocked values skipped).
 */
export type FilingKey = (row: Omit<EventRow, "identity_key">) => string;

export const plainFilingKey: FilingKey = (row) =>
  row.user_id !== null ? `user:${row.user_id}` : `anon:${row.anonymous_id}`;

/**
 * Segment's clock-skew correction: the device clock may be wrong, but the difference between when
 * it made the call and when it sent it is not, so `timestamp = receivedAt − (sentAt − originalTimestamp)`.
 * Without `sentAt` (imports, server-side calls) the given time is taken as is, and so it is when
 * the correction would leave the range the log can hold (a `sentAt` centuries off).
 */
export function correctedTimestamp(message: SegmentMessage, ctx: IngestContext): Date {
  const original = message.originalTimestamp ?? message.timestamp;
  const sentAt = message.sentAt ?? ctx.sentAt;
  if (original && sentAt) {
    const corrected = ctx.receivedAt.getTime() - (sentAt.getTime() - original.getTime());
    if (isStorableTime(corrected)) return new Date(corrected);
  }
  return original ?? ctx.receivedAt;
}

/** The message's context with what the request itself said: the caller's address and GPC. */
function requestContext(context: Record<string, unknown>, ctx: IngestContext): Record<string, unknown> {
  const addIp = ctx.ip !== undefined && ctx.ip !== "" && context.ip === undefined;
  const addGpc = ctx.gpc === true && context.gpc !== true;
  if (!addIp && !addGpc) return context;
  return { ...context, ...(addIp ? { ip: ctx.ip } : {}), ...(addGpc ? { gpc: true } : {}) };
}

/**
 * `receivedAtIso` is `ctx.receivedAt` as ISO text, formatted once per request by the caller
 * rather than once per message.
 */
export function toEventRow(
  message: SegmentMessage,
  ctx: IngestContext,
  receivedAtIso = ctx.receivedAt.toISOString(),
  fileUnder: FilingKey = plainFilingKey,
): EventRow {
  const context = message.context ?? {};
  const extra: Record<string, unknown> = {};
  let properties: Record<string, unknown> = {};
  let traits: Record<string, unknown> = {};
  let event: string | null = null;
  switch (message.type) {
    case "track":
      event = message.event;
      properties = message.properties ?? {};
      break;
    case "page":
      properties = message.properties ?? {};
      if (message.name) extra.name = message.name;
      if (message.category) extra.category = message.category;
      break;
    case "screen":
      properties = message.properties ?? {};
      if (message.name) extra.name = message.name;
      break;
    case "identify":
      traits = message.traits ?? {};
      break;
    case "group":
      traits = message.traits ?? {};
      extra.groupId = message.groupId;
      break;
    case "alias":
      extra.previousId = message.previousId;
      break;
  }
  if (message.integrations) extra.integrations = message.integrations;
  if (message.channel) extra.channel = message.channel;
  const original = message.originalTimestamp ?? message.timestamp;
  if (original) extra.originalTimestamp = original.toISOString();
  const sentAt = message.sentAt ?? ctx.sentAt;
  if (sentAt) extra.sentAt = sentAt.toISOString();
  const row: EventRow = {
    workspace_id: ctx.workspaceId,
    source_id: ctx.sourceId,
    message_id: message.messageId ?? `auto-${randomUUID()}`,
    type: message.type,
    event,
    user_id: message.userId ?? null,
    anonymous_id: message.anonymousId ?? null,
    identity_key: "",
    ts: correctedTimestamp(message, ctx).toISOString(),
    received_at: receivedAtIso,
    properties,
    context: requestContext(context, ctx),
    traits,
    extra,
  };
  row.identity_key = fileUnder(row);
  return row;
}
