/**
 * The profile row's contact data sealed with a key of the person's own (`contact`), and blind
 * tokens for contact search in place of the text (`profile_search`, see crypto/contact-sealer.ts).
 * The tokens sit in their own table, rewritten only when a person's contact data changes, so the
 * profile updates every event causes do not rewrite them. Rows written before keep their traits
 * in clear until their person is next projected.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table profiles add column contact text;
    create table profile_search (
      workspace_id text not null,
      token text not null,
      person_id uuid not null,
      primary key (workspace_id, token, person_id)
    );
    create index profile_search_person on profile_search (workspace_id, person_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table profile_search;
    alter table profiles drop column contact;
  `.execute(db);
}
