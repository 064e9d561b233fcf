/** Reading the event log back: the live event debugger's recent-events query. */
import type { Kysely } from "kysely";
import type { EventCrypto } from "../crypto/index.js";
import type { Database } from "../storage/index.js";

export interface EventFilter {
  source?: string | undefined;
  type?: string | undefined;
  event?: string | undefined;
  userId?: string | undefined;
  anonymousId?: string | undefined;
  since?: Date | undefined;
  /** Keyset cursor: only events with a smaller id (older) than this. */
  before?: number | undefined;
  limit?: number | undefined;
}

export interface StoredEvent {
  id: number;
  source: string;
  messageId: string;
  type: string;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  timestamp: Date;
  receivedAt: Date;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  extra: Record<string, unknown>;
}

/** Newest first. */
export async function listEvents(
  db: Kysely<Database>,
  workspaceId: string,
  filter: EventFilter,
  crypto: EventCrypto,
): Promise<StoredEvent[]> {
  let query = db.selectFrom("events").selectAll().where("workspace_id", "=", workspaceId);
  if (filter.source) query = query.where("source_id", "=", filter.source);
  if (filter.type) query = query.where("type", "=", filter.type);
  if (filter.event) query = query.where("event", "=", filter.event);
  if (filter.userId) query = query.where("user_id", "=", filter.userId);
  if (filter.anonymousId) query = query.where("anonymous_id", "=", filter.anonymousId);
  if (filter.since) query = query.where("received_at", ">=", filter.since);
  if (filter.before) query = query.where("id", "<", String(filter.before));
  const sealed = await query
    .orderBy("id", "desc")
    .limit(Math.min(filter.limit ?? 50, 1000))
    .execute();
  const rows = await crypto.open(db, workspaceId, sealed);
  return rows.map((r) => ({
    id: Number(r.id),
    source: r.source_id,
    messageId: r.message_id,
    type: r.type,
    event: r.event,
    userId: r.user_id,
    anonymousId: r.anonymous_id,
    timestamp: r.ts,
    receivedAt: r.received_at,
    properties: r.properties,
    traits: r.traits,
    context: r.context,
    extra: r.extra,
  }));
}
