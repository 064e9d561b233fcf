/**
 * Group commit for the event log. Concurrent requests hand their rows to one writer; whatever
 * arrives while a commit is in flight goes into the next one. A caller's promise resolves only
 * after the transaction holding its rows committed, so a 200 means durable, and under load many
 * requests share one commit instead of each paying for its own.
 *
 * Rows go in as one `jsonb_to_recordset` insert that skips duplicates and returns the new ids, or,
 * when no commit hook needs the ids, by COPY: cheaper, but all-or-nothing,
 * so a commit holding an already stored messageId (a client's retry) fails as a whole and is
 * inserted again the first way.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../storage/index.js";
import { COPY_COLUMNS, copyLine } from "./copy-line.js";
import type { EventRow } from "./event-row.js";

export interface EventWriter {
  /** The row as this writer sends it; `stored` is the form written (personal parts sealed). */
  serialize(row: EventRow, stored?: EventRow): SerializedRow;
  /** Stores the rows; resolves with `true` per row newly stored, `false` per duplicate. */
  write(rows: readonly SerializedRow[]): Promise<boolean[]>;
  /** Resolves once everything handed in so far is committed. */
  drain(): Promise<void>;
  /** Commits made and rows handed in so far: rows/commits is the group-commit factor. */
  counters(): { commits: number; writes: number; rows: number };
}

/**
 * `stored` is the form written (personal parts sealed), `text` its encoding (JSON text, or a COPY
 * line as UTF-8 bytes when the writer copies: encoded per request, a commit only concatenates) and
 * `jsonLength` the length of its JSON, `row` the plain form the commit hook folds.
 */
export interface SerializedRow {
  key: string;
  text: string | Buffer;
  jsonLength: number;
  row: EventRow;
  stored: EventRow;
}

/** Bulk load of `data` (COPY text format) into `target`, a table and its column list. */
export type CopyFrom = (target: string, data: Buffer) => Promise<void>;

/**
 * Runs inside the commit's transaction with the rows it newly stored, in log order: identity
 * resolution and computed traits ride on the same commit, so an acknowledged event is projected.
 * What it returns is handed to {@link AfterCommit} once the commit is durable.
 */
export type CommitHook<T = unknown> = (
  trx: Transaction<Database>,
  stored: ReadonlyArray<{ id: number; row: EventRow }>,
) => Promise<T>;

/** Told of what a commit stored once it is durable, and what the hook said; must not throw or block. */
export type AfterCommit<T = unknown> = (
  stored: ReadonlyArray<{ id: number; row: EventRow }>,
  outcome: T,
) => void;

interface Pending {
  rows: readonly SerializedRow[];
  resolve: (stored: boolean[]) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions<T = unknown> {
  concurrency: number;
  maxRowsPerCommit?: number;
  onCommit?: CommitHook<T> | undefined;
  /** Runs after the commit is durable, with the rows it newly stored (real-time segments). */
  afterCommit?: AfterCommit<T> | undefined;
  /** The database's COPY, used when there is no commit hook (see the module comment). */
  copyFrom?: CopyFrom | undefined;
}

export function createGroupCommitWriter<T>(
  db: Kysely<Database>,
  options: GroupCommitOptions<T>,
): EventWriter {
  const copies = options.copyFrom !== undefined && options.onCommit === undefined;
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
      commit(db, group, options, copies).finally(() => {
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
    serialize(row, stored = row) {
      const key = dedupeKey(row.workspace_id, row.source_id, row.message_id);
      if (copies) {
        const { line, jsonLength } = copyLine(stored);
        return { key, text: Buffer.from(line), jsonLength, row, stored };
      }
      const text = JSON.stringify(stored);
      return { key, text, jsonLength: text.length, row, stored };
    },
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

async function commit<T>(
  db: Kysely<Database>,
  group: Pending[],
  { onCommit, afterCommit, copyFrom }: GroupCommitOptions<T>,
  copies: boolean,
): Promise<void> {
  // A messageId repeated inside one commit is stored once: the first occurrence wins.
  const seen = new Map<string, EventRow>();
  const unique: SerializedRow[] = [];
  for (const pending of group) {
    for (const row of pending.rows) {
      if (seen.has(row.key)) continue;
      seen.set(row.key, row.row);
      unique.push(row);
    }
  }
  try {
    let stored: Array<{ id: number; row: EventRow }> = [];
    let outcome: T | undefined;
    const inserted: ReadonlySet<string> | Map<string, number> =
      onCommit === undefined
        ? copies
          ? await copyRows(db, copyFrom!, unique)
          : await insertRows(db, jsonOf(unique, false))
        : await db.transaction().execute(async (trx) => {
            const ids = await insertRows(trx, jsonOf(unique, false));
            stored = [...ids].map(([key, id]) => ({ id, row: seen.get(key)! })).sort((a, b) => a.id - b.id);
            outcome = await onCommit(trx, stored);
            return ids;
          });
    // Rows are stored only with a hook, so the hook's outcome is there whenever rows are.
    if (afterCommit !== undefined && stored.length > 0) afterCommit(stored, outcome as T);
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

/**
 * COPYs the rows (all new: the keys of all come back); when one was stored before, the unique
 * index fails the COPY as a whole and the rows are inserted skipping duplicates instead.
 */
async function copyRows(db: Kysely<Database>, copyFrom: CopyFrom, rows: readonly SerializedRow[]) {
  try {
    await copyFrom(`events (${COPY_COLUMNS})`, Buffer.concat(rows.map((r) => r.text as Buffer)));
    return new Set(rows.map((r) => r.key));
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    return insertRows(db, jsonOf(rows, true));
  }
}

const UNIQUE_VIOLATION = "23505";

/** The rows as one JSON array; `encode` when their text is not JSON already (a COPY line). */
function jsonOf(rows: readonly SerializedRow[], encode: boolean): string {
  return `[${rows.map((r) => (encode ? JSON.stringify(r.stored) : (r.text as string))).join(",")}]`;
}

/** Inserts the rows; returns the event id of each newly stored one by dedupe key. */
async function insertRows(db: Kysely<Database>, json: string): Promise<Map<string, number>> {
  const result = await sql<{ id: number; workspace_id: string; source_id: string; message_id: string }>`
    insert into events (workspace_id, source_id, message_id, type, event, user_id, anonymous_id, identity_key, ts,
                        received_at, properties, context, traits, extra)
    select workspace_id, source_id, message_id, type, event, user_id, anonymous_id, identity_key, ts, received_at,
           properties, context, traits, extra
    from jsonb_to_recordset(${json}::jsonb) as r(
      workspace_id text, source_id text, message_id text, type text, event text, user_id text, anonymous_id text,
      identity_key text, ts timestamptz, received_at timestamptz, properties jsonb, context jsonb, traits jsonb,
      extra jsonb)
    on conflict (workspace_id, source_id, message_id) do nothing
    returning id, workspace_id, source_id, message_id`.execute(db);
  return new Map(
    result.rows.map((r) => [dedupeKey(r.workspace_id, r.source_id, r.message_id), Number(r.id)]),
  );
}

function dedupeKey(workspaceId: string, sourceId: string, messageId: string): string {
  return `${workspaceId}\u0000${sourceId}\u0000${messageId}`;
}
