/**
 * A person's consent record (Art. 7(1): the controller must be able to show consent was given):
 * every change of consent, objection and restriction from the event log, oldest first, with where
 * it came from and the proof that came with it. A consent-aware client repeats the preferences on
 * every event; only changes are listed.
 */
import { type Kysely, sql } from "kysely";
import type { EventCrypto } from "../crypto/index.js";
import { CONSENT_EVENTS, type ConsentSignal, consentSignalsOf } from "../protocol/index.js";
import type { Database } from "../storage/index.js";
import type { LoggedEvent } from "./stored-events.js";

export interface ConsentRecordEntry {
  at: string;
  kind: ConsentSignal["kind"];
  /** The purpose (consent), the scope (objection); absent for restriction. */
  purpose?: string;
  /** granted / denied / withdrawn, or active / lifted for objections and restriction. */
  status: string;
  confirmed?: true;
  source: string;
  messageId: string;
  noticeId?: string;
  noticeVersion?: string;
  method?: string;
  proof: Record<string, unknown>;
}

const SIGNAL_EVENTS: readonly string[] = Object.values(CONSENT_EVENTS);

export async function consentRecordOf(
  db: Kysely<Database>,
  workspaceId: string,
  keys: readonly string[],
  crypto: EventCrypto,
): Promise<ConsentRecordEntry[]> {
  if (keys.length === 0) return [];
  const { rows: sealed } = await sql<LoggedEvent>`
    select workspace_id, identity_key, id, ts, type, event, source_id, message_id, properties, context, traits, extra
    from events
    where workspace_id = ${workspaceId} and identity_key = any(${keys as string[]}::text[])
      and (context ? 'consent' or context ? 'gpc' or event = any(${SIGNAL_EVENTS as string[]}::text[]))
    order by ts, id`.execute(db);
  const rows = await crypto.open(db, workspaceId, sealed);
  const entries: ConsentRecordEntry[] = [];
  const current = new Map<string, string>();
  for (const row of rows) {
    // Explicit consent events are each listed; preferences riding along on ordinary events only
    // when they differ from the last status listed.
    const explicit = row.event !== null && SIGNAL_EVENTS.includes(row.event);
    for (const signal of consentSignalsOf(row)) {
      const entry = entryOf(row, signal);
      const slot = `${entry.kind}/${entry.purpose ?? ""}`;
      const repeated = current.get(slot) === entry.status;
      current.set(slot, entry.status);
      if (explicit || !repeated) entries.push(entry);
    }
  }
  return entries;
}

function entryOf(row: LoggedEvent, signal: ConsentSignal): ConsentRecordEntry {
  const p = row.type === "track" ? row.properties : {};
  const base = {
    at: row.ts.toISOString(),
    kind: signal.kind,
    source: row.source_id,
    messageId: row.message_id,
    ...(typeof p.notice_id === "string" ? { noticeId: p.notice_id } : {}),
    ...(typeof p.notice_version === "string" ? { noticeVersion: p.notice_version } : {}),
    ...(typeof p.method === "string" ? { method: p.method } : {}),
    proof: proofOf(row, p),
  };
  switch (signal.kind) {
    case "consent":
      return {
        ...base,
        purpose: signal.purpose,
        status: signal.status,
        ...(signal.confirmed ? { confirmed: true as const } : {}),
      };
    case "objection":
      return { ...base, purpose: signal.scope, status: signal.active ? "active" : "lifted" };
    case "restriction":
      return { ...base, status: signal.active ? "active" : "lifted" };
  }
}

/** What shows how the signal was given: the stated proof, else the request's own traces. */
function proofOf(row: LoggedEvent, p: Record<string, unknown>): Record<string, unknown> {
  const stated = p.proof !== null && typeof p.proof === "object" ? (p.proof as Record<string, unknown>) : {};
  const traces: Record<string, unknown> = {};
  for (const name of ["ip", "userAgent", "locale"])
    if (row.context[name] !== undefined) traces[name] = row.context[name];
  if (row.context.gpc === true) traces.gpc = true;
  const page = row.context.page;
  if (page !== null && typeof page === "object" && typeof (page as Record<string, unknown>).url === "string")
    traces.page = (page as Record<string, unknown>).url;
  return { ...traces, ...stated };
}
