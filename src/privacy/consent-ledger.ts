/**
 * The consent ledger: recording consent, objection and restriction, reading the current state and
 * the full record, deciding (`may`), and double opt-in. Every change is a `Consent Updated`,
 * `Objection Recorded` or `Processing Restricted` event filed under the person, committed before
 * the call returns; the profile's consent view is folded in the same transaction, and `may` reads
 * it fresh, so a withdrawal counts for the very next decision.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { AuditLog } from "../audit/index.js";
import type { ConsentRecordEntry, ConsentView, Profiles } from "../profiles/index.js";
import { CONSENT_EVENTS, type ObjectionScope, PURPOSES, type Purpose } from "../protocol/index.js";
import type { Database } from "../storage/index.js";
import { DEFAULT_PURPOSE_BASIS, type Decision, decide, type LegalBasis } from "./decide.js";
import { PrivacyError } from "./privacy-error.js";

export type ConsentChoice = "granted" | "denied" | "withdrawn";

export const CONSENT_METHODS = ["form", "preference_centre", "api", "unsubscribe_link", "import"] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export interface ConsentChange {
  purposes: Partial<Record<Purpose, ConsentChoice>>;
  notice?: { id: string; version?: string | undefined } | undefined;
  method: ConsentMethod;
  /** How it was given (form id, checkbox text, ip, …): kept with the record as proof. */
  proof?: Record<string, unknown> | undefined;
}

export interface ConsentState {
  id: string;
  consent: ConsentView;
  decisions: Record<Purpose, Decision>;
}

export interface Confirmation {
  purpose: Purpose;
  token: string;
  expiresAt: string;
}

/** Who changed something: an admin key, the CLI, or the person themself (preference centre). */
export type Actor = string;

const CONFIRMATION_DAYS = 7;
const NEEDS_CONFIRMATION: ReadonlySet<Purpose> = new Set(["marketing.email"]);

export function createConsentLedger(options: {
  db: Kysely<Database>;
  profiles: Profiles;
  audit: AuditLog;
  basisOf?: (purpose: Purpose) => LegalBasis;
}) {
  const { db, profiles, audit } = options;
  const basisOf = options.basisOf ?? ((purpose: Purpose) => DEFAULT_PURPOSE_BASIS[purpose]);

  async function viewOf(workspaceId: string, personId: string): Promise<ConsentView> {
    const view = await profiles.consentOf(workspaceId, personId);
    if (view === undefined) throw new PrivacyError("profile_not_found", `no profile ${personId}`);
    return view;
  }

  async function state(workspaceId: string, reference: string): Promise<ConsentState> {
    const { id } = await profiles.resolve(workspaceId, reference);
    const consent = await viewOf(workspaceId, id);
    const decisions = {} as Record<Purpose, Decision>;
    for (const purpose of PURPOSES) decisions[purpose] = decide(consent, purpose, basisOf(purpose));
    return { id, consent, decisions };
  }

  async function fileSignal(
    workspaceId: string,
    reference: string,
    event: string,
    properties: Record<string, unknown>,
  ): Promise<string> {
    return profiles.fileFor(workspaceId, reference, {
      type: "track",
      messageId: `consent-${randomUUID()}`,
      event,
      properties,
    });
  }

  async function record(
    workspaceId: string,
    reference: string,
    change: ConsentChange,
    actor: Actor,
  ): Promise<ConsentState & { confirmations: Confirmation[] }> {
    const entries = Object.entries(change.purposes) as [Purpose, ConsentChoice][];
    if (entries.length === 0) throw new PrivacyError("invalid_consent", "name at least one purpose");
    let id = "";
    for (const [purpose, status] of entries) {
      id = await fileSignal(workspaceId, reference, CONSENT_EVENTS.updated, {
        purpose,
        status,
        method: change.method,
        ...(change.notice === undefined
          ? {}
          : {
              notice_id: change.notice.id,
              ...(change.notice.version === undefined ? {} : { notice_version: change.notice.version }),
            }),
        ...(change.proof === undefined ? {} : { proof: change.proof }),
      });
    }
    await audit.record(workspaceId, {
      actor,
      action: "consent.record",
      subject: id,
      details: { purposes: change.purposes, method: change.method },
    });
    const confirmations: Confirmation[] = [];
    for (const [purpose, status] of entries)
      if (status === "granted" && NEEDS_CONFIRMATION.has(purpose))
        confirmations.push(await requestConfirmation(workspaceId, id, purpose));
    return { ...(await state(workspaceId, id)), confirmations };
  }

  return {
    state,

    /**
     * The decision for one person and purpose, from the committed state (no cache). A person
     * unknown here has given nothing, so only what needs no consent is allowed.
     */
    async may(workspaceId: string, reference: string, purpose: Purpose): Promise<Decision> {
      const { id } = await profiles.resolve(workspaceId, reference);
      return decide(await viewOf(workspaceId, id), purpose, basisOf(purpose));
    },

    record,

    /** Withdraws every purpose consented to (or the ones named): one call, effective at once. */
    async withdraw(
      workspaceId: string,
      reference: string,
      purposes: readonly Purpose[] | undefined,
      actor: Actor,
    ) {
      const current = await state(workspaceId, reference);
      const named =
        purposes ??
        PURPOSES.filter((p) => {
          const status = current.consent.purposes[p]?.status;
          return status === "granted" || status === "pending_confirmation";
        });
      if (named.length === 0) return { ...current, confirmations: [] };
      return record(
        workspaceId,
        current.id,
        { purposes: Object.fromEntries(named.map((p) => [p, "withdrawn"])), method: "api" },
        actor,
      );
    },

    /** Art. 21: an objection to one purpose or to direct marketing as a whole (absolute). */
    async object(
      workspaceId: string,
      reference: string,
      objection: { scope: ObjectionScope; active: boolean; reason?: string | undefined },
      actor: Actor,
    ): Promise<ConsentState> {
      const id = await fileSignal(workspaceId, reference, CONSENT_EVENTS.objection, {
        scope: objection.scope,
        active: objection.active,
        ...(objection.reason === undefined ? {} : { reason: objection.reason }),
      });
      await audit.record(workspaceId, {
        actor,
        action: objection.active ? "objection.record" : "objection.lift",
        subject: id,
        details: { scope: objection.scope },
      });
      return state(workspaceId, id);
    },

    /** Art. 18: restriction of processing, and its end. */
    async restrict(
      workspaceId: string,
      reference: string,
      restriction: { active: boolean; reason?: string | undefined },
      actor: Actor,
    ): Promise<ConsentState> {
      const id = await fileSignal(workspaceId, reference, CONSENT_EVENTS.restriction, {
        active: restriction.active,
        ...(restriction.reason === undefined ? {} : { reason: restriction.reason }),
      });
      await audit.record(workspaceId, {
        actor,
        action: restriction.active ? "restriction.record" : "restriction.lift",
        subject: id,
        details: {},
      });
      return state(workspaceId, id);
    },

    async history(
      workspaceId: string,
      reference: string,
    ): Promise<{ id: string; entries: ConsentRecordEntry[] }> {
      return profiles.consentRecord(workspaceId, reference);
    },

    requestConfirmation: async (workspaceId: string, reference: string, purpose: Purpose) => {
      const { id } = await profiles.resolve(workspaceId, reference);
      return requestConfirmation(workspaceId, id, purpose);
    },

    /** What a confirmation link would confirm, without confirming it (mail scanners follow links). */
    async pendingConfirmation(token: string) {
      const row = await confirmationRow(token);
      return {
        purpose: row.purpose,
        expiresAt: row.expires_at.toISOString(),
        confirmed: row.confirmed_at !== null,
      };
    },

    /** The click on the double opt-in link: the grant counts from now on. */
    async confirm(
      token: string,
      proof: Record<string, unknown>,
    ): Promise<{ purpose: string; confirmedAt: string }> {
      const row = await confirmationRow(token);
      if (row.confirmed_at !== null)
        return { purpose: row.purpose, confirmedAt: row.confirmed_at.toISOString() };
      if (row.expires_at.getTime() < Date.now())
        throw new PrivacyError(
          "confirmation_expired",
          "this confirmation link has expired; ask for a new one",
        );
      const confirmedAt = new Date();
      const id = await fileSignal(row.workspace_id, row.person_id, CONSENT_EVENTS.updated, {
        purpose: row.purpose,
        status: "granted",
        method: "double_opt_in",
        proof: {
          ...proof,
          requestedAt: row.requested_at.toISOString(),
          confirmedAt: confirmedAt.toISOString(),
        },
      });
      await db
        .updateTable("consent_confirmations")
        .set({ confirmed_at: confirmedAt })
        .where("token_hash", "=", hashToken(token))
        .execute();
      await audit.record(row.workspace_id, {
        actor: "subject",
        action: "consent.confirm",
        subject: id,
        details: { purpose: row.purpose },
      });
      return { purpose: row.purpose, confirmedAt: confirmedAt.toISOString() };
    },
  };

  async function requestConfirmation(
    workspaceId: string,
    personId: string,
    purpose: Purpose,
  ): Promise<Confirmation> {
    const token = randomBytes(24).toString("base64url");
    const now = new Date();
    const expiresAt = new Date(now.getTime() + CONFIRMATION_DAYS * 86_400_000);
    await db
      .insertInto("consent_confirmations")
      .values({
        workspace_id: workspaceId,
        token_hash: hashToken(token),
        person_id: personId,
        purpose,
        requested_at: now,
        expires_at: expiresAt,
        confirmed_at: null,
      })
      .execute();
    return { purpose, token, expiresAt: expiresAt.toISOString() };
  }

  async function confirmationRow(token: string) {
    const row = await db
      .selectFrom("consent_confirmations")
      .selectAll()
      .where("token_hash", "=", hashToken(token))
      .executeTakeFirst();
    if (row === undefined)
      throw new PrivacyError("confirmation_not_found", "unknown confirmation link; ask for a new one");
    return row;
  }
}

export type ConsentLedger = ReturnType<typeof createConsentLedger>;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
