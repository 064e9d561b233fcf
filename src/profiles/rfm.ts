/**
 * RFM scores 1–5 by quintile of recency (last order), frequency (orders) and monetary value
 * (revenue) among customers with at least one order. The quintile cut-offs are a property of the
 * whole customer base, so they are computed in SQL and cached for a few minutes rather than
 * stored on every profile.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../storage/index.js";

export interface RfmCutoffs {
  recency: number[];
  frequency: number[];
  monetary: number[];
}

export interface RfmScores {
  recency: number;
  frequency: number;
  monetary: number;
  /** "543" style code. */
  code: string;
}

const TTL_MS = 5 * 60_000;

export function createRfmCache(db: Kysely<Database>) {
  const cache = new Map<
    string,
    { at: number; cutoffs: RfmCutoffs; refreshing?: Promise<RfmCutoffs> | undefined }
  >();
  const compute = async (workspaceId: string): Promise<RfmCutoffs> => {
    const { rows } = await sql<{ r: unknown; f: unknown; m: unknown }>`
      select percentile_cont(array[0.2, 0.4, 0.6, 0.8]) within group (order by extract(epoch from last_order_at)) as r,
             percentile_cont(array[0.2, 0.4, 0.6, 0.8]) within group (order by order_count) as f,
             percentile_cont(array[0.2, 0.4, 0.6, 0.8]) within group (order by revenue) as m
      from profiles where workspace_id = ${workspaceId} and order_count > 0`.execute(db);
    const row = rows[0];
    const cutoffs = { recency: numbers(row?.r), frequency: numbers(row?.f), monetary: numbers(row?.m) };
    cache.set(workspaceId, { at: Date.now(), cutoffs });
    return cutoffs;
  };
  // Stale-while-revalidate: over a million profiles the percentiles take a while, and no profile
  // read should wait for them once a first set exists.
  return async function cutoffs(workspaceId: string): Promise<RfmCutoffs> {
    const hit = cache.get(workspaceId);
    if (hit === undefined) return compute(workspaceId);
    if (Date.now() - hit.at >= TTL_MS && hit.refreshing === undefined) {
      hit.refreshing = compute(workspaceId).catch(() => {
        hit.refreshing = undefined;
        return hit.cutoffs;
      });
    }
    return hit.cutoffs;
  };
}

export function rfmScores(
  cutoffs: RfmCutoffs,
  lastOrderAt: string | null,
  orderCount: number,
  revenue: number,
): RfmScores | null {
  if (lastOrderAt === null || orderCount === 0 || cutoffs.recency.length === 0) return null;
  const score = (value: number, cuts: number[]) => 1 + cuts.filter((c) => value > c).length;
  const recency = score(Date.parse(lastOrderAt) / 1000, cutoffs.recency);
  const frequency = score(orderCount, cutoffs.frequency);
  const monetary = score(revenue, cutoffs.monetary);
  return { recency, frequency, monetary, code: `${recency}${frequency}${monetary}` };
}

function numbers(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  if (typeof value === "string" && value.startsWith("{"))
    return value.slice(1, -1).split(",").filter(Boolean).map(Number);
  return [];
}
