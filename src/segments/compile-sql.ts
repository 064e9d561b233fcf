/**
 * The segment compiler: a validated definition becomes one SQL condition over a profile row `p`,
 * with the semantics of the in-memory evaluator (property-tested against it on both databases).
 * Every value, path, event and segment name is a bound parameter; the only text spliced in comes
 * from closed lists (operators, the legal basis of a purpose). Conditions are two-valued: each
 * atom is wrapped in `coalesce(…, false)`, so `not` never meets a NULL.
 */
import { type RawBuilder, sql } from "kysely";
import { DEFAULT_PURPOSE_BASIS, type LegalBasis } from "../privacy/decide.js";
import { DIRECT_MARKETING, type Purpose } from "../protocol/index.js";
import { eventConditionSql, sequenceConditionSql } from "./compile-events.js";
import { jsonAt, predicateSql } from "./compile-predicate.js";
import type { SegmentDefinition } from "./definition-schema.js";

type Sql = RawBuilder<unknown>;

export interface CompileOptions {
  readonly workspaceId: string;
  /** Evaluation time (ms); relative windows end here. */
  readonly now: number;
  /**
   * `set` for evaluating every profile (grouped scans), `correlated` for a few profiles picked by
   * the caller (index lookups per profile).
   */
  readonly form: "set" | "correlated";
  /** The legal basis of each purpose, as the consent ledger has it. */
  readonly basisOf?: (purpose: Purpose) => LegalBasis;
}

/** An ISO 8601 instant exactly as `Date.prototype.toISOString` writes it, as jsonb. */
const isoJson = (column: string) =>
  sql`to_jsonb(to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/**
 * Computed traits the profile row also keeps in a column of its own, written from the same value
 * in the same statement (profile-store.ts). Reading the column gives the same JSON value without
 * detoasting the whole `computed` document, which dominates RFM tiers over a million profiles.
 */
const TYPED_COLUMNS: ReadonlyMap<string, Sql> = new Map([
  ["computed.orderCount", sql`to_jsonb(p.order_count)`],
  ["computed.eventCount", sql`to_jsonb(p.event_count)`],
  ["computed.lastOrderAt", isoJson("p.last_order_at")],
  ["computed.firstSeen", isoJson("p.first_seen")],
  ["computed.lastSeen", isoJson("p.last_seen")],
]);

/** The definition as a boolean SQL condition over the profile row `p`. */
export function compileSegment(definition: SegmentDefinition, options: CompileOptions): Sql {
  const scope = { workspaceId: options.workspaceId, now: options.now };
  switch (definition.kind) {
    case "and":
    case "or":
      return sql`(${sql.join(
        definition.children.map((child) => compileSegment(child, options)),
        sql.raw(` ${definition.kind} `),
      )})`;
    case "not":
      return sql`(not ${compileSegment(definition.child, options)})`;
    case "trait": {
      const [root, ...rest] = definition.path.split(".");
      const value =
        TYPED_COLUMNS.get(definition.path) ??
        jsonAt(root === "trait" ? sql`p.traits` : sql`p.computed`, rest);
      return sql`coalesce(${predicateSql(definition, value, options.now)}, false)`;
    }
    case "event":
      return eventConditionSql(definition, scope, options.form);
    case "sequence":
      return sequenceConditionSql(definition, scope, options.form);
    case "identifier":
      return sql`exists (select 1 from identities x where x.workspace_id = p.workspace_id
        and x.person_id = p.id and x.kind = ${definition.identifierKind})`;
    case "segment": {
      // The segment's id once, then a hashed set (every profile) or a key lookup (a few).
      const id = sql`(select s.id from segments s where s.workspace_id = ${options.workspaceId} and s.name = ${definition.name})`;
      return options.form === "set"
        ? sql`(p.id in (select m.person_id from segment_members m
            where m.workspace_id = ${options.workspaceId} and m.segment_id = ${id}))`
        : // A scalar subquery, so that the planner keeps it a key lookup per profile under `not`
          // instead of turning it into an anti join over every member.
          sql`coalesce((select true from segment_members m
            where m.workspace_id = p.workspace_id and m.segment_id = ${id} and m.person_id = p.id), false)`;
    }
    case "consent":
      return consentSql(
        definition.purpose,
        (options.basisOf ?? ((p) => DEFAULT_PURPOSE_BASIS[p]))(definition.purpose),
      );
  }
}

/**
 * `may(person, purpose)` (privacy/decide.ts) over the consent view folded into `computed.consent`:
 * restriction stops all but service; an objection stops its purpose, one to direct marketing all
 * marketing; then the purpose's status decides, with consent-based purposes needing a grant.
 */
function consentSql(purpose: Purpose, basis: LegalBasis): Sql {
  const view = sql`(p.computed -> 'consent')`;
  const status = sql`coalesce(${view} -> 'purposes' -> ${purpose}::text ->> 'status', 'unknown')`;
  const needsConsent = basis === "consent";
  const blocked: Sql[] = [sql`coalesce(${view} -> 'objections' ? ${purpose}::text, false)`];
  if (purpose !== "service") blocked.push(sql`coalesce((${view} ->> 'restricted')::boolean, false)`);
  if (DIRECT_MARKETING.includes(purpose))
    blocked.push(sql`coalesce(${view} -> 'objections' ? 'direct_marketing', false)`);
  return sql`(not (${sql.join(blocked, sql` or `)}) and (case ${status}
    when 'denied' then false when 'withdrawn' then false when 'granted' then true
    else ${sql.raw(needsConsent ? "false" : "true")} end))`;
}
