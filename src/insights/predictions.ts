/**
 * Per-person results of the analytics jobs, stored under `profiles.computed.predicted.<part>`
 * (`value`: CLV, P(alive), churn risk, value tier; `timing`: next purchase per category). A run
 * replaces its part for everyone at once: persons it no longer scores (they objected, restricted
 * processing or were merged away) lose the old figures in the same transaction.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../storage/index.js";

export type PredictionPart = "value" | "timing";

const CHUNK = 5_000;

export async function storePredictions(
  db: Kysely<Database>,
  workspaceId: string,
  part: PredictionPart,
  byPerson: ReadonlyMap<string, unknown>,
  onProgress: (fraction: number) => void = () => {},
): Promise<void> {
  const entries = [...byPerson];
  await db.transaction().execute(async (trx) => {
    await sql`update profiles set computed = computed #- array['predicted', ${part}]::text[]
              where workspace_id = ${workspaceId} and computed -> 'predicted' ? ${part}`.execute(trx);
    for (let at = 0; at < entries.length; at += CHUNK) {
      const rows = entries.slice(at, at + CHUNK).map(([id, value]) => ({ id, value }));
      await sql`
        update profiles p
        set computed = jsonb_set(p.computed, '{predicted}',
                                 coalesce(p.computed -> 'predicted', '{}'::jsonb) || jsonb_build_object(${part}::text, r.value))
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, value jsonb)
        where p.workspace_id = ${workspaceId} and p.id = r.id`.execute(trx);
      onProgress(Math.min(1, (at + CHUNK) / entries.length));
    }
  });
}
