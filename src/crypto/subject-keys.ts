/**
 * One data key per identifier a person is known by (`user:42`, `email#…`, `anon:…`), random, kept
 * only wrapped by the master key. A person owns the keys of all their identifiers, and no key is
 * ever shared between two persons, so a merge needs no re-encryption and destroying a person's
 * keys (crypto-shredding) makes every copy of their sealed data unreadable: in the tables, in
 * backups and in the database's own dead tuples. Events without any usable identifier belong to no
 * one and share one workspace key.
 */
import { createHash, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "../storage/index.js";
import { decrypt, encrypt } from "./field-cipher.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface SubjectKey {
  readonly id: string;
  /**
   * The raw 256-bit key. Not a `KeyObject`: on Node 20 a cipher is made no faster from one, and
   * creating it cost 4 µs per key, paid for every new identifier at ingest (measured in
   * BENCHMARKS.md, "Off and on in turns; raw data keys").
   */
  readonly key: Buffer;
}

export interface SubjectKeys {
  /** The keys of these identifiers, created where missing (call inside the writing transaction). */
  ensure(db: Db, workspaceId: string, identityKeys: readonly string[]): Promise<Map<string, SubjectKey>>;
  /** The key of this identifier when it is cached: the once-per-stored-event lookup, without a query. */
  cachedKey(workspaceId: string, identityKey: string): SubjectKey | undefined;
  /** The keys that exist; a shredded or unknown identifier has none. */
  find(db: Db, workspaceId: string, identityKeys: readonly string[]): Promise<Map<string, SubjectKey>>;
  /** Crypto-shredding: destroys the keys, in the caller's transaction. */
  destroy(db: Db, workspaceId: string, identityKeys: readonly string[]): Promise<number>;
  /** Drops cached keys once their destruction committed. */
  forget(workspaceId: string, identityKeys: readonly string[]): void;
  /** Fingerprint of the master key the keys are wrapped with now. */
  readonly masterId: string;
}

/** Identity keys that name no person (`message:…`) all use the workspace's shared key. */
export const UNATTRIBUTED = "*unattributed*";

export function keySlot(identityKey: string): string {
  return identityKey.startsWith("message:") ? UNATTRIBUTED : identityKey;
}

/** Bounds the cache: past this many keys in a workspace it is cleared and refills from the table. */
const MAX_CACHED = 100_000;

export function createSubjectKeys(masterKey: Buffer): SubjectKeys {
  const kek = keyEncryptionKey(masterKey);
  const masterId = masterIdOf(masterKey);
  // Keys known to be committed, by workspace and slot (looked up once per stored event).
  const cache = new Map<string, Map<string, SubjectKey>>();
  // Slots whose key a still-open transaction inserted: read back inside it, such a key is not
  // cached, since a rollback would leave the cache holding a key the table never got, and data
  // sealed under it later would never open.
  const insertedIn = new WeakMap<Db, Set<string>>();
  const remember = (workspaceId: string, slot: string, key: SubjectKey) => {
    let keys = cache.get(workspaceId);
    if (keys === undefined) {
      keys = new Map();
      cache.set(workspaceId, keys);
    }
    if (keys.size >= MAX_CACHED) keys.clear();
    keys.set(slot, key);
  };

  async function load(db: Db, workspaceId: string, slots: readonly string[], found: Map<string, SubjectKey>) {
    if (slots.length === 0) return;
    const { rows } = await sql<{ identity_key: string; key_id: string; wrapped: string }>`
      select identity_key, key_id, wrapped from subject_keys
      where workspace_id = ${workspaceId} and identity_key = any(${slots as string[]}::text[])`.execute(db);
    for (const row of rows) {
      let unwrapped: Buffer;
      try {
        unwrapped = unwrapKey(kek, workspaceId, row.identity_key, row.key_id, row.wrapped);
      } catch {
        // Wrapped by another master key (the keyring check at start makes this rare): what it
        // seals reads as unreadable instead of failing the whole request.
        continue;
      }
      const key = { id: row.key_id, key: unwrapped };
      if (!insertedIn.get(db)?.has(row.identity_key)) remember(workspaceId, row.identity_key, key);
      found.set(row.identity_key, key);
    }
  }

  // Reads outside a transaction asked for in the same tick share one query: the profile view
  // opens its contact part and its identifiers side by side, and concurrent requests join in.
  const gathering = new Map<
    string,
    { db: Db; slots: Set<string>; loaded: Promise<Map<string, SubjectKey>> }
  >();
  function loadTogether(db: Db, workspaceId: string, slots: readonly string[]) {
    let batch = gathering.get(workspaceId);
    if (batch === undefined || batch.db !== db) {
      const asked = new Set<string>();
      const loaded = Promise.resolve().then(async () => {
        if (gathering.get(workspaceId)?.slots === asked) gathering.delete(workspaceId);
        const found = new Map<string, SubjectKey>();
        await load(db, workspaceId, [...asked], found);
        return found;
      });
      batch = { db, slots: asked, loaded };
      gathering.set(workspaceId, batch);
    }
    for (const slot of slots) batch.slots.add(slot);
    return batch.loaded;
  }

  /**
   * The keys by identity key when every one is cached (the common case, once per stored event):
   * one pass and one map, where the general path below takes two of each.
   */
  function allCached(workspaceId: string, identityKeys: readonly string[]) {
    const keys = cache.get(workspaceId);
    if (keys === undefined) return undefined;
    const result = new Map<string, SubjectKey>();
    for (const identityKey of identityKeys) {
      const key = keys.get(keySlot(identityKey));
      if (key === undefined) return undefined;
      result.set(identityKey, key);
    }
    return result;
  }

  function cached(workspaceId: string, identityKeys: readonly string[]) {
    const found = new Map<string, SubjectKey>();
    const missing = new Set<string>();
    const keys = cache.get(workspaceId);
    for (const identityKey of identityKeys) {
      const slot = keySlot(identityKey);
      const key = keys?.get(slot);
      if (key === undefined) missing.add(slot);
      else found.set(slot, key);
    }
    return { found, missing: [...missing] };
  }

  return {
    masterId,
    cachedKey: (workspaceId, identityKey) => cache.get(workspaceId)?.get(keySlot(identityKey)),
    async find(db, workspaceId, identityKeys) {
      const hit = allCached(workspaceId, identityKeys);
      if (hit !== undefined) return hit;
      const { found, missing } = cached(workspaceId, identityKeys);
      if (missing.length === 0) return withIdentityKeys(found, identityKeys);
      if (db.isTransaction) await load(db, workspaceId, missing, found);
      else for (const [slot, key] of await loadTogether(db, workspaceId, missing)) found.set(slot, key);
      return withIdentityKeys(found, identityKeys);
    },
    async ensure(db, workspaceId, identityKeys) {
      const hit = allCached(workspaceId, identityKeys);
      if (hit !== undefined) return hit;
      const { found, missing } = cached(workspaceId, identityKeys);
      if (missing.length > 0) {
        const now = new Date().toISOString();
        const material = randomBytes(32 * missing.length);
        const fresh = missing.map((slot, i) => {
          const id = randomUUID();
          const key = material.subarray(32 * i, 32 * (i + 1));
          return { slot, id, key, wrapped: wrapKey(kek, workspaceId, slot, id, key) };
        });
        // Another process may create the same identifier's key at the same moment: its key wins
        // (do nothing on conflict) and only those are read back, so every event uses the stored key.
        const { rows: stored } = await sql<{ identity_key: string }>`
          insert into subject_keys (workspace_id, identity_key, key_id, wrapped, master_id, created_at)
          select ${workspaceId}, slot, id::uuid, wrapped, ${masterId}, ${now}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(fresh.map(({ key: _, ...row }) => row))}::jsonb)
            as r(slot text, id text, wrapped text)
          on conflict (workspace_id, identity_key) do nothing
          returning identity_key`.execute(db);
        const ours = new Set(stored.map((row) => row.identity_key));
        if (db.isTransaction) {
          const inserted = insertedIn.get(db) ?? new Set<string>();
          for (const slot of ours) inserted.add(slot);
          insertedIn.set(db, inserted);
        }
        for (const { slot, id, key } of fresh) {
          if (!ours.has(slot)) continue;
          // A copy: the material the keys were cut from is wiped below.
          const created = { id, key: Buffer.from(key) };
          found.set(slot, created);
          // Inside a transaction the key may yet vanish with a rollback: there, the next use
          // outside it reads it back (committed by then) and caches it.
          if (!db.isTransaction) remember(workspaceId, slot, created);
        }
        material.fill(0);
        await load(
          db,
          workspaceId,
          missing.filter((slot) => !ours.has(slot)),
          found,
        );
        const unusable = missing.filter((slot) => !found.has(slot));
        if (unusable.length > 0)
          throw new Error(
            `${unusable.length} data keys cannot be unwrapped with this master key (e.g. ${unusable[0]}); was it rotated while this process ran?`,
          );
      }
      return withIdentityKeys(found, identityKeys);
    },
    async destroy(db, workspaceId, identityKeys) {
      if (identityKeys.length === 0) return 0;
      const result = await sql`delete from subject_keys where workspace_id = ${workspaceId}
                               and identity_key = any(${identityKeys as string[]}::text[])`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },
    forget(workspaceId, identityKeys) {
      const keys = cache.get(workspaceId);
      for (const identityKey of identityKeys) keys?.delete(keySlot(identityKey));
    },
  };
}

/** Maps each identity key asked for to its key (via its slot). */
function withIdentityKeys(
  bySlot: Map<string, SubjectKey>,
  identityKeys: readonly string[],
): Map<string, SubjectKey> {
  const result = new Map<string, SubjectKey>();
  for (const identityKey of identityKeys) {
    const key = bySlot.get(keySlot(identityKey));
    if (key !== undefined) result.set(identityKey, key);
  }
  return result;
}

export function keyEncryptionKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "kundenprofil/key-wrapping/v1", 32));
}

export function masterIdOf(masterKey: Buffer): string {
  return createHash("sha256").update(keyEncryptionKey(masterKey)).digest("base64url").slice(0, 12);
}

function wrapAad(workspaceId: string, slot: string, keyId: string): string {
  return `kp/subject-key/v1|${workspaceId}|${slot}|${keyId}`;
}

export function wrapKey(kek: Buffer, workspaceId: string, slot: string, keyId: string, key: Buffer): string {
  return encrypt(kek, key, wrapAad(workspaceId, slot, keyId)).toString("base64url");
}

export function unwrapKey(
  kek: Buffer,
  workspaceId: string,
  slot: string,
  keyId: string,
  wrapped: string,
): Buffer {
  return decrypt(kek, Buffer.from(wrapped, "base64url"), wrapAad(workspaceId, slot, keyId));
}
