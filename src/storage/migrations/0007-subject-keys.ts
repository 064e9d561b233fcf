/**
 * Encryption at rest: one data key per identifier (see crypto/subject-keys.ts), stored only
 * wrapped by the master key; `master_id` names the master key that wrapped it, so a rotation can
 * resume where it stopped. The keyring keeps the root secret the blind index, suppression list,
 * preference links and audit signatures derive from, wrapped too, so that rotating the master key
 * changes none of them.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table subject_keys (
      workspace_id text not null,
      identity_key text not null,
      key_id uuid not null,
      wrapped text not null,
      master_id text not null,
      created_at timestamptz not null,
      primary key (workspace_id, identity_key)
    );
    create index subject_keys_master on subject_keys (master_id);

    create table keyring (
      name text primary key,
      wrapped text not null,
      master_id text not null,
      created_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table keyring, subject_keys`.execute(db);
}
