/**
 * Audiences: a segment's members leave the system only for a purpose, and only those whose consent
 * covers it (the same decision as everywhere, in SQL). An export smaller than the minimum size k is
 * refused, since a handful of rows says too much about each person; ids can be replaced by
 * pseudonyms keyed per export, so two exports cannot be joined on them. Every export is audited.
 * Destinations: CSV (returned to the caller) and a webhook (JSON POST).
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { stringify } from "csv-stringify/sync";
import { type Kysely, sql } from "kysely";
import type { AuditLog } from "../audit/index.js";
import type { Purpose } from "../protocol/index.js";
import type { Database } from "../storage/index.js";
import { compileSegment } from "./compile-sql.js";
import { SegmentError } from "./segment-error.js";
import { findSegment } from "./segment-store.js";

export const DEFAULT_MIN_AUDIENCE = 10;

export interface AudienceRequest {
  purpose: Purpose;
  destination: { kind: "csv" } | { kind: "webhook"; url: string };
  /** Per-export keyed pseudonyms instead of person ids. */
  pseudonymise?: boolean | undefined;
  /** Fields of each member's profile summary to include, e.g. `demographics.city`, `computed.orderCount`. */
  fields?: readonly string[] | undefined;
}

export interface AudienceResult {
  exportId: string;
  segment: string;
  purpose: Purpose;
  /** Members of the segment, and those whose consent covers the purpose (the ones exported). */
  members: number;
  exported: number;
  pseudonymised: boolean;
  csv?: string;
  delivered?: { url: string; status: number };
}

export interface AudienceDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly minSize: number;
}

/** Profile summaries of the given persons, as the caller may see them (masked for some roles). */
export type Summaries = (workspaceId: string, ids: readonly string[]) => Promise<Record<string, unknown>[]>;

export async function exportAudience(
  deps: AudienceDeps,
  workspaceId: string,
  reference: string,
  request: AudienceRequest,
  actor: string,
  summaries: Summaries,
): Promise<AudienceResult> {
  const segment = await findSegment(deps.db, workspaceId, reference);
  const consented = compileSegment(
    { kind: "consent", purpose: request.purpose },
    { workspaceId, now: Date.now(), form: "set" },
  );
  const { rows } = await sql<{ id: string }>`
    select p.id from segment_members m
    join profiles p on p.workspace_id = m.workspace_id and p.id = m.person_id
    where m.workspace_id = ${workspaceId} and m.segment_id = ${segment.id} and ${consented}
    order by p.id`.execute(deps.db);
  const exportId = randomUUID();
  const record = (outcome: Record<string, unknown>) =>
    deps.audit.record(workspaceId, {
      actor,
      action: "audience.export",
      subject: `segment:${segment.id}`,
      details: {
        export: exportId,
        purpose: request.purpose,
        destination: request.destination.kind,
        ...outcome,
      },
    });
  if (rows.length < deps.minSize) {
    await record({ refused: "below_minimum_size", count: rows.length });
    throw new SegmentError(
      "audience_too_small",
      `only ${rows.length} member${rows.length === 1 ? "" : "s"} of ${JSON.stringify(segment.name)} may be processed for ${request.purpose}; exports need at least ${deps.minSize}`,
    );
  }
  const pseudonymise = request.pseudonymise ?? false;
  const key = randomBytes(32);
  const idOf = (personId: string) =>
    pseudonymise ? createHmac("sha256", key).update(personId).digest("base64url").slice(0, 22) : personId;
  const fields = request.fields ?? [];
  const profiles =
    fields.length === 0
      ? []
      : await summaries(
          workspaceId,
          rows.map((r) => r.id),
        );
  const members = rows.map((row, i) => ({
    id: idOf(row.id),
    ...Object.fromEntries(fields.map((field) => [field, valueAt(profiles[i], field)])),
  }));
  const base = {
    exportId,
    segment: segment.name,
    purpose: request.purpose,
    members: segment.size,
    exported: members.length,
    pseudonymised: pseudonymise,
  };
  if (request.destination.kind === "csv") {
    await record({ count: members.length, pseudonymised: pseudonymise });
    const csv = stringify(
      members.map((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, cell(v)]))),
      {
        header: true,
        columns: ["id", ...fields],
      },
    );
    return { ...base, csv };
  }
  const { url } = request.destination;
  const host = new URL(url).host;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        exportId,
        segment: segment.name,
        purpose: request.purpose,
        pseudonymised: pseudonymise,
        members,
      }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    await record({ count: members.length, pseudonymised: pseudonymise, host, failed: String(error) });
    throw new SegmentError("audience_destination_failed", `could not deliver to ${host}: ${String(error)}`);
  }
  await record({ count: members.length, pseudonymised: pseudonymise, host, status: response.status });
  if (!response.ok)
    throw new SegmentError("audience_destination_failed", `${host} answered ${response.status}`);
  return { ...base, delivered: { url, status: response.status } };
}

function valueAt(summary: Record<string, unknown> | undefined, path: string): unknown {
  let current: unknown = summary;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
