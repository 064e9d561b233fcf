/**
 * The audit log over the database. Appends are serialised per workspace by an advisory lock
 * held to the end of the transaction, so the chain never forks; an append made inside the
 * transaction of the change it records commits or rolls back with it.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../storage/index.js";
import {
  type AuditEntry,
  type ChainedEntry,
  chain,
  createChainVerifier,
  GENESIS_HASH,
  type SignedCheckpoint,
  type Verification,
} from "./audit-chain.js";
import type { CheckpointSigner } from "./checkpoint-signer.js";
import { assertPseudonymous } from "./pseudonymous.js";

export type AuditRecord = Pick<AuditEntry, "actor" | "action" | "subject"> & {
  details?: Record<string, unknown>;
};

export interface AuditPage {
  entries: ChainedEntry[];
  /** Pass as `after` for the next page; null at the end. */
  nextAfter: number | null;
}

export interface AuditLog {
  /** Appends one entry; inside `trx` when given, so it commits with the change it records. */
  record(workspaceId: string, record: AuditRecord, trx?: Transaction<Database>): Promise<ChainedEntry>;
  list(
    workspaceId: string,
    query: {
      after?: number | undefined;
      limit?: number | undefined;
      subject?: string | undefined;
      action?: string | undefined;
    },
  ): Promise<AuditPage>;
  /** Signs the current head and stores the checkpoint; returns it for export. */
  checkpoint(workspaceId: string): Promise<SignedCheckpoint | null>;
  /** Walks the whole chain against the stored checkpoints and any exported ones given. */
  verify(workspaceId: string, external?: readonly SignedCheckpoint[]): Promise<Verification>;
  readonly publicKeyPem: string;
}

const VERIFY_PAGE = 5_000;
/** Most entries one group commit writes. */
const MAX_GROUP = 500;

export function createAuditLog(db: Kysely<Database>, signer: CheckpointSigner): AuditLog {
  const lockKey = (workspaceId: string) => `kundenprofil/audit/${workspaceId}`;

  /** Appends records in order under the workspace's lock: one head read and one insert for all. */
  const append = async (
    trx: Transaction<Database>,
    workspaceId: string,
    records: readonly AuditRecord[],
  ): Promise<ChainedEntry[]> => {
    await sql`select pg_advisory_xact_lock(hashtext(${lockKey(workspaceId)}))`.execute(trx);
    const entries = chained(workspaceId, await headOf(trx, workspaceId), records);
    await insertEntries(trx, workspaceId, entries);
    return entries;
  };

  /**
   * Inserts chained entries in one statement under the workspace's lock (a transaction that holds
   * it already takes it again at no cost). Outside such a transaction the lock makes the
   * statement wait for one that is appending, so that transaction never meets these rows: when
   * it took the sequence numbers first, this insert fails on them instead.
   */
  const insertEntries = (
    executor: Kysely<Database> | Transaction<Database>,
    workspaceId: string,
    entries: readonly ChainedEntry[],
  ) =>
    sql`
      with lock as (select pg_advisory_xact_lock(hashtext(${lockKey(workspaceId)})))
      insert into audit_log (workspace_id, seq, at, actor, action, subject, details, prev_hash, hash)
      select r."workspaceId", r.seq, r.at, r.actor, r.action, r.subject, r.details, r."prevHash", r.hash
      from jsonb_to_recordset(${JSON.stringify(entries)}::jsonb) as r(
        "workspaceId" text, seq bigint, at timestamptz, actor text, action text, subject text,
        details jsonb, "prevHash" text, hash text), lock`.execute(executor);

  // The head this process last committed, per workspace: a group commit chained onto it is one
  // statement instead of a transaction of five round trips. Only heads of committed appends are
  // kept (an append inside a caller's transaction may still roll back), so the table's head is never
  // behind the kept one; when it is ahead (another process or transaction appended), the next
  // sequence number already exists, the insert fails as a whole and the locked path takes over.
  const committedHeads = new Map<string, { seq: number; hash: string }>();

  /** Appends as one autocommitted statement onto the kept head; undefined when that head is stale. */
  const appendOntoKnownHead = async (
    workspaceId: string,
    records: readonly AuditRecord[],
  ): Promise<ChainedEntry[] | undefined> => {
    const head = committedHeads.get(workspaceId);
    if (head === undefined) return undefined;
    const entries = chained(workspaceId, head, records);
    try {
      await insertEntries(db, workspaceId, entries);
      return entries;
    } catch (error) {
      committedHeads.delete(workspaceId);
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return undefined;
      throw error;
    }
  };

  const appendCommitted = async (workspaceId: string, records: readonly AuditRecord[]) => {
    const entries =
      (await appendOntoKnownHead(workspaceId, records)) ??
      (await db.transaction().execute((trx) => append(trx, workspaceId, records)));
    const last = entries.at(-1)!;
    committedHeads.set(workspaceId, { seq: last.seq, hash: last.hash });
    return entries;
  };

  // Records made outside a transaction are group-committed per workspace, as events are: an
  // audited read waits for its entry to be durable, but concurrent reads share one commit.
  const queues = new Map<
    string,
    Array<{ record: AuditRecord; done: (entry: ChainedEntry) => void; fail: (error: unknown) => void }>
  >();
  const writing = new Set<string>();
  const pump = async (workspaceId: string): Promise<void> => {
    if (writing.has(workspaceId)) return;
    writing.add(workspaceId);
    try {
      const queue = queues.get(workspaceId) ?? [];
      while (queue.length > 0) {
        const batch = queue.splice(0, MAX_GROUP);
        try {
          const records = batch.map((b) => b.record);
          const entries = await appendCommitted(workspaceId, records);
          for (const [i, b] of batch.entries()) b.done(entries[i]!);
        } catch (error) {
          for (const b of batch) b.fail(error);
        }
      }
    } finally {
      writing.delete(workspaceId);
    }
  };

  const readPage = async (
    workspaceId: string,
    after: number,
    limit: number,
    filter: { subject?: string | undefined; action?: string | undefined } = {},
  ): Promise<ChainedEntry[]> => {
    let query = db
      .selectFrom("audit_log")
      .selectAll()
      .where("workspace_id", "=", workspaceId)
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(limit);
    if (filter.subject !== undefined) query = query.where("subject", "=", filter.subject);
    if (filter.action !== undefined) query = query.where("action", "=", filter.action);
    return (await query.execute()).map(
      (row): ChainedEntry => ({
        workspaceId: row.workspace_id,
        seq: Number(row.seq),
        at: new Date(row.at).toISOString(),
        actor: row.actor,
        action: row.action,
        subject: row.subject,
        details: row.details,
        prevHash: row.prev_hash,
        hash: row.hash,
      }),
    );
  };

  return {
    async record(workspaceId, record, trx) {
      assertPseudonymous(record.subject, "subject");
      assertPseudonymous(record.details ?? {});
      if (trx) return (await append(trx, workspaceId, [record]))[0]!;
      const entry = new Promise<ChainedEntry>((done, fail) => {
        const queue = queues.get(workspaceId) ?? [];
        queues.set(workspaceId, queue);
        queue.push({ record, done, fail });
      });
      void pump(workspaceId);
      return entry;
    },

    async list(workspaceId, query) {
      const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
      const entries = await readPage(workspaceId, query.after ?? 0, limit, query);
      return { entries, nextAfter: entries.length === limit ? entries.at(-1)!.seq : null };
    },

    async checkpoint(workspaceId) {
      const head = await headOf(db, workspaceId);
      if (!head) return null;
      const signed = signer.sign({ workspaceId, ...head, at: new Date().toISOString() });
      await db
        .insertInto("audit_checkpoints")
        .values({
          workspace_id: workspaceId,
          seq: signed.seq,
          hash: signed.hash,
          at: signed.at,
          signature: signed.signature,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return signed;
    },

    async verify(workspaceId, external = []) {
      const stored = (
        await db.selectFrom("audit_checkpoints").selectAll().where("workspace_id", "=", workspaceId).execute()
      ).map(
        (row): SignedCheckpoint => ({
          workspaceId: row.workspace_id,
          seq: Number(row.seq),
          hash: row.hash,
          at: new Date(row.at).toISOString(),
          signature: row.signature,
        }),
      );
      const foreign = external.filter((c) => c.workspaceId !== workspaceId);
      const checkpoints = [...stored, ...external.filter((c) => c.workspaceId === workspaceId)];
      const verifier = createChainVerifier(checkpoints, signer.verify);
      for (let after = 0; ; ) {
        const page = await readPage(workspaceId, after, VERIFY_PAGE);
        for (const entry of page) verifier.add(entry);
        if (page.length < VERIFY_PAGE) break;
        after = page.at(-1)!.seq;
      }
      const result = verifier.finish();
      for (const checkpoint of foreign)
        result.problems.push({
          seq: checkpoint.seq,
          kind: "checkpoint",
          message: `checkpoint is for workspace ${checkpoint.workspaceId}`,
        });
      return { ...result, ok: result.problems.length === 0 };
    },

    publicKeyPem: signer.publicKeyPem,
  };
}

const UNIQUE_VIOLATION = "23505";

/** The records as entries chained onto `head` (undefined: the log is empty). */
function chained(
  workspaceId: string,
  head: { seq: number; hash: string } | undefined,
  records: readonly AuditRecord[],
): ChainedEntry[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const at = new Date().toISOString();
  return records.map((record) => {
    const entry = chain(prevHash, {
      workspaceId,
      seq: ++seq,
      at,
      actor: record.actor,
      action: record.action,
      subject: record.subject,
      details: record.details ?? {},
    });
    prevHash = entry.hash;
    return entry;
  });
}

/** The newest entry's position and hash, or undefined while the log is empty. */
async function headOf(
  db: Kysely<Database>,
  workspaceId: string,
): Promise<{ seq: number; hash: string } | undefined> {
  const head = await db
    .selectFrom("audit_log")
    .select(["seq", "hash"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return head === undefined ? undefined : { seq: Number(head.seq), hash: head.hash };
}
