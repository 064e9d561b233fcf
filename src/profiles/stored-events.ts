/** Reads events back from the log in the shape the projector folds (replays and recomputations). */
import { type Kysely, sql, type Transaction } from "kysely";
import type { EventCrypto } from "../crypto/index.js";
import type { Database } from "../storage/index.js";
import type { ProjectedEvent } from "./fold-event.js";

/** An event row as the profile context's readers select it (the columns the event sealer needs). */
export interface LoggedEvent {
  id: string | number;
  workspace_id: string;
  ts: Date;
  type: string;
  event: string | null;
  source_id: string;
  message_id: string;
  identity_key: string;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  extra: Record<string, unknown>;
}

interface EventRecord extends LoggedEvent {
  user_id: string | null;
  anonymous_id: string | null;
}

/** The events filed under any of `keys`, or the next `limit` after event id `after`; in log order. */
export async function readEvents(
  db: Kysely<Database> | Transaction<Database>,
  workspaceId: string,
  range: { keys: readonly string[] } | { after: number; limit: number },
  crypto: EventCrypto,
): Promise<ProjectedEvent[]> {
  if ("keys" in range && range.keys.length === 0) return [];
  const where =
    "keys" in range
      ? sql`identity_key = any(${range.keys as string[]}::text[]) order by id`
      : sql`id > ${range.after} order by id limit ${range.limit}`;
  const { rows: sealed } = await sql<EventRecord>`
    select id, workspace_id, ts, type, event, source_id, message_id, user_id, anonymous_id, identity_key,
           properties, traits, context, extra
    from events where workspace_id = ${workspaceId} and ${where}`.execute(db);
  const rows = await crypto.open(db, workspaceId, sealed);
  return rows.map((r) => ({
    id: Number(r.id),
    ts: r.ts.getTime(),
    type: r.type,
    event: r.event,
    sourceId: r.source_id,
    messageId: r.message_id,
    properties: r.properties,
    traits: r.traits,
    context: r.context,
    extra: r.extra,
    workspaceId: r.workspace_id,
    identityKey: r.identity_key,
    userId: r.user_id,
    anonymousId: r.anonymous_id,
  }));
}
