/**
 * Retention (Art. 5(1)(e)): carries out the retention plan the declarations imply. Expired events
 * are deleted; expired fields inside kept events (an IP address, a position) are removed; a person
 * whose last activity is older than the longest retention period is removed altogether, with
 * their data keys destroyed, but not put on the suppression list: unlike an erased person, they
 * may come back as a customer. Runs in batches, so it never holds a long lock; the server runs it
 * on a schedule and `kundenprofil retention run` on demand.
 */
import { type Kysely, sql } from "kysely";
import type { AuditLog } from "../audit/index.js";
import { type EventCrypto, personKeySlot, type SubjectKeys } from "../crypto/index.js";
import type { Profiles } from "../profiles/index.js";
import type { EventRetention, FieldRetention, RetentionPlan, SourceScope } from "../registry/index.js";
import type { Database } from "../storage/index.js";

const BATCH = 10_000;
const DAY = 86_400_000;

export interface RetentionRun {
  dryRun: boolean;
  at: string;
  /** Events deleted (or due, in a dry run) per rule. */
  events: Array<{ rule: string; retention: string; count: number }>;
  fields: Array<{ rule: string; retention: string; count: number }>;
  profilesRemoved: number;
}

export function createRetention(options: {
  db: Kysely<Database>;
  profiles: Profiles;
  keys: SubjectKeys;
  /** Expired fields inside sealed parts are removed by opening and resealing the event. */
  crypto: EventCrypto;
  audit: AuditLog;
  plan: RetentionPlan;
}) {
  const { db, plan } = options;
  const longestDays = Math.max(0, ...plan.events.map((e) => e.days));

  async function removeInactive(workspaceId: string, cutoff: Date, dryRun: boolean): Promise<number> {
    if (plan.events.length === 0) return 0;
    let removed = 0;
    for (;;) {
      const due = await db
        .selectFrom("profiles")
        .select("id")
        .where("workspace_id", "=", workspaceId)
        .where("last_seen", "<", cutoff)
        .limit(dryRun ? 100_000 : 500)
        .execute();
      if (dryRun) return due.length;
      if (due.length === 0) return removed;
      for (const { id } of due) {
        const erased = await options.profiles.erase(workspaceId, id, async (trx, rows) => {
          await options.keys.destroy(trx, workspaceId, [...rows.keys, ...rows.persons.map(personKeySlot)]);
          await trx
            .deleteFrom("consent_confirmations")
            .where("workspace_id", "=", workspaceId)
            .where("person_id", "in", rows.persons)
            .execute();
        });
        options.keys.forget(workspaceId, [...erased.keys, ...erased.persons.map(personKeySlot)]);
        removed++;
      }
    }
  }

  return {
    plan,
    async run(workspaceId: string, runOptions: { dryRun?: boolean; now?: Date } = {}): Promise<RetentionRun> {
      const now = runOptions.now ?? new Date();
      const dryRun = runOptions.dryRun === true;
      const result: RetentionRun = {
        dryRun,
        at: now.toISOString(),
        events: [],
        fields: [],
        profilesRemoved: 0,
      };
      for (const rule of plan.events) {
        const count = await applyEventRule(
          db,
          workspaceId,
          rule,
          new Date(now.getTime() - rule.days * DAY),
          dryRun,
        );
        if (count > 0) result.events.push({ rule: describe(rule), retention: rule.retention, count });
      }
      for (const rule of plan.fields) {
        const cutoff = new Date(now.getTime() - rule.days * DAY);
        const count =
          (await applyFieldRule(db, workspaceId, rule, cutoff, dryRun)) +
          (await applySealedFieldRule(db, options.crypto, workspaceId, rule, cutoff, dryRun));
        if (count > 0)
          result.fields.push({
            rule: `${describe(rule)}: ${rule.column}.${rule.key}`,
            retention: rule.retention,
            count,
          });
      }
      result.profilesRemoved = await removeInactive(
        workspaceId,
        new Date(now.getTime() - longestDays * DAY),
        dryRun,
      );
      if (!dryRun)
        await options.audit.record(workspaceId, {
          actor: "system:retention",
          action: "retention.run",
          subject: null,
          details: {
            events: result.events.reduce((n, e) => n + e.count, 0),
            fields: result.fields.reduce((n, f) => n + f.count, 0),
            profilesRemoved: result.profilesRemoved,
          },
        });
      return result;
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;

function scopeSql(scope: SourceScope) {
  return "source" in scope
    ? sql`source_id = ${scope.source}`
    : sql`source_id <> all(${scope.otherThan}::text[])`;
}

function eventSql(rule: EventRetention | FieldRetention) {
  if (rule.event !== null) return sql`event = ${rule.event}`;
  const except = "except" in rule ? (rule.except ?? []) : [];
  return except.length === 0 ? sql`true` : sql`(event is null or event <> all(${except}::text[]))`;
}

async function applyEventRule(
  db: Kysely<Database>,
  workspaceId: string,
  rule: EventRetention,
  cutoff: Date,
  dryRun: boolean,
): Promise<number> {
  const where = sql`workspace_id = ${workspaceId} and ${scopeSql(rule.scope)} and type = ${rule.type}
                    and ${eventSql(rule)} and ts < ${cutoff.toISOString()}::timestamptz`;
  if (dryRun) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from events where ${where}`.execute(db);
    return Number(rows[0]?.n ?? 0);
  }
  let total = 0;
  for (;;) {
    const result =
      await sql`delete from events where id in (select id from events where ${where} limit ${BATCH})`.execute(
        db,
      );
    const n = Number(result.numAffectedRows ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}

async function applyFieldRule(
  db: Kysely<Database>,
  workspaceId: string,
  rule: FieldRetention,
  cutoff: Date,
  dryRun: boolean,
): Promise<number> {
  const column = sql.ref(rule.column);
  const where = sql`workspace_id = ${workspaceId} and ${scopeSql(rule.scope)} and type = ${rule.type}
                    and ${eventSql(rule)} and ts < ${cutoff.toISOString()}::timestamptz and ${column} ? ${rule.key}`;
  if (dryRun) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from events where ${where}`.execute(db);
    return Number(rows[0]?.n ?? 0);
  }
  let total = 0;
  for (;;) {
    const result = await sql`
      update events set ${column} = ${column} - ${rule.key}::text
      where id in (select id from events where ${where} limit ${BATCH})`.execute(db);
    const n = Number(result.numAffectedRows ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}

interface SealedRow {
  id: string;
  workspace_id: string;
  source_id: string;
  message_id: string;
  identity_key: string;
  type: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  traits: Record<string, unknown>;
  extra: Record<string, unknown>;
}

/** The same rule for fields inside sealed parts: open, drop the field, seal again. */
async function applySealedFieldRule(
  db: Kysely<Database>,
  crypto: EventCrypto,
  workspaceId: string,
  rule: FieldRetention,
  cutoff: Date,
  dryRun: boolean,
): Promise<number> {
  const field = `${rule.column}.${rule.key}`;
  const where = sql`workspace_id = ${workspaceId} and ${scopeSql(rule.scope)} and type = ${rule.type}
                    and ${eventSql(rule)} and ts < ${cutoff.toISOString()}::timestamptz
                    and extra -> 'sealedFields' ? ${field}`;
  if (dryRun) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from events where ${where}`.execute(db);
    return Number(rows[0]?.n ?? 0);
  }
  let total = 0;
  for (;;) {
    const { rows } = await sql<SealedRow>`
      select id, workspace_id, source_id, message_id, identity_key, type, properties, context, traits, extra
      from events where ${where} limit 1000`.execute(db);
    if (rows.length === 0) return total;
    const opened = await crypto.open(db, workspaceId, rows);
    for (const row of opened) delete row[rule.column][rule.key];
    const resealed = await crypto.seal(db, opened);
    await sql`
      update events e set properties = r.properties, context = r.context, traits = r.traits, extra = r.extra
      from jsonb_to_recordset(${JSON.stringify(resealed)}::jsonb)
        as r(id bigint, properties jsonb, context jsonb, traits jsonb, extra jsonb)
      where e.id = r.id`.execute(db);
    total += rows.length;
  }
}

function describe(rule: EventRetention | FieldRetention): string {
  const scope = "source" in rule.scope ? `source ${rule.scope.source}` : "other sources";
  return `${scope}, ${rule.type}${rule.event === null ? "" : ` ${rule.event}`}`;
}
