/**
 * The master key and what hangs off it. The master key only wraps: the per-subject data keys, and
 * the root secret from which the blind index, the suppression list, preference links and audit
 * signatures derive their keys. The root secret is created once (as the first master key itself,
 * so databases from before the keyring keep every derived value) and stored wrapped; rotating the
 * master key rewraps it with the data keys, so nothing derived from it changes and no data is
 * touched.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../storage/index.js";
import { keyEncryptionKey, masterIdOf, unwrapKey, wrapKey } from "./subject-keys.js";

const ROOT = "root";
const ROOT_ID = "00000000-0000-0000-0000-000000000000";

export class KeyringError extends Error {
  override readonly name = "KeyringError";
}

/** The root secret, created on first use; fails clearly when the master key is not this database's. */
export async function openKeyring(db: Kysely<Database>, masterKey: Buffer): Promise<Buffer> {
  const kek = keyEncryptionKey(masterKey);
  const masterId = masterIdOf(masterKey);
  await sql`
    insert into keyring (name, wrapped, master_id, created_at)
    values (${ROOT}, ${wrapKey(kek, "*", ROOT, ROOT_ID, masterKey)}, ${masterId}, now())
    on conflict (name) do nothing`.execute(db);
  const row = await db.selectFrom("keyring").selectAll().where("name", "=", ROOT).executeTakeFirstOrThrow();
  if (row.master_id !== masterId)
    throw new KeyringError(
      `the master key (id ${masterId}) is not the one this database's keys are wrapped with (id ${row.master_id}); was it rotated? Use the key \`keys rotate-master\` wrote`,
    );
  return unwrapKey(kek, "*", ROOT, ROOT_ID, row.wrapped);
}

export interface Rotation {
  subjectKeys: number;
  from: string;
  to: string;
}

/**
 * Rewraps every data key and the root secret from the old master key to the new one, in one
 * transaction: either all of them move or none does.
 */
export async function rotateMasterKey(
  db: Kysely<Database>,
  oldMaster: Buffer,
  newMaster: Buffer,
  onProgress?: (done: number, total: number) => void,
): Promise<Rotation> {
  const from = masterIdOf(oldMaster);
  const to = masterIdOf(newMaster);
  if (from === to) throw new KeyringError("the new master key is the old one");
  const oldKek = keyEncryptionKey(oldMaster);
  const newKek = keyEncryptionKey(newMaster);
  const root = await openKeyring(db, oldMaster);
  return db.transaction().execute(async (trx) => {
    const total = Number(
      (
        await trx
          .selectFrom("subject_keys")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("master_id", "=", from)
          .executeTakeFirstOrThrow()
      ).n,
    );
    let done = 0;
    const CHUNK = 5_000;
    for (;;) {
      const rows = await trx
        .selectFrom("subject_keys")
        .select(["workspace_id", "identity_key", "key_id", "wrapped"])
        .where("master_id", "=", from)
        .limit(CHUNK)
        .execute();
      if (rows.length === 0) break;
      const rewrapped = rows.map((r) => ({
        w: r.workspace_id,
        k: r.identity_key,
        wrapped: wrapKey(
          newKek,
          r.workspace_id,
          r.identity_key,
          r.key_id,
          unwrapKey(oldKek, r.workspace_id, r.identity_key, r.key_id, r.wrapped),
        ),
      }));
      await sql`
        update subject_keys s set wrapped = r.wrapped, master_id = ${to}
        from jsonb_to_recordset(${JSON.stringify(rewrapped)}::jsonb) as r(w text, k text, wrapped text)
        where s.workspace_id = r.w and s.identity_key = r.k`.execute(trx);
      done += rows.length;
      onProgress?.(done, total);
    }
    await trx
      .updateTable("keyring")
      .set({ wrapped: wrapKey(newKek, "*", ROOT, ROOT_ID, root), master_id: to })
      .where("name", "=", ROOT)
      .execute();
    return { subjectKeys: done, from, to };
  });
}
