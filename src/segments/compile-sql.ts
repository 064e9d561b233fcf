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
      const column = root === "trait" ? sql`p.traits` : sql`p.computed`;
      return sql`coalesce(${predicateSql(definition, jsonAt(column, rest), options.now)}, false)`;
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
