/**
 * A heartbeat per analytics run. A run's row said "running" until the process finished it; when
 * that process died first (killed, a crash, a restart during the run), the row said "running" for
 * ever, and `kundenprofil analytics run` against a restarted server polled it for ever. The process
 * running a job now touches `heartbeat_at` every few seconds, and a running row whose heartbeat has
 * gone quiet is reported as interrupted (insights/results.ts). Rows from before have none and fall
 * back to their start.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table analytics_runs add column heartbeat_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table analytics_runs drop column heartbeat_at`.execute(db);
}
