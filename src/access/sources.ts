/** Sources: where data comes from (web shop, POS, loyalty app, CRM import, …). */
import type { Kysely } from "kysely";
import type { Database } from "../storage/index.js";

export interface Source {
  id: string;
  name: string;
  kind: string;
  createdAt: Date;
}

export const SOURCE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Creates the source if it does not exist yet; returns it either way. */
export async function ensureSource(
  db: Kysely<Database>,
  workspaceId: string,
  input: { id: string; name?: string; kind?: string },
): Promise<Source> {
  await db
    .insertInto("sources")
    .values({
      workspace_id: workspaceId,
      id: input.id,
      name: input.name ?? input.id,
      kind: input.kind ?? "other",
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const row = await db
    .selectFrom("sources")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", input.id)
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, kind: row.kind, createdAt: row.created_at };
}

export async function listSources(db: Kysely<Database>, workspaceId: string): Promise<Source[]> {
  const rows = await db
    .selectFrom("sources")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, createdAt: r.created_at }));
}
