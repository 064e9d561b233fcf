/**
 * The workspace's user-defined computed traits, cached: the projector reads them on every
 * commit, and they change only through `define` / `remove` here.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../storage/index.js";
import { type CustomTraitDefinition, customTraitDefinitionSchema } from "./custom-traits.js";
import { ProfileError } from "./profile-error.js";

export interface TraitRegistry {
  get(
    db: Kysely<Database> | Transaction<Database>,
    workspaceId: string,
  ): Promise<readonly CustomTraitDefinition[]>;
  define(db: Kysely<Database>, workspaceId: string, definition: unknown): Promise<CustomTraitDefinition>;
  remove(db: Kysely<Database>, workspaceId: string, name: string): Promise<void>;
}

export function createTraitRegistry(): TraitRegistry {
  const cache = new Map<string, readonly CustomTraitDefinition[]>();
  const get: TraitRegistry["get"] = async (db, workspaceId) => {
    const hit = cache.get(workspaceId);
    if (hit !== undefined) return hit;
    const rows = await db
      .selectFrom("computed_trait_definitions")
      .select("definition")
      .where("workspace_id", "=", workspaceId)
      .orderBy("name")
      .execute();
    const defs = rows.map((r) => customTraitDefinitionSchema.parse(r.definition));
    cache.set(workspaceId, defs);
    return defs;
  };
  return {
    get,
    async define(db, workspaceId, definition) {
      const parsed = customTraitDefinitionSchema.safeParse(definition);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ProfileError(
          "invalid_traits",
          `${issue?.path.join(".") || "definition"}: ${issue?.message}`,
        );
      }
      const result = await db
        .insertInto("computed_trait_definitions")
        .values({
          workspace_id: workspaceId,
          name: parsed.data.name,
          definition: JSON.stringify(parsed.data),
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n)
        throw new ProfileError(
          "computed_trait_exists",
          `a computed trait named ${parsed.data.name} exists already`,
        );
      cache.delete(workspaceId);
      return parsed.data;
    },
    async remove(db, workspaceId, name) {
      const result = await db
        .deleteFrom("computed_trait_definitions")
        .where("workspace_id", "=", workspaceId)
        .where("name", "=", name)
        .executeTakeFirst();
      cache.delete(workspaceId);
      if (result.numDeletedRows === 0n)
        throw new ProfileError("computed_trait_not_found", `no computed trait named ${name}`);
    },
  };
}
