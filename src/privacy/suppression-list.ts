/**
 * The suppression list: what keeps an erased person erased. It holds an HMAC of each of their
 * identifier keys (`user:42`, `anon:…`, `email#…`), under a key of its own derived from the master
 * key, so the list reveals nothing and matches nothing stored elsewhere. The projector asks it
 * inside the commit transaction, so a replayed or new message under any alias of an erased person
 * is removed before it becomes durable, whichever process took it in.
 */
import { createHmac, hkdfSync } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../storage/index.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface SuppressionList {
  /** The identifier keys among `keys` that belong to an erased person. */
  suppressed(db: Db, workspaceId: string, keys: readonly string[]): Promise<ReadonlySet<string>>;
  add(db: Db, workspaceId: string, keys: readonly string[]): Promise<number>;
}

export function createSuppressionList(masterKey: Buffer): SuppressionList {
  const keyFor = new Map<string, Buffer>();
  // A customer's identifiers recur in commit after commit; their hashes are kept for a while.
  const recent = new Map<string, string>();
  const hashOf = (workspaceId: string, identifierKey: string) => {
    const cacheKey = `${workspaceId}\u0000${identifierKey}`;
    const known = recent.get(cacheKey);
    if (known !== undefined) return known;
    let key = keyFor.get(workspaceId);
    if (key === undefined) {
      key = Buffer.from(
        hkdfSync("sha256", masterKey, Buffer.alloc(0), `kundenprofil/suppression/v1/${workspaceId}`, 32),
      );
      keyFor.set(workspaceId, key);
    }
    const hash = createHmac("sha256", key).update(identifierKey).digest("base64url");
    if (recent.size >= 50_000) recent.clear();
    recent.set(cacheKey, hash);
    return hash;
  };
  return {
    async suppressed(db, workspaceId, keys) {
      if (keys.length === 0) return new Set();
      const byHash = new Map(keys.map((k) => [hashOf(workspaceId, k), k]));
      const { rows } = await sql<{ hash: string }>`
        select hash from suppressions
        where workspace_id = ${workspaceId} and hash = any(${[...byHash.keys()]}::text[])`.execute(db);
      return new Set(rows.map((r) => byHash.get(r.hash)!));
    },
    async add(db, workspaceId, keys) {
      if (keys.length === 0) return 0;
      const now = new Date().toISOString();
      const rows = [...new Set(keys)].map((k) => ({
        workspace_id: workspaceId,
        hash: hashOf(workspaceId, k),
        suppressed_at: now,
      }));
      await db
        .insertInto("suppressions")
        .values(rows)
        .onConflict((oc) => oc.columns(["workspace_id", "hash"]).doNothing())
        .execute();
      return rows.length;
    },
  };
}
