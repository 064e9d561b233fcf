/**
 * The profile row's contact data sealed with a key of the person's own (`contact`), and blind
 * tokens for contact search in place of the text (`search`, see crypto/contact-sealer.ts). Rows
 * written before keep their traits in clear until their person is next projected.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table profiles add column contact text;
    alter table profiles add column search text[];
    create index profiles_search on profiles using gin (search);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index profiles_search;
    alter table profiles drop column search;
    alter table profiles drop column contact;
  `.execute(db);
}
