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

export function createAuditLog(db: Kysely<Database>, signer: CheckpointSigner): AuditLog {
  const append = async (trx: Transaction<Database>, workspaceId: string, record: AuditRecord) => {
    const details = record.details ?? {};
    assertPseudonymous(record.subject, "subject");
    assertPseudonymous(details);
    await sql`select pg_advisory_xact_lock(hashtext(${`kundenprofil/audit/${workspaceId}`}))`.execute(trx);
    const last = await trx
      .selectFrom("audit_log")
      .select(["seq", "hash"])
      .where("workspace_id", "=", workspaceId)
      .orderBy("seq", "desc")
      .limit(1)
      .executeTakeFirst();
    const entry = chain(last?.hash ?? GENESIS_HASH, {
      workspaceId,
      seq: last ? Number(last.seq) + 1 : 1,
      at: new Date().toISOString(),
      actor: record.actor,
      action: record.action,
      subject: record.subject,
      details,
    });
    await trx
      .insertInto("audit_log")
      .values({
        workspace_id: workspaceId,
        seq: entry.seq,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        details: JSON.stringify(entry.details),
        prev_hash: entry.prevHash,
        hash: entry.hash,
      })
      .execute();
    return entry;
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
    record(workspaceId, record, trx) {
      if (trx) return append(trx, workspaceId, record);
      return db.transaction().execute((t) => append(t, workspaceId, record));
    },

    async list(workspaceId, query) {
      const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
      const entries = await readPage(workspaceId, query.after ?? 0, limit, query);
      return { entries, nextAfter: entries.length === limit ? entries.at(-1)!.seq : null };
    },

    async checkpoint(workspaceId) {
      const head = await db
        .selectFrom("audit_log")
        .select(["seq", "hash"])
        .where("workspace_id", "=", workspaceId)
        .orderBy("seq", "desc")
        .limit(1)
        .executeTakeFirst();
      if (!head) return null;
      const signed = signer.sign({
        workspaceId,
        seq: Number(head.seq),
        hash: head.hash,
        at: new Date().toISOString(),
      });
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
