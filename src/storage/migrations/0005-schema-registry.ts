/**
 * Counters for the schema registry's ingest enforcement: undeclared fields removed before storing
 * (policy `strip`) and undeclared fields stored under policy `keep`, per source and message type.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table ingest_stats add column stripped_fields bigint not null default 0;
    alter table ingest_stats add column undeclared_fields bigint not null default 0;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table ingest_stats drop column undeclared_fields;
    alter table ingest_stats drop column stripped_fields;
  `.execute(db);
}
