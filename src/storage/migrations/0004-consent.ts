/**
 * Double opt-in for e-mail marketing: a grant waits for the click on the link in the confirmation
 * mail. Only the token's hash is stored; the consent itself lives in the event log like every
 * other signal (see privacy/), so it follows the person through merges.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table consent_confirmations (
      workspace_id text not null,
      token_hash text not null,
      person_id uuid not null,
      purpose text not null,
      requested_at timestamptz not null,
      expires_at timestamptz not null,
      confirmed_at timestamptz,
      primary key (token_hash)
    );
    create index consent_confirmations_person on consent_confirmations (workspace_id, person_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table consent_confirmations`.execute(db);
}
