/**
 * The identity graph keeps each identifier's normalised value so a profile can show it. For the
 * contact kinds (e-mail, phone, card) that value is personal data in clear, so it is sealed with
 * the identifier's own key; the lookup key stays the blind index. Pseudonymous kinds (user,
 * anonymous and device ids) are their own lookup key and stay as they are.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../storage/index.js";
import { openValue, sealValue } from "./event-sealer.js";
import type { SubjectKeys } from "./subject-keys.js";

type Db = Kysely<Database> | Transaction<Database>;

const SEALED_KINDS: ReadonlySet<string> = new Set(["email", "phone", "card"]);
const PREFIX = "sealed:";

export interface IdentifierValues {
  /** The values to store, sealed where the kind is a contact kind. */
  seal(
    db: Db,
    workspaceId: string,
    ids: readonly { key: string; kind: string; value: string }[],
  ): Promise<string[]>;
  /** The stored values opened; a value whose key was destroyed comes back as `[erased]`. */
  open(db: Db, workspaceId: string, rows: readonly { key: string; value: string }[]): Promise<string[]>;
}

export function createIdentifierValues(keys: SubjectKeys): IdentifierValues {
  const aad = (workspaceId: string, key: string) => `kp/identifier/v1|${workspaceId}|${key}`;
  return {
    async seal(db, workspaceId, ids) {
      const contact = ids.filter((id) => SEALED_KINDS.has(id.kind)).map((id) => id.key);
      if (contact.length === 0) return ids.map((id) => id.value);
      const found = await keys.ensure(db, workspaceId, contact);
      return ids.map((id) => {
        const key = SEALED_KINDS.has(id.kind) ? found.get(id.key) : undefined;
        return key === undefined
          ? id.value
          : PREFIX + sealValue(key, aad(workspaceId, id.key), id.value).$sealed;
      });
    },
    async open(db, workspaceId, rows) {
      const sealed = rows.filter((r) => r.value.startsWith(PREFIX)).map((r) => r.key);
      if (sealed.length === 0) return rows.map((r) => r.value);
      const found = await keys.find(db, workspaceId, sealed);
      return rows.map((r) => {
        if (!r.value.startsWith(PREFIX)) return r.value;
        const key = found.get(r.key);
        const opened =
          key === undefined
            ? undefined
            : openValue(key, aad(workspaceId, r.key), r.value.slice(PREFIX.length));
        return typeof opened === "string" ? opened : "[erased]";
      });
    },
  };
}

/** No sealing (benchmarks compare against it). */
export const PLAIN_IDENTIFIERS: IdentifierValues = {
  seal: async (_db, _workspaceId, ids) => ids.map((id) => id.value),
  open: async (_db, _workspaceId, rows) => rows.map((r) => r.value),
};
