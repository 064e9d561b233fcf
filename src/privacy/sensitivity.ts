/**
 * The sensitive-inference guard (Art. 9, scenario 7). A shift in a loyalty card's basket from baby
 * products to alcohol says something about a family's life; targeting on it would process special
 * categories of data, or infer them. So every targeting definition (segment, recommendation,
 * campaign, computed trait) is checked against the sensitive tags of what it refers to: product
 * categories, events, declared fields and product tags. Using any of them needs explicit consent
 * as the legal basis and the data protection officer's approval of that very definition (a changed
 * definition needs a new one); otherwise it is refused with the reason. Every attempt is audited. Individual pricing is refused outright: profiles
 * never set a customer's price.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { AuditLog } from "../audit/index.js";
import type { Database } from "../storage/index.js";
import { PrivacyError } from "./privacy-error.js";

export const SENSITIVE_TAGS = [
  "health",
  "pregnancy_baby",
  "alcohol",
  "religion",
  "sexuality",
  "ethnicity",
  "political_opinion",
  "trade_union",
  "biometric",
  "genetic",
  "financial_distress",
] as const;
export type SensitiveTag = (typeof SENSITIVE_TAGS)[number];

/** The tag each Art. 9 category of the schema registry carries. */
export const SPECIAL_CATEGORY_TAGS: Readonly<Record<string, SensitiveTag>> = {
  health: "health",
  religion: "religion",
  ethnicity: "ethnicity",
  political_opinion: "political_opinion",
  sexual_orientation: "sexuality",
  biometric: "biometric",
  genetic: "genetic",
  trade_union: "trade_union",
};

export const TARGETING_KINDS = [
  "segment",
  "recommendation",
  "campaign",
  "computed_trait",
  "pricing",
] as const;
export type TargetingKind = (typeof TARGETING_KINDS)[number];

export interface TargetingUse {
  kind: TargetingKind;
  name: string;
  /** Product category paths or names ("Drogerie > Baby", "Wein"). */
  categories?: readonly string[] | undefined;
  events?: readonly string[] | undefined;
  /** Fields as `traits.x` or `properties.x`. */
  fields?: readonly string[] | undefined;
  productTags?: readonly string[] | undefined;
}

export interface SensitivityPolicy {
  /** Words in a category path (any segment, case-insensitive) and the tags they carry. */
  categoryWords: Readonly<Record<string, readonly SensitiveTag[]>>;
  events: Readonly<Record<string, readonly SensitiveTag[]>>;
  /** Declared fields of a special category (from the schema registry). */
  fields: Readonly<Record<string, readonly SensitiveTag[]>>;
}

/**
 * What a German or Swiss shop's categories call the sensitive ranges. The schema registry adds the
 * fields it declares as special categories; a shop can add words and events there too.
 */
export const DEFAULT_SENSITIVITY_POLICY: SensitivityPolicy = {
  categoryWords: {
    baby: ["pregnancy_baby"],
    schwangerschaft: ["pregnancy_baby"],
    pregnancy: ["pregnancy_baby"],
    windeln: ["pregnancy_baby"],
    gesundheit: ["health"],
    apotheke: ["health"],
    pharmacy: ["health"],
    health: ["health"],
    medizin: ["health"],
    arznei: ["health"],
    schmerzmittel: ["health"],
    inkontinenz: ["health"],
    bier: ["alcohol"],
    wein: ["alcohol"],
    sekt: ["alcohol"],
    spirituosen: ["alcohol"],
    alkohol: ["alcohol"],
    alcohol: ["alcohol"],
    religion: ["religion"],
    erotik: ["sexuality"],
    sexual: ["sexuality"],
  },
  events: {},
  fields: {},
};

export interface SensitiveReference {
  reference: string;
  tags: SensitiveTag[];
}

/** The sensitive references in a use, with their tags. Pure. */
export function sensitiveReferences(use: TargetingUse, policy: SensitivityPolicy): SensitiveReference[] {
  const found: SensitiveReference[] = [];
  const add = (reference: string, tags: Iterable<SensitiveTag>) => {
    const list = [...new Set(tags)].sort();
    if (list.length > 0) found.push({ reference, tags: list });
  };
  for (const category of use.categories ?? []) add(`category ${category}`, categoryTags(category, policy));
  for (const event of use.events ?? []) add(`event ${event}`, policy.events[event] ?? []);
  for (const field of use.fields ?? []) add(`field ${field}`, policy.fields[field] ?? []);
  for (const tag of use.productTags ?? [])
    add(
      `product tag ${tag}`,
      (SENSITIVE_TAGS as readonly string[]).includes(tag) ? [tag as SensitiveTag] : [],
    );
  return found;
}

export function categoryTags(category: string, policy: SensitivityPolicy): SensitiveTag[] {
  const tags: SensitiveTag[] = [];
  for (const segment of category.toLowerCase().split(/\s*(?:>|\/|&|,)\s*|\s+/))
    for (const [word, wordTags] of Object.entries(policy.categoryWords))
      if (segment.includes(word)) tags.push(...wordTags);
  return [...new Set(tags)];
}

export interface Approval {
  id: string;
  kind: TargetingKind;
  name: string;
  fingerprint: string;
  sensitive: SensitiveReference[];
  legalBasis: "explicit_consent";
  note: string | null;
  approvedBy: string;
  approvedAt: string;
  revokedAt: string | null;
}

export interface SensitivityGuard {
  readonly policy: SensitivityPolicy;
  /**
   * Lets a use through when it touches nothing sensitive, or when the data protection officer
   * approved exactly this use; refuses it otherwise. Audited either way.
   */
  check(
    workspaceId: string,
    use: TargetingUse,
    actor: string,
  ): Promise<{ sensitive: SensitiveReference[]; approval?: string }>;
  /** The DPO's approval of one sensitive use on an explicit-consent basis (Art. 9(2)(a)). */
  approve(
    workspaceId: string,
    use: TargetingUse,
    approval: { legalBasis: "explicit_consent"; note?: string | undefined },
    actor: string,
  ): Promise<Approval>;
  revoke(workspaceId: string, id: string, actor: string): Promise<Approval>;
  approvals(workspaceId: string): Promise<Approval[]>;
}

export function createSensitivityGuard(
  db: Kysely<Database>,
  audit: AuditLog,
  policy = DEFAULT_SENSITIVITY_POLICY,
): SensitivityGuard {
  const rows = () => db.selectFrom("sensitive_approvals").selectAll();
  return {
    policy,
    async check(workspaceId, use, actor) {
      const record = (action: string, details: Record<string, unknown>) =>
        audit.record(workspaceId, {
          actor,
          action,
          subject: null,
          details: { kind: use.kind, name: use.name, ...details },
        });
      if (use.kind === "pricing") {
        await record("targeting.refused", { reason: "individual_pricing" });
        throw new PrivacyError(
          "sensitive_targeting_refused",
          "profiles never set individual prices: pricing by profile is refused",
        );
      }
      const sensitive = sensitiveReferences(use, policy);
      if (sensitive.length === 0) return { sensitive };
      const approval = await rows()
        .select("id")
        .where("workspace_id", "=", workspaceId)
        .where("kind", "=", use.kind)
        .where("name", "=", use.name)
        .where("fingerprint", "=", fingerprintOf(use, sensitive))
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      if (approval !== undefined) {
        await record("targeting.sensitive_used", { approval: approval.id, sensitive });
        return { sensitive, approval: approval.id };
      }
      await record("targeting.refused", { reason: "sensitive_without_approval", sensitive });
      throw new PrivacyError(
        "sensitive_targeting_refused",
        `${use.kind} ${JSON.stringify(use.name)} uses sensitive data (${sensitive
          .map((s) => `${s.reference}: ${s.tags.join(", ")}`)
          .join(
            "; ",
          )}); it needs explicit consent (Art. 9(2)(a)) and the data protection officer's approval of this very definition`,
      );
    },

    async approve(workspaceId, use, approval, actor) {
      const sensitive = sensitiveReferences(use, policy);
      if (sensitive.length === 0)
        throw new PrivacyError(
          "nothing_to_approve",
          `${use.kind} ${JSON.stringify(use.name)} uses nothing sensitive`,
        );
      if (use.kind === "pricing")
        throw new PrivacyError("sensitive_targeting_refused", "individual pricing cannot be approved");
      const row = {
        workspace_id: workspaceId,
        id: randomUUID(),
        kind: use.kind,
        name: use.name,
        fingerprint: fingerprintOf(use, sensitive),
        sensitive: JSON.stringify(sensitive),
        legal_basis: approval.legalBasis,
        note: approval.note ?? null,
        approved_by: actor,
        approved_at: new Date(),
        revoked_at: null,
      };
      await db.insertInto("sensitive_approvals").values(row).execute();
      await audit.record(workspaceId, {
        actor,
        action: "targeting.approve",
        subject: null,
        details: { approval: row.id, kind: use.kind, name: use.name, sensitive },
      });
      return toApproval({ ...row, sensitive });
    },

    async revoke(workspaceId, id, actor) {
      const updated = await db
        .updateTable("sensitive_approvals")
        .set({ revoked_at: new Date() })
        .where("workspace_id", "=", workspaceId)
        .where("id", "=", id)
        .where("revoked_at", "is", null)
        .returningAll()
        .executeTakeFirst();
      if (updated === undefined) throw new PrivacyError("approval_not_found", `no active approval ${id}`);
      await audit.record(workspaceId, {
        actor,
        action: "targeting.revoke",
        subject: null,
        details: { approval: id },
      });
      return toApproval(updated);
    },

    async approvals(workspaceId) {
      return (await rows().where("workspace_id", "=", workspaceId).orderBy("approved_at").execute()).map(
        toApproval,
      );
    },
  };
}

/** What an approval is for: the use's kind and name and exactly the sensitive data it touches. */
function fingerprintOf(use: TargetingUse, sensitive: readonly SensitiveReference[]): string {
  const refs = sensitive.map((s) => s.reference).sort();
  return createHash("sha256")
    .update(JSON.stringify([use.kind, use.name, refs]))
    .digest("base64url");
}

function toApproval(row: {
  id: string;
  kind: string;
  name: string;
  fingerprint: string;
  sensitive: { reference: string; tags: string[] }[];
  note: string | null;
  approved_by: string;
  approved_at: Date;
  revoked_at: Date | null;
}): Approval {
  return {
    id: row.id,
    kind: row.kind as TargetingKind,
    name: row.name,
    fingerprint: row.fingerprint,
    sensitive: row.sensitive as SensitiveReference[],
    legalBasis: "explicit_consent",
    note: row.note,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
