/**
 * Keeps each workspace's recommender in memory and reloads it when it is stale: at once after a job
 * in this process changed it, otherwise when a look at the database (at most every 30 s) finds a
 * newer job run or catalogue change, e.g. from the CLI on a shared PostgreSQL.
 */
import { type Kysely, sql } from "kysely";
import type { SensitivityPolicy } from "../privacy/index.js";
import type { Database } from "../storage/index.js";
import { type LoadedModel, latestModelRun, loadModel } from "./recommendation-model.js";
import { loadCatalogue } from "./shop-catalogue.js";

const RECHECK_MS = 30_000;

interface Entry {
  loaded: Promise<LoadedModel>;
  version: string;
  checkedAt: number;
}

export function createModelCache(db: Kysely<Database>, policy: SensitivityPolicy) {
  const entries = new Map<string, Entry>();

  async function versionOf(workspaceId: string): Promise<string> {
    const run = await latestModelRun(db, workspaceId);
    const { rows } = await sql<{ at: Date | null; n: string }>`
      select max(updated_at) as at, count(*) as n from products where workspace_id = ${workspaceId}`.execute(
      db,
    );
    const catalogue = rows[0];
    return `${run ?? "-"}|${catalogue?.at === null || catalogue === undefined ? "-" : new Date(catalogue.at).toISOString()}|${catalogue?.n ?? 0}`;
  }

  async function load(workspaceId: string, version: string): Promise<LoadedModel> {
    const catalogue = await loadCatalogue(db, workspaceId, policy);
    return loadModel(
      db,
      workspaceId,
      catalogue,
      version.split("|")[0] === "-" ? null : version.split("|")[0]!,
    );
  }

  return {
    async get(workspaceId: string): Promise<LoadedModel> {
      const now = Date.now();
      const entry = entries.get(workspaceId);
      if (entry !== undefined && now - entry.checkedAt < RECHECK_MS) return entry.loaded;
      const version = await versionOf(workspaceId);
      if (entry !== undefined && entry.version === version) {
        entry.checkedAt = now;
        return entry.loaded;
      }
      const loaded = load(workspaceId, version);
      entries.set(workspaceId, { loaded, version, checkedAt: now });
      loaded.catch(() => entries.delete(workspaceId));
      return loaded;
    },

    /** Drops the workspace's model so the next request loads the new one. */
    invalidate(workspaceId: string): void {
      entries.delete(workspaceId);
    },
  };
}
