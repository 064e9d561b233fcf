/**
 * Signs of life of a running analytics run. The process running a run's jobs touches its rows'
 * `heartbeat_at` every few seconds; a running row whose heartbeat has gone quiet for longer than
 * {@link QUIET_LIMIT} belonged to a process that stopped during the run, and is reported as
 * interrupted instead of running for ever.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../storage/index.js";

/** How often the running process touches its rows. */
export const HEARTBEAT_MS = 5_000;

/**
 * How long a running row may stay quiet before it counts as interrupted. Far above the beat:
 * a job's longest stretch without a break (an EASE fit over thousands of products) keeps the event
 * loop, and so the timer, busy for minutes.
 */
export const QUIET_LIMIT = sql`interval '15 minutes'`;

/** Touches the running rows of `ids` every `everyMs` until the returned function is called. */
export function startHeartbeat(
  db: Kysely<Database>,
  workspaceId: string,
  ids: readonly string[],
  everyMs = HEARTBEAT_MS,
): () => void {
  const beat = () =>
    db
      .updateTable("analytics_runs")
      .set({ heartbeat_at: sql<Date>`now()` })
      .where("workspace_id", "=", workspaceId)
      .where("id", "in", ids)
      .where("status", "=", "running")
      .execute()
      // A missed beat is harmless: the next one, or the run's end, follows within seconds.
      .catch(() => {});
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** True for a running row whose process has given no sign of life for {@link QUIET_LIMIT}. */
export const interruptedColumn = sql<boolean>`(status = 'running' and coalesce(heartbeat_at, started_at) < now() - ${QUIET_LIMIT})`;
