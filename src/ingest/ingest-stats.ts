/**
 * Accepted / rejected / deduplicated counters per source and message type, and the undeclared
 * fields the schema registry stripped or (policy `keep`) let through. Counted in memory on
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
  /** Undeclared fields removed before storing, counted once per message and field. */
  strippedFields: number;
  /** Undeclared fields stored because the source's policy is `keep`, counted the same way. */
  undeclaredFields: number;
}

type Counts = Record<Outcome | "strippedFields" | "undeclaredFields", number>;

export interface IngestStats {
  count(workspaceId: string, sourceId: string, type: string, outcome: Outcome): void;
  /** Adds to the field counters of messages that were stored. */
  countFields(
    workspaceId: string,
    sourceId: string,
    type: string,
    stripped: number,
    undeclared: number,
  ): void;
  persist(): Promise<void>;
  read(workspaceId: string): Promise<SourceTypeStats[]>;
  close(): Promise<void>;
}

type Deltas = Map<string, { workspaceId: string; source: string; type: string; counts: Counts }>;

export function createIngestStats(db: Kysely<Database>, flushEveryMs = 1_000): IngestStats {
  let pending: Deltas = new Map();
  let persisting = Promise.resolve();
  const timer = setInterval(() => void stats.persist().catch(() => {}), flushEveryMs);
  timer.unref();

  const countsOf = (workspaceId: string, source: string, type: string): Counts => {
    const key = `${workspaceId}\u0000${source}\u0000${type}`;
    let entry = pending.get(key);
    if (!entry) {
      const counts = { accepted: 0, rejected: 0, deduplicated: 0, strippedFields: 0, undeclaredFields: 0 };
      entry = { workspaceId, source, type, counts };
      pending.set(key, entry);
    }
    return entry.counts;
  };

  const stats: IngestStats = {
    count(workspaceId, source, type, outcome) {
      countsOf(workspaceId, source, type)[outcome]++;
    },
    countFields(workspaceId, source, type, stripped, undeclared) {
      const counts = countsOf(workspaceId, source, type);
      counts.strippedFields += stripped;
      counts.undeclaredFields += undeclared;
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
              stripped_fields: d.counts.strippedFields,
              undeclared_fields: d.counts.undeclaredFields,
            })),
          )
          .onConflict((oc) =>
            oc.columns(["workspace_id", "source_id", "type"]).doUpdateSet({
              accepted: sql`ingest_stats.accepted + excluded.accepted`,
              rejected: sql`ingest_stats.rejected + excluded.rejected`,
              deduplicated: sql`ingest_stats.deduplicated + excluded.deduplicated`,
              stripped_fields: sql`ingest_stats.stripped_fields + excluded.stripped_fields`,
              undeclared_fields: sql`ingest_stats.undeclared_fields + excluded.undeclared_fields`,
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
        strippedFields: Number(r.stripped_fields),
        undeclaredFields: Number(r.undeclared_fields),
      }));
    },
    async close() {
      clearInterval(timer);
      await stats.persist();
    },
  };
  return stats;
}
