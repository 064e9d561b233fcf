/**
 * The profile's fold state as text instead of jsonb. Only the projector reads and writes it, as a
 * whole, and no query looks inside; as jsonb PostgreSQL parsed it on every profile update and
 * printed it on every load, which was a fifth of the real-time projection's time (BENCHMARKS.md).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table profiles alter column state type text using state::text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table profiles alter column state type jsonb using state::jsonb`.execute(db);
}
