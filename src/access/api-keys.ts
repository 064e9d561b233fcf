/**
 * Write keys (one source, send only) and admin keys (a role). Only hashes are stored; the key
 * itself is returned once, at creation.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../storage/index.js";
import { generateKey, hashKey, keyPrefix } from "./key-codec.js";
import type { Role } from "./roles.js";
import { ensureSource } from "./sources.js";

export type KeyRequest =
  | { type: "write"; source: string; label?: string }
  | { type: "admin"; role: Role; label?: string };

/** What the audit log keeps of a key request: its kind and scope, never the key or its label. */
export function keyScope(
  request: { type: "write"; source: string } | { type: "admin"; role: Role },
): Record<string, string> {
  return request.type === "write"
    ? { type: "write", source: request.source }
    : { type: "admin", role: request.role };
}

export interface CreatedKey {
  id: string;
  key: string;
  type: KeyRequest["type"];
  source?: string;
  role?: Role;
}

export interface KeyInfo {
  id: string;
  type: KeyRequest["type"];
  source: string | null;
  role: string | null;
  prefix: string;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Creates a key; a write key's source is created on first use of its id. */
export async function createKey(
  db: Kysely<Database>,
  workspaceId: string,
  request: KeyRequest,
): Promise<CreatedKey> {
  if (request.type === "write") await ensureSource(db, workspaceId, { id: request.source });
  const key = generateKey(request.type);
  const id = randomUUID();
  await db
    .insertInto("api_keys")
    .values({
      id,
      workspace_id: workspaceId,
      kind: request.type,
      source_id: request.type === "write" ? request.source : null,
      role: request.type === "admin" ? request.role : null,
      key_hash: hashKey(key),
      key_prefix: keyPrefix(key),
      label: request.label ?? null,
    })
    .execute();
  return request.type === "write"
    ? { id, key, type: "write", source: request.source }
    : { id, key, type: "admin", role: request.role };
}

export async function listKeys(db: Kysely<Database>, workspaceId: string): Promise<KeyInfo[]> {
  const rows = await db
    .selectFrom("api_keys")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.kind,
    source: r.source_id,
    role: r.role,
    prefix: r.key_prefix,
    label: r.label,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }));
}

/** Revokes a key by id; true when a live key was revoked. */
export async function revokeKey(db: Kysely<Database>, workspaceId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable("api_keys")
    .set({ revoked_at: new Date() })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface KeyRecord {
  id: string;
  workspaceId: string;
  kind: KeyRequest["type"];
  sourceId: string | null;
  role: string | null;
  revoked: boolean;
}

export async function findKey(db: Kysely<Database>, key: string): Promise<KeyRecord | undefined> {
  const row = await db
    .selectFrom("api_keys")
    .selectAll()
    .where("key_hash", "=", hashKey(key))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    sourceId: row.source_id,
    role: row.role,
    revoked: row.revoked_at !== null,
  };
}
