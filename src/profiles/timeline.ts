/**
 * A person's interactions in time order, newest first: every event filed under any of their
 * identifiers, labelled with what it was (order, survey, complaint, consent change, …) and the
 * channel it came through.
 */
import { type Kysely, sql } from "kysely";
import type { EventCrypto } from "../crypto/index.js";
import type { Database } from "../storage/index.js";
import { ProfileError } from "./profile-error.js";
import type { LoggedEvent } from "./stored-events.js";

export interface TimelineEntry {
  at: string;
  kind: string;
  type: string;
  event: string | null;
  channel: string;
  source: string;
  messageId: string;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
}

const KINDS: Record<string, string> = {
  "Order Completed": "order",
  "Order Cancelled": "order",
  "Order Refunded": "order",
  "Survey Answered": "survey",
  "Complaint Filed": "complaint",
  "Review Submitted": "review",
  "Loyalty Points Earned": "loyalty",
  "Loyalty Points Redeemed": "loyalty",
  "Location Entered": "location",
  "Warranty Registered": "warranty",
  "Contest Entered": "contest",
  "Products Searched": "search",
  "Email Sent": "message",
  "Message Sent": "message",
  "Consent Updated": "consent",
  "Objection Recorded": "consent",
  "Processing Restricted": "restriction",
};

export async function timelineOf(
  db: Kysely<Database>,
  workspaceId: string,
  keys: readonly string[],
  options: { limit: number; cursor?: string | undefined; kind?: string | undefined },
  crypto: EventCrypto,
): Promise<{ entries: TimelineEntry[]; nextCursor: string | null }> {
  let before: [string, number] | undefined;
  if (options.cursor !== undefined) {
    try {
      const [ts, id] = JSON.parse(Buffer.from(options.cursor, "base64url").toString()) as [string, number];
      if (Number.isNaN(Date.parse(ts)) || !Number.isInteger(id)) throw new Error("bad");
      before = [ts, id];
    } catch {
      throw new ProfileError("invalid_cursor", "cursor is not one this API returned");
    }
  }
  const entries: TimelineEntry[] = [];
  let last: LoggedEvent | undefined;
  let exhausted = false;
  // A kind filter is applied after reading, so read in pages until the page is full.
  while (entries.length < options.limit && !exhausted) {
    const { rows: sealed } = await sql<LoggedEvent>`
      select workspace_id, identity_key, id, ts, type, event, source_id, message_id, properties, traits, context, extra from events
      where workspace_id = ${workspaceId} and identity_key = any(${keys as string[]}::text[])
        ${before === undefined ? sql`` : sql`and (ts, id) < (${before[0]}::timestamptz, ${before[1]})`}
      order by ts desc, id desc limit ${options.limit}`.execute(db);
    const rows = await crypto.open(db, workspaceId, sealed);
    exhausted = rows.length < options.limit;
    for (const row of rows) {
      last = row;
      const entry = toEntry(row);
      if (options.kind === undefined || entry.kind === options.kind) entries.push(entry);
      if (entries.length === options.limit) break;
    }
    if (last !== undefined) before = [last.ts.toISOString(), Number(last.id)];
  }
  const nextCursor =
    !exhausted && last !== undefined
      ? Buffer.from(JSON.stringify([last.ts.toISOString(), Number(last.id)])).toString("base64url")
      : null;
  return { entries, nextCursor };
}

function toEntry(row: LoggedEvent): TimelineEntry {
  return {
    at: row.ts.toISOString(),
    kind: kindOf(row),
    type: row.type,
    event: row.event,
    channel: channelOf(row),
    source: row.source_id,
    messageId: row.message_id,
    properties: row.properties,
    traits: row.traits,
  };
}

function kindOf(row: LoggedEvent): string {
  if (row.type === "track") return KINDS[row.event ?? ""] ?? "event";
  if (row.type === "identify") {
    if (row.context.rectification !== undefined) return "rectification";
    return row.context.consent !== undefined ? "consent" : "identify";
  }
  if (row.type === "page" || row.type === "screen") return "visit";
  return row.type;
}

function channelOf(row: LoggedEvent): string {
  const declared = row.properties.channel;
  if (typeof declared === "string") return declared;
  if (typeof row.properties.store_id === "string" || typeof row.context.store_id === "string") return "store";
  const campaign = row.context.campaign;
  if (
    campaign !== null &&
    typeof campaign === "object" &&
    typeof (campaign as Record<string, unknown>).medium === "string"
  )
    return (campaign as Record<string, string>).medium as string;
  switch (row.extra.channel) {
    case "browser":
      return "web";
    case "mobile":
      return "app";
    case "server":
      return "backend";
    default:
      return typeof row.extra.channel === "string" ? row.extra.channel : "unknown";
  }
}
