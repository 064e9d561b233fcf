/**
 * Group commit for the event log. Concurrent requests hand their rows to one writer; whatever
 * arrives while a commit is in flight goes into the next one. A caller's promise resolves only
 * after the transaction holding its rows committed, so a 200 means durable, and under load many
 * requests share one commit instead of each paying for its own.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../storage/index.js";
import type { EventRow } from "./event-row.js";

export interface EventWriter {
  /** Stores the rows (each serialised to JSON); resolves with `true` per row newly stored, `false` per duplicate. */
  write(rows: readonly SerializedRow[]): Promise<boolean[]>;
  /** Resolves once everything handed in so far is committed. */
  drain(): Promise<void>;
  /** Commits made and rows handed in so far: rows/commits is the group-commit factor. */
  counters(): { commits: number; writes: number; rows: number };
}

export interface SerializedRow {
  key: string;
  json: string;
}

export function serializeRow(row: EventRow): SerializedRow {
  return { key: dedupeKey(row.workspace_id, row.source_id, row.message_id), json: JSON.stringify(row) };
}

interface Pending {
  rows: readonly SerializedRow[];
  resolve: (stored: boolean[]) => void;
  reject: (error: unknown) => void;
}

export function createGroupCommitWriter(
  db: Kysely<Database>,
  options: { concurrency: number; maxRowsPerCommit?: number },
): EventWriter {
  const maxRows = options.maxRowsPerCommit ?? 5_000;
  const queue: Pending[] = [];
  let inFlight = 0;
  let idle: Array<() => void> = [];
  const counted = { commits: 0, writes: 0, rows: 0 };

  const pump = (): void => {
    while (inFlight < options.concurrency && queue.length > 0) {
      const group: Pending[] = [];
      let count = 0;
      while (queue.length > 0 && (count === 0 || count + queue[0]!.rows.length <= maxRows)) {
        const next = queue.shift()!;
        group.push(next);
        count += next.rows.length;
      }
      inFlight++;
      counted.commits++;
      commit(db, group).finally(() => {
        inFlight--;
        if (inFlight === 0 && queue.length === 0) {
          for (const done of idle) done();
          idle = [];
        }
        pump();
      });
    }
  };

  return {
    write(rows) {
      if (rows.length === 0) return Promise.resolve([]);
      counted.writes++;
      counted.rows += rows.length;
      return new Promise<boolean[]>((resolve, reject) => {
        queue.push({ rows, resolve, reject });
        pump();
      });
    },
    drain() {
      if (inFlight === 0 && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
    counters: () => ({ ...counted }),
  };
}

async function commit(db: Kysely<Database>, group: Pending[]): Promise<void> {
  // A messageId repeated inside one commit is stored once: the first occurrence wins.
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const pending of group) {
    for (const row of pending.rows) {
      if (seen.has(row.key)) continue;
      seen.add(row.key);
      unique.push(row.json);
    }
  }
  try {
    const inserted = await insertRows(db, `[${unique.join(",")}]`);
    const claimed = new Set<string>();
    for (const pending of group) {
      pending.resolve(
        pending.rows.map((row) => {
          if (!inserted.has(row.key) || claimed.has(row.key)) return false;
          claimed.add(row.key);
          return true;
        }),
      );
    }
  } catch (error) {
    for (const pending of group) pending.reject(error);
  }
}

async function insertRows(db: Kysely<Database>, json: string): Promise<Set<string>> {
  const result = await sql<{ workspace_id: string; source_id: string; message_id: string }>`
    insert into events (workspace_id, source_id, message_id, type, event, user_id, anonymous_id, ts, received_at,
                        properties, context, traits, extra)
    select workspace_id, source_id, message_id, type, event, user_id, anonymous_id, ts, received_at,
           properties, context, traits, extra
    from jsonb_to_recordset(${json}::jsonb) as r(
      workspace_id text, source_id text, message_id text, type text, event text, user_id text, anonymous_id text,
      ts timestamptz, received_at timestamptz, properties jsonb, context jsonb, traits jsonb, extra jsonb)
    on conflict (workspace_id, source_id, message_id) do nothing
    returning workspace_id, source_id, message_id`.execute(db);
  return new Set(result.rows.map((r) => dedupeKey(r.workspace_id, r.source_id, r.message_id)));
}

function dedupeKey(workspaceId: string, sourceId: string, messageId: string): string {
  return `${workspaceId}\u0000${sourceId}\u0000${messageId}`;
}
