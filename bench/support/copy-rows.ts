/**
 * The physical baseline for ingest: COPY of the same rows into the same events table, with no
 * HTTP, validation or JSON handling in between.
 */
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

const COLUMNS =
  "workspace_id, source_id, message_id, type, event, user_id, anonymous_id, identity_key, ts, received_at, properties, context, traits, extra";

/** One value in COPY's text format (objects as JSON, NULL as \\N). */
export function copyField(value: unknown): string {
  if (value === undefined || value === null) return "\\N";
  return String(typeof value === "object" ? JSON.stringify(value) : value)
    .replace(/\\/g, "\\\\")
    .replace(/\t/g, "\\t")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r");
}

function copyText(rows: ReadonlyArray<Record<string, unknown>>): string {
  const now = new Date().toISOString();
  return rows
    .map((r) =>
      [
        "default",
        "bench-copy",
        r.messageId,
        r.type,
        r.event,
        r.userId,
        r.anonymousId,
        r.userId !== undefined && r.userId !== null ? `user:${r.userId}` : `anon:${r.anonymousId}`,
        r.timestamp,
        now,
        r.properties ?? {},
        r.context ?? {},
        {},
        {},
      ]
        .map(copyField)
        .join("\t"),
    )
    .join("\n")
    .concat("\n");
}

/** Seconds to COPY `rows` into events on a PostgreSQL server. */
export async function copyRowsPostgres(
  url: string,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<number> {
  const text = copyText(rows);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(`copy events (${COLUMNS}) from stdin`));
    stream.on("finish", resolve);
    stream.on("error", reject);
    stream.end(text);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await client.end();
  return seconds;
}

/** Seconds to COPY `rows` into events on PGlite (from an in-memory blob). */
export async function copyRowsPGlite(
  pglite: PGlite,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<number> {
  const blob = new Blob([copyText(rows)]);
  const started = process.hrtime.bigint();
  await pglite.query(`copy events (${COLUMNS}) from '/dev/blob'`, [], { blob });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pglite.close();
  return seconds;
}
