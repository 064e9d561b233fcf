/**
 * Accepted / rejected / deduplicated counters per source and message type. Counted in memory on
 * the hot path and added to `ingest_stats` about once a second (and on close), so counting costs
 * no extra round trip per request. After a crash the last second of counts may be missing; the
 * events themselves never are.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../storage/index.js";

export type Outcome = "accepted" | "rejected" | "deduplicated";

export interface SourceTypeStats {
  source: string;
  type: string;
  accepted: number;
  rejected: number;
  deduplicated: number;
}

export interface IngestStats {
  count(workspaceId: string, sourceId: string, type: string, outcome: Outcome): void;
  persist(): Promise<void>;
  read(workspaceId: string): Promise<SourceTypeStats[]>;
  close(): Promise<void>;
}

type Deltas = Map<
  string,
  { workspaceId: string; source: string; type: string; counts: Record<Outcome, number> }
>;

export function createIngestStats(db: Kysely<Database>, flushEveryMs = 1_000): IngestStats {
  let pending: Deltas = new Map();
  let persisting = Promise.resolve();
  const timer = setInterval(() => void stats.persist().catch(() => {}), flushEveryMs);
  timer.unref();

  const stats: IngestStats = {
    count(workspaceId, source, type, outcome) {
      const key = `${workspaceId}\u0000${source}\u0000${type}`;
      let entry = pending.get(key);
      if (!entry) {
        entry = { workspaceId, source, type, counts: { accepted: 0, rejected: 0, deduplicated: 0 } };
        pending.set(key, entry);
      }
      entry.counts[outcome]++;
    },
    persist() {
      persisting = persisting.then(async () => {
        if (pending.size === 0) return;
        const batch = [...pending.values()].sort((a, b) => (a.source + a.type < b.source + b.type ? -1 : 1));
        pending = new Map();
        await db
          .insertInto("ingest_stats")
          .values(
            batch.map((d) => ({
              workspace_id: d.workspaceId,
              source_id: d.source,
              type: d.type,
              accepted: d.counts.accepted,
              rejected: d.counts.rejected,
              deduplicated: d.counts.deduplicated,
            })),
          )
          .onConflict((oc) =>
            oc.columns(["workspace_id", "source_id", "type"]).doUpdateSet({
              accepted: sql`ingest_stats.accepted + excluded.accepted`,
              rejected: sql`ingest_stats.rejected + excluded.rejected`,
              deduplicated: sql`ingest_stats.deduplicated + excluded.deduplicated`,
            }),
          )
          .execute();
      });
      return persisting;
    },
    async read(workspaceId) {
      await stats.persist();
      const rows = await db
        .selectFrom("ingest_stats")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .orderBy("source_id")
        .orderBy("type")
        .execute();
      return rows.map((r) => ({
        source: r.source_id,
        type: r.type,
        accepted: Number(r.accepted),
        rejected: Number(r.rejected),
        deduplicated: Number(r.deduplicated),
      }));
    },
    async close() {
      clearInterval(timer);
      await stats.persist();
    },
  };
  return stats;
}
