/**
 * Data subject requests, the suppression list, and approvals of sensitive targeting. A request keeps its kind, status and the
 * one-month deadline (Art. 12(3)); the subject appears only as the person id, a pseudonym that
 * points at nothing once the person is erased. The suppression list holds keyed hashes of an
 * erased person's identifiers, so replayed or new messages for them are dropped at ingest; the
 * key differs from the blind index's, so no hash in it matches anything stored elsewhere.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table subject_requests (
      workspace_id text not null,
      id uuid not null,
      kind text not null,
      status text not null,
      person_id uuid,
      channel text not null,
      verification text not null,
      actor text not null,
      received_at timestamptz not null,
      due_at timestamptz not null,
      completed_at timestamptz,
      outcome jsonb not null default '{}',
      primary key (workspace_id, id)
    );
    create index subject_requests_open on subject_requests (workspace_id, status, due_at);

    -- The data protection officer's approvals of targeting that uses sensitive data (Art. 9).
    create table sensitive_approvals (
      workspace_id text not null,
      id uuid not null,
      kind text not null,
      name text not null,
      fingerprint text not null,
      sensitive jsonb not null,
      legal_basis text not null,
      note text,
      approved_by text not null,
      approved_at timestamptz not null,
      revoked_at timestamptz,
      primary key (workspace_id, id)
    );
    create index sensitive_approvals_use on sensitive_approvals (workspace_id, kind, name, fingerprint);

    create table suppressions (
      workspace_id text not null,
      hash text not null,
      suppressed_at timestamptz not null,
      primary key (workspace_id, hash)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table suppressions, sensitive_approvals, subject_requests`.execute(db);
}
