/**
 * The audit log: append-only and hash-chained. Each row's hash covers its content and the hash
 * before it, so an edit, a deletion or a reordering breaks the chain; signed checkpoints pin the
 * head so that cutting off the newest rows shows too. Triggers make the database itself refuse
 * UPDATE, DELETE and TRUNCATE; only someone able to disable triggers can tamper, and
 * `audit verify` then finds it.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_log (
      workspace_id text not null,
      seq bigint not null,
      at timestamptz not null,
      actor text not null,
      action text not null,
      subject text,
      details jsonb not null,
      prev_hash text not null,
      hash text not null,
      primary key (workspace_id, seq)
    );
    create index audit_log_subject on audit_log (workspace_id, subject, seq);

    create table audit_checkpoints (
      workspace_id text not null,
      seq bigint not null,
      hash text not null,
      at timestamptz not null,
      signature text not null,
      primary key (workspace_id, seq)
    );

    create function refuse_audit_change() returns trigger language plpgsql as $$
    begin
      raise exception 'the % table is append-only: % refused', tg_table_name, tg_op;
    end
    $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function refuse_audit_change();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function refuse_audit_change();
    create trigger audit_checkpoints_append_only before update or delete on audit_checkpoints
      for each row execute function refuse_audit_change();
    create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
      for each statement execute function refuse_audit_change();
  `.execute(db);
}
