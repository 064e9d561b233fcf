/**
 * Data subject requests (Art. 15–21): access and portability exports, rectification, erasure,
 * restriction and objection, each tracked with its status and the one-month deadline of Art. 12(3).
 * A request names how the person's identity was verified; staff record it (ID shown at the till,
 * logged-in account, …), and self-service requests come through the person's signed preference
 * link. Erasure removes everything about the person in one transaction and puts keyed hashes of
 * their identifiers on the suppression list.
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { AuditLog } from "../audit/index.js";
import { personKeySlot, type SubjectKeys } from "../crypto/index.js";
import type { Profiles } from "../profiles/index.js";
import { type ObjectionScope, PURPOSES } from "../protocol/index.js";
import type { Database, SubjectRequestsTable } from "../storage/index.js";
import type { ConsentLedger } from "./consent-ledger.js";
import { PrivacyError } from "./privacy-error.js";
import type { ProcessingRecord, SubjectExport } from "./subject-export.js";
import type { SuppressionList } from "./suppression-list.js";

export const REQUEST_KINDS = [
  "access",
  "portability",
  "rectification",
  "erasure",
  "restriction",
  "objection",
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const VERIFICATIONS = [
  "account_login",
  "id_document",
  "in_person",
  "known_contact_channel",
  "preference_link",
] as const;
export type Verification = (typeof VERIFICATIONS)[number];

export type RequestStatus = "received" | "completed" | "rejected";

export interface SubjectRequest {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  personId: string | null;
  channel: "staff" | "self_service";
  verification: Verification;
  receivedAt: string;
  dueAt: string;
  completedAt: string | null;
  overdue: boolean;
  outcome: Record<string, unknown>;
}

export interface NewRequest {
  kind: RequestKind;
  /** The person id or any identifier (`email:…`, `card:…`). */
  subject: string;
  verification: Verification;
  channel?: "staff" | "self_service" | undefined;
  /** What the request asks: new trait values (rectification), `active` (restriction), `scope` (objection). */
  details?: Record<string, unknown> | undefined;
}

export function createSubjectRequests(options: {
  db: Kysely<Database>;
  profiles: Profiles;
  consent: ConsentLedger;
  audit: AuditLog;
  suppression: SuppressionList;
  /** The per-subject data keys erasure destroys (crypto-shredding). */
  keys: SubjectKeys;
  /** The record of processing: purposes, legal bases, categories, retention, recipients. */
  processing: () => ProcessingRecord[];
}) {
  const { db, profiles, consent, audit, suppression, keys } = options;
  const processingOf = options.processing;

  async function open(workspaceId: string, request: NewRequest, actor: string): Promise<SubjectRequest> {
    const { id: personId } = await profiles.resolve(workspaceId, request.subject);
    const received = new Date();
    const row = {
      workspace_id: workspaceId,
      id: randomUUID(),
      kind: request.kind,
      status: "received",
      person_id: personId,
      channel: request.channel ?? "staff",
      verification: request.verification,
      actor,
      received_at: received,
      due_at: oneMonthAfter(received),
      completed_at: null,
      // Rectification values may be personal data; they are applied, not stored with the request.
      outcome: JSON.stringify({}),
    };
    await db.insertInto("subject_requests").values(row).execute();
    await audit.record(workspaceId, {
      actor,
      action: "request.open",
      subject: personId,
      details: { request: row.id, kind: request.kind, verification: request.verification },
    });
    return get(workspaceId, row.id);
  }

  async function get(workspaceId: string, id: string): Promise<SubjectRequest> {
    const row = await db
      .selectFrom("subject_requests")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("id", "=", id)
      .executeTakeFirst();
    if (row === undefined) throw new PrivacyError("request_not_found", `no subject request ${id}`);
    return toRequest(row);
  }

  async function complete(workspaceId: string, id: string, outcome: Record<string, unknown>): Promise<void> {
    await db
      .updateTable("subject_requests")
      .set({ status: "completed", completed_at: new Date(), outcome: JSON.stringify(outcome) })
      .where("workspace_id", "=", workspaceId)
      .where("id", "=", id)
      .execute();
  }

  async function exportOf(workspaceId: string, personId: string, requestId: string): Promise<SubjectExport> {
    const view = await profiles.get(workspaceId, personId);
    const [events, state, record, requests] = await Promise.all([
      profiles.eventsOf(workspaceId, view.id),
      consent.state(workspaceId, view.id),
      profiles.consentRecord(workspaceId, view.id),
      db
        .selectFrom("subject_requests")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .where("person_id", "=", view.id)
        .orderBy("received_at")
        .execute(),
    ]);
    return {
      format: "kundenprofil.subject-export/v1",
      generatedAt: new Date().toISOString(),
      requestId,
      subject: { id: view.id },
      profile: {
        identifiers: view.identifiers,
        traits: view.traits,
        traitSources: view.traitSources,
        demographics: view.demographics,
        computed: view.computed,
      },
      events: events.map((e) => ({
        at: new Date(e.ts).toISOString(),
        type: e.type,
        event: e.event,
        source: e.sourceId,
        messageId: e.messageId,
        properties: e.properties,
        traits: e.traits,
        context: e.context,
      })),
      consent: { current: state.consent, decisions: state.decisions, record: record.entries },
      processing: processingOf(),
      requests: requests.map((r) => ({
        id: r.id,
        kind: r.kind,
        status: r.status,
        receivedAt: r.received_at.toISOString(),
        completedAt: r.completed_at?.toISOString() ?? null,
      })),
    };
  }

  /** Carries out an open request; an access or portability request returns the export. */
  async function execute(
    workspaceId: string,
    requestId: string,
    actor: string,
    details: Record<string, unknown> = {},
  ): Promise<{ request: SubjectRequest; export?: SubjectExport }> {
    const request = await get(workspaceId, requestId);
    if (request.status !== "received")
      throw new PrivacyError("request_closed", `request ${requestId} is already ${request.status}`);
    const personId = request.personId;
    if (personId === null) throw new PrivacyError("profile_not_found", "the request names no person");
    let outcome: Record<string, unknown>;
    let exported: SubjectExport | undefined;
    switch (request.kind) {
      case "access":
      case "portability":
        exported = await exportOf(workspaceId, personId, requestId);
        outcome = { events: exported.events.length, identifiers: exported.profile.identifiers.length };
        break;
      case "erasure":
        outcome = await erase(workspaceId, personId);
        break;
      case "restriction": {
        if (details.active !== undefined && typeof details.active !== "boolean")
          throw new PrivacyError(
            "invalid_request_details",
            `restriction details.active must be true (restrict) or false (lift), got ${JSON.stringify(details.active)}`,
          );
        const active = details.active !== false;
        await consent.restrict(workspaceId, personId, { active, reason: `request ${requestId}` }, actor);
        outcome = { restricted: active };
        break;
      }
      case "objection": {
        const scope = (details.scope ?? "direct_marketing") as ObjectionScope;
        if (scope !== "direct_marketing" && !(PURPOSES as readonly string[]).includes(scope))
          throw new PrivacyError(
            "invalid_request_details",
            `objection scope must be direct_marketing or a purpose, got ${String(scope)}`,
          );
        await consent.object(
          workspaceId,
          personId,
          { scope, active: true, reason: `request ${requestId}` },
          actor,
        );
        outcome = { objection: scope };
        break;
      }
      case "rectification": {
        const traits = details.traits;
        if (traits === null || typeof traits !== "object" || Array.isArray(traits))
          throw new PrivacyError(
            "invalid_request_details",
            "a rectification needs details.traits: the corrected values",
          );
        await profiles.rectify(
          workspaceId,
          personId,
          { traits: traits as Record<string, unknown>, reason: `request ${requestId}` },
          actor,
        );
        outcome = { traits: Object.keys(traits) };
        break;
      }
    }
    await complete(workspaceId, requestId, outcome);
    await audit.record(workspaceId, {
      actor,
      action: `request.${request.kind}`,
      subject: personId,
      details: { request: requestId, ...outcome },
    });
    return {
      request: await get(workspaceId, requestId),
      ...(exported === undefined ? {} : { export: exported }),
    };
  }

  /** Art. 17: nothing identifying remains; the suppression list keeps the person from coming back. */
  async function erase(workspaceId: string, personId: string): Promise<Record<string, unknown>> {
    const started = performance.now();
    let destroyed = 0;
    const erased = await profiles.erase(workspaceId, personId, async (trx, rows) => {
      destroyed = await keys.destroy(trx, workspaceId, [...rows.keys, ...rows.persons.map(personKeySlot)]);
      await suppression.add(trx, workspaceId, rows.keys);
      await trx
        .deleteFrom("consent_confirmations")
        .where("workspace_id", "=", workspaceId)
        .where("person_id", "in", rows.persons)
        .execute();
    });
    keys.forget(workspaceId, [...erased.keys, ...erased.persons.map(personKeySlot)]);
    return {
      ...erased.counts,
      keysDestroyed: destroyed,
      suppressed: erased.keys.length,
      persons: erased.persons.length,
      ms: Math.round(performance.now() - started),
    };
  }

  return {
    open,
    get,
    execute,
    /** Opens and carries out a request in one step (the usual case once identity is verified). */
    async submit(workspaceId: string, request: NewRequest, actor: string) {
      const opened = await open(workspaceId, request, actor);
      return execute(workspaceId, opened.id, actor, request.details);
    },
    async list(
      workspaceId: string,
      filter: { status?: RequestStatus | undefined } = {},
    ): Promise<SubjectRequest[]> {
      let query = db.selectFrom("subject_requests").selectAll().where("workspace_id", "=", workspaceId);
      if (filter.status !== undefined) query = query.where("status", "=", filter.status);
      const rows = await query.orderBy("due_at").limit(1000).execute();
      return rows.map(toRequest);
    },
    async reject(
      workspaceId: string,
      requestId: string,
      reason: string,
      actor: string,
    ): Promise<SubjectRequest> {
      const request = await get(workspaceId, requestId);
      if (request.status !== "received")
        throw new PrivacyError("request_closed", `request ${requestId} is already ${request.status}`);
      await db
        .updateTable("subject_requests")
        .set({ status: "rejected", completed_at: new Date(), outcome: JSON.stringify({ reason }) })
        .where("workspace_id", "=", workspaceId)
        .where("id", "=", requestId)
        .execute();
      await audit.record(workspaceId, {
        actor,
        action: "request.reject",
        subject: request.personId,
        details: { request: requestId },
      });
      return get(workspaceId, requestId);
    },
  };
}

export type SubjectRequests = ReturnType<typeof createSubjectRequests>;

function toRequest(row: Selectable<SubjectRequestsTable>): SubjectRequest {
  return {
    id: row.id,
    kind: row.kind as RequestKind,
    status: row.status as RequestStatus,
    personId: row.person_id,
    channel: row.channel as SubjectRequest["channel"],
    verification: row.verification as Verification,
    receivedAt: row.received_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    overdue: row.status === "received" && row.due_at.getTime() < Date.now(),
    outcome: row.outcome,
  };
}

/** Art. 12(3): one month from receipt (the same day next month, or that month's last day). */
export function oneMonthAfter(date: Date): Date {
  const next = new Date(date);
  const day = next.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}
