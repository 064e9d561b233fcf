/**
 * What CLI commands talk to. Normally the CLI opens the database itself; while a server owns the
 * embedded database (its lock file names its URL and a local admin token) the same operations go
 * through that server's admin API instead, so every command works with or without a server.
 */
import { userInfo } from "node:os";
import { createKey, ensureSource, keyScope, listKeys, listSources, revokeKey } from "../access/index.js";
import { upsertProducts } from "../catalogue/index.js";
import { loadConfig } from "../config.js";
import type { Core } from "../core.js";
import { listEvents } from "../ingest/index.js";
import { openConfiguredCore } from "../open-core.js";
import { isAlive, readLockOwner } from "../storage/index.js";
import type { CliBackend } from "./cli-backend.js";
import { createRemoteBackend } from "./remote-backend.js";

/** Connects the way the current configuration and any running server demand. */
export async function connectCli(env: NodeJS.ProcessEnv = process.env): Promise<CliBackend> {
  const config = loadConfig(env);
  if (config.storage.backend === "pglite") {
    const owner = readLockOwner(config.dataDir);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid) && owner.serverUrl && owner.localToken) {
      return createRemoteBackend(owner.serverUrl, owner.localToken);
    }
  }
  return createLocalBackend(await openConfiguredCore(config, env));
}

function createLocalBackend(core: Core): CliBackend {
  const db = core.database.db;
  const ws = core.workspaceId;
  const actor = `cli:${userInfo().username}`;
  // Reads of personal data from the terminal are audited like those through the API.
  const audited = async <T>(action: string, subjectOf: (result: T) => string | null, read: Promise<T>) => {
    const result = await read;
    await core.audit.record(ws, { actor, action, subject: subjectOf(result) });
    return result;
  };
  return {
    description: `${core.database.backend} database (direct)`,
    async createKey(request) {
      const created = await createKey(db, ws, request);
      const details = keyScope(request);
      await core.audit.record(ws, { actor, action: "key.create", subject: `key:${created.id}`, details });
      return created;
    },
    listKeys: () => listKeys(db, ws),
    async revokeKey(id) {
      const revoked = await revokeKey(db, ws, id);
      if (revoked) await core.audit.record(ws, { actor, action: "key.revoke", subject: `key:${id}` });
      return revoked;
    },
    listSources: () => listSources(db, ws),
    async ingest(source, messages) {
      await ensureSource(db, ws, { id: source, kind: "import" });
      return core.ingestor.ingest(
        messages,
        { workspaceId: ws, sourceId: source, receivedAt: new Date() },
        { maxMessageBytes: Number.POSITIVE_INFINITY },
      );
    },
    upsertProducts: (products) => upsertProducts(db, ws, products),
    listEvents: (filter) => listEvents(db, ws, filter, core.eventCrypto),
    stats: () => core.stats.read(ws),
    getProfile: (reference) => audited("profile.read", (v) => v.id, core.profiles.get(ws, reference)),
    listProfiles: (query) => audited("profile.list", () => null, core.profiles.list(ws, query)),
    timeline: (reference, limit) =>
      audited("profile.timeline", (t) => t.id, core.profiles.timeline(ws, reference, { limit })),
    identityHistory: (reference) =>
      audited("profile.identity", (h) => h.id, core.profiles.history(ws, reference)),
    rebuildProfiles: (onProgress) => core.profiles.rebuild(ws, onProgress),
    unmerge: (mergeId) =>
      audited("profile.unmerge", (u) => u.restored, core.profiles.unmerge(ws, mergeId, actor)),
    auditList: (query) => core.audit.list(ws, query),
    auditVerify: (checkpoints) => core.audit.verify(ws, checkpoints),
    async auditCheckpoint() {
      const checkpoint = await core.audit.checkpoint(ws);
      return checkpoint === null ? null : { checkpoint, publicKey: core.audit.publicKeyPem };
    },
    consentState: (reference) => audited("consent.read", (c) => c.id, core.consent.state(ws, reference)),
    consentHistory: (reference) =>
      audited("consent.history", (c) => c.id, core.consent.history(ws, reference)),
    recordConsent: (reference, change) => core.consent.record(ws, reference, change, actor),
    withdrawConsent: (reference, purposes) => core.consent.withdraw(ws, reference, purposes, actor),
    may: (reference, purpose) => core.consent.may(ws, reference, purpose),
    subjectRequest: (request) => core.requests.submit(ws, request, actor),
    listRequests: (status) => core.requests.list(ws, { status }),
    runRetention: (dryRun) => core.retention.run(ws, { dryRun }),
    runAnalytics: (jobs, onProgress) => core.insights.run(ws, jobs, { actor, onProgress }),
    analyticsRuns: (limit) => core.insights.runs(ws, { limit }),
    rules: (query) => core.insights.rules(ws, { ...query, sort: "lift" }),
    async previewSegment(text, sample) {
      const preview = await core.segments.preview(ws, { text }, actor, sample);
      await core.audit.record(ws, {
        actor,
        action: "segment.preview",
        subject: null,
        details: { count: preview.count },
      });
      return {
        text: preview.text,
        count: preview.count,
        sample: await core.profiles.summaries(ws, preview.sample),
      };
    },
    defineSegment: (name, text, description) => core.segments.define(ws, { name, text, description }, actor),
    listSegments: () => core.segments.list(ws),
    async segmentMembers(reference, page) {
      const members = await core.segments.members(ws, reference, { limit: page.limit, after: page.cursor });
      await core.audit.record(ws, {
        actor,
        action: "segment.members",
        subject: `segment:${members.segment}`,
        details: { count: members.data.length },
      });
      return members;
    },
    recomputeSegments: (reference) => core.segments.recompute(ws, reference),
    close: () => core.close(),
  };
}
