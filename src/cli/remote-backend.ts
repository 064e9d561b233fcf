/** The CLI backend that goes through a running server's admin API (see cli-backend.ts). */
import type { CreatedKey, KeyInfo, Source } from "../access/index.js";
import type { MessageResult, SourceTypeStats, StoredEvent } from "../ingest/index.js";
import type { AnalyticsRun, StoredRule } from "../insights/index.js";
import type { SubjectRequest } from "../privacy/index.js";
import type { Segment } from "../segments/index.js";
import type { CliBackend } from "./cli-backend.js";

export function createRemoteBackend(baseUrl: string, token: string): CliBackend {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      throw new Error(
        `server at ${baseUrl} answered ${response.status}: ${String(payload.message ?? response.statusText)}`,
      );
    }
    return payload as T;
  };
  return {
    description: `server at ${baseUrl} (it owns the embedded database)`,
    createKey: (request) => call<CreatedKey>("POST", "/v1/keys", request),
    listKeys: async () => (await call<{ keys: KeyInfo[] }>("GET", "/v1/keys")).keys,
    async revokeKey(id) {
      try {
        await call("DELETE", `/v1/keys/${encodeURIComponent(id)}`);
        return true;
      } catch (error) {
        if (String(error).includes(" 404:")) return false;
        throw error;
      }
    },
    listSources: async () => (await call<{ sources: Source[] }>("GET", "/v1/sources")).sources,
    ingest: async (source, messages) =>
      (await call<{ results: MessageResult[] }>("POST", "/v1/import/messages", { source, messages })).results,
    upsertProducts: async (products) =>
      (await call<{ upserted: number }>("POST", "/v1/products", products)).upserted,
    async listEvents(filter) {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(filter)) {
        if (value !== undefined) query.set(key, value instanceof Date ? value.toISOString() : String(value));
      }
      return (await call<{ events: StoredEvent[] }>("GET", `/v1/events?${query}`)).events;
    },
    stats: async () =>
      (await call<{ bySourceAndType: SourceTypeStats[] }>("GET", "/v1/stats")).bySourceAndType,
    getProfile: (reference) => call("GET", `/v1/profiles/${encodeURIComponent(reference)}`),
    listProfiles(query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries({
        sort: query.sort,
        limit: query.limit,
        cursor: query.cursor,
        q: query.q,
      }))
        if (value !== undefined) params.set(key, String(value));
      for (const [key, value] of Object.entries(query.filters)) params.append(key, String(value));
      return call("GET", `/v1/profiles?${params}`);
    },
    timeline: (reference, limit) =>
      call("GET", `/v1/profiles/${encodeURIComponent(reference)}/timeline?limit=${limit}`),
    identityHistory: (reference) => call("GET", `/v1/profiles/${encodeURIComponent(reference)}/identity`),
    rebuildProfiles: async () => {
      throw new Error(`a server at ${baseUrl} owns the database: stop it, then rebuild`);
    },
    unmerge: (mergeId) => call("POST", `/v1/merges/${encodeURIComponent(mergeId)}/unmerge`),
    auditList(query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query))
        if (value !== undefined) params.set(key, String(value));
      return call("GET", `/v1/audit?${params}`);
    },
    auditVerify: (checkpoints) => call("POST", "/v1/audit/verify", { checkpoints }),
    async auditCheckpoint() {
      try {
        return await call("POST", "/v1/audit/checkpoints");
      } catch (error) {
        if (String(error).includes(" 404:")) return null;
        throw error;
      }
    },
    consentState: (reference) => call("GET", `/v1/profiles/${encodeURIComponent(reference)}/consent`),
    consentHistory: (reference) =>
      call("GET", `/v1/profiles/${encodeURIComponent(reference)}/consent/history`),
    recordConsent: (reference, change) =>
      call("POST", `/v1/profiles/${encodeURIComponent(reference)}/consent`, change),
    withdrawConsent: (reference, purposes) =>
      call(
        "POST",
        `/v1/profiles/${encodeURIComponent(reference)}/consent/withdraw`,
        purposes ? { purposes } : {},
      ),
    may: (reference, purpose) =>
      call("GET", `/v1/profiles/${encodeURIComponent(reference)}/may/${encodeURIComponent(purpose)}`),
    subjectRequest: (request) => call("POST", "/v1/subject-requests", request),
    listRequests: async (status) =>
      (
        await call<{ requests: SubjectRequest[] }>(
          "GET",
          `/v1/subject-requests${status ? `?status=${status}` : ""}`,
        )
      ).requests,
    runRetention: (dryRun) => call("POST", `/v1/retention/run${dryRun ? "?dryRun=true" : ""}`),
    async runAnalytics(jobs, onProgress) {
      // The server runs them in the background; follow the runs until each has finished.
      let { runs } = await call<{ runs: AnalyticsRun[] }>("POST", "/v1/analytics/runs", { jobs });
      while (runs.some((r) => r.status === "running")) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        runs = await Promise.all(runs.map((r) => call<AnalyticsRun>("GET", `/v1/analytics/runs/${r.id}`)));
        onProgress("jobs", runs.filter((r) => r.status !== "running").length / runs.length);
      }
      return runs;
    },
    analyticsRuns: async (limit) =>
      (await call<{ runs: AnalyticsRun[] }>("GET", `/v1/analytics/runs?limit=${limit}`)).runs,
    previewSegment: (text, sample) => call("POST", "/v1/segments/preview", { text, sample }),
    defineSegment: (name, text, description) =>
      call<Segment>("POST", "/v1/segments", {
        name,
        text,
        ...(description === undefined ? {} : { description }),
      }),
    listSegments: async () => (await call<{ segments: Segment[] }>("GET", "/v1/segments")).segments,
    segmentMembers(reference, page) {
      const params = new URLSearchParams({ limit: String(page.limit) });
      if (page.cursor !== undefined) params.set("cursor", page.cursor);
      return call("GET", `/v1/segments/${encodeURIComponent(reference)}/members?${params}`);
    },
    async recomputeSegments(reference) {
      const path =
        reference === undefined ? undefined : `/v1/segments/${encodeURIComponent(reference)}/recompute`;
      if (path === undefined) {
        const segments = (await call<{ segments: Segment[] }>("GET", "/v1/segments")).segments;
        const out = [];
        for (const s of segments)
          out.push(
            ...(
              await call<{ results: { name: string; entered: number; exited: number }[] }>(
                "POST",
                `/v1/segments/${s.id}/recompute`,
              )
            ).results,
          );
        return out;
      }
      return (await call<{ results: { name: string; entered: number; exited: number }[] }>("POST", path))
        .results;
    },
    async rules(query) {
      const params = new URLSearchParams({ level: query.level, limit: String(query.limit) });
      if (query.item !== undefined) params.set("item", query.item);
      return (await call<{ rules: StoredRule[] }>("GET", `/v1/analytics/rules?${params}`)).rules;
    },
    close: async () => {},
  };
}
