/**
 * Resolves presented keys to principals. Lookups are cached for a few seconds because every
 * tracking request carries a key; a revocation made through this process clears the cache at
 * once, one made by another process takes effect within `ttlMs`.
 */
import type { Kysely } from "kysely";
import type { Database } from "../storage/index.js";
import { findKey, type KeyRecord } from "./api-keys.js";
import { isRole, type Role } from "./roles.js";

export type Principal =
  | { kind: "write"; workspaceId: string; sourceId: string; keyId: string }
  | { kind: "admin"; workspaceId: string; role: Role; keyId: string };

export interface Authenticator {
  /** The principal for a key, or undefined when the key is unknown or revoked. */
  authenticate(key: string): Promise<Principal | undefined>;
  forget(): void;
  /** Accepts `token` as an admin of `workspaceId` for this process's lifetime (the local CLI). */
  allowLocalAdmin(token: string, workspaceId: string): void;
}

export function createAuthenticator(db: Kysely<Database>, options: { ttlMs?: number } = {}): Authenticator {
  const ttlMs = options.ttlMs ?? 2_000;
  let localAdmin: { token: string; workspaceId: string } | undefined;
  const cache = new Map<string, { principal: Principal | undefined; expires: number }>();
  return {
    async authenticate(key) {
      if (localAdmin && key === localAdmin.token) {
        return { kind: "admin", workspaceId: localAdmin.workspaceId, role: "admin", keyId: "local-cli" };
      }
      const hit = cache.get(key);
      if (hit && hit.expires > Date.now()) return hit.principal;
      const principal = toPrincipal(await findKey(db, key));
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { principal, expires: Date.now() + ttlMs });
      return principal;
    },
    forget() {
      cache.clear();
    },
    allowLocalAdmin(token, workspaceId) {
      localAdmin = { token, workspaceId };
    },
  };
}

function toPrincipal(record: KeyRecord | undefined): Principal | undefined {
  if (!record || record.revoked) return undefined;
  if (record.kind === "write" && record.sourceId) {
    return { kind: "write", workspaceId: record.workspaceId, sourceId: record.sourceId, keyId: record.id };
  }
  if (record.kind === "admin" && isRole(record.role)) {
    return { kind: "admin", workspaceId: record.workspaceId, role: record.role, keyId: record.id };
  }
  return undefined;
}
