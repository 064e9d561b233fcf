/**
 * The core every front goes through (HTTP server, CLI, workers): one open database with its
 * ingest pipeline, identity resolution and profiles riding on each commit, key authentication and
 * the contexts' operations. Fronts never talk to storage themselves.
 */
import { randomBytes } from "node:crypto";
import { type Authenticator, createAuthenticator } from "./access/index.js";
import { type AuditLog, createAuditLog, createCheckpointSigner } from "./audit/index.js";
import {
  createContactSealer,
  createEventCrypto,
  createIdentifierValues,
  createSubjectKeys,
  type EventCrypto,
  PLAIN_EVENTS,
  PLAIN_IDENTIFIERS,
  type SubjectKeys,
} from "./crypto/index.js";
import {
  createBlindIndex,
  DEFAULT_IDENTITY_RULES,
  filingKey,
  IdentifierCodec,
  type IdentityRules,
  identifiersOf,
} from "./identity/index.js";
import {
  type CommitHook,
  createGroupCommitWriter,
  createIngestor,
  createIngestStats,
  type EventWriter,
  type FilingKey,
  type Ingestor,
  type IngestStats,
  keepEverything,
} from "./ingest/index.js";
import { createInsights, type Insights } from "./insights/index.js";
import {
  type ConsentLedger,
  createConsentLedger,
  createPreferenceTokens,
  createRetention,
  createSensitivityGuard,
  createSubjectRequests,
  createSuppressionList,
  type PreferenceTokens,
  type Retention,
  type SensitivityGuard,
  type SubjectRequests,
} from "./privacy/index.js";
import { processingRecordsOf, sensitivityPolicyOf } from "./privacy-from-registry.js";
import {
  type CommitSnapshots,
  changesOf,
  createProfiles,
  createProjector,
  createRfmCache,
  createTraitRegistry,
  localClock,
  ProfileError,
  type Profiles,
  type Projector,
} from "./profiles/index.js";
import {
  createMinimiser,
  retentionPlan,
  type SchemaRegistry,
  shippedSchemaRegistry,
} from "./registry/index.js";
import { createSegments, type Segments } from "./segments/index.js";
import { DEFAULT_WORKSPACE, type OpenDatabase } from "./storage/index.js";

export interface Core {
  readonly database: OpenDatabase;
  readonly ingestor: Ingestor;
  readonly stats: IngestStats;
  readonly authenticator: Authenticator;
  readonly profiles: Profiles;
  readonly projector: Projector;
  readonly audit: AuditLog;
  /** The field declarations ingest enforces (schema registry). */
  readonly schemas: SchemaRegistry;
  readonly consent: ConsentLedger;
  /** Signs the preference-centre and unsubscribe links every electronic offer carries. */
  readonly preferenceTokens: PreferenceTokens;
  /** Access, portability, rectification, erasure, restriction and objection requests. */
  readonly requests: SubjectRequests;
  /** Refuses targeting on sensitive data without the DPO's approval (scenario 7). */
  readonly sensitivity: SensitivityGuard;
  /** Per-subject data keys (crypto-shredding destroys them) and the event sealer over them. */
  readonly subjectKeys: SubjectKeys;
  /** Deletes what the declared retention periods let expire (scheduled by the server). */
  readonly retention: Retention;
  readonly eventCrypto: EventCrypto;
  /** Analytics jobs on the stored data, their results, and recommendations per person. */
  readonly insights: Insights;
  /** Segment definitions, real-time membership, previews and the enter/exit log. */
  readonly segments: Segments;
  readonly workspaceId: string;
  /** Waits for every accepted message to be committed and counted, then closes the database. */
  close(): Promise<void>;
}

export interface CoreOptions {
  /** Wraps the per-subject data keys; the server passes the data directory's master key. */
  masterKey?: Buffer;
  /**
   * The secret the blind index, suppression list, preference links and audit signatures derive
   * their keys from: the keyring's root (see crypto/keyring.ts); default: the master key.
   */
  rootSecret?: Buffer;
  /** Seal personal data in the event log with per-subject keys (default on; benches compare off). */
  encryption?: boolean;
  identityRules?: IdentityRules;
  /** Time zone for "usual weekday and hour" (IANA name). */
  timeZone?: string;
  /** Resolve identities and maintain profiles on every commit (default on; benches compare off). */
  profiles?: boolean;
  /** Field declarations per source (`KUNDENPROFIL_SCHEMA_DIR`); default: the shipped `schemas/`. */
  schemas?: SchemaRegistry;
  /** Enforce the declarations at ingest (default on; benches compare off). */
  minimisation?: boolean;
}

/** The source under which the system files its own changes (rectifications). */
export const SYSTEM_SOURCE = "kundenprofil";

export function createCore(database: OpenDatabase, options: CoreOptions = {}): Core {
  const masterKey = options.masterKey ?? randomBytes(32);
  const root = options.rootSecret ?? masterKey;
  const subjectKeys = createSubjectKeys(masterKey);
  const eventCrypto = options.encryption === false ? PLAIN_EVENTS : createEventCrypto(subjectKeys);
  const rules = options.identityRules ?? DEFAULT_IDENTITY_RULES;
  const codecs = new Map<string, IdentifierCodec>();
  const codecFor = (workspaceId: string) => {
    const known = codecs.get(workspaceId);
    if (known !== undefined) return known;
    const codec = new IdentifierCodec(rules, createBlindIndex(root, workspaceId));
    codecs.set(workspaceId, codec);
    return codec;
  };
  const traitRegistry = createTraitRegistry();
  const suppression = createSuppressionList(root);
  const projector = createProjector({
    suppressed: (trx, workspaceId, keys) => suppression.suppressed(trx, workspaceId, keys),
    crypto: eventCrypto,
    async dropKeys(trx, workspaceId, keys) {
      await subjectKeys.destroy(trx, workspaceId, keys);
      subjectKeys.forget(workspaceId, keys);
    },
    identifierValues: options.encryption === false ? PLAIN_IDENTIFIERS : createIdentifierValues(subjectKeys),
    contacts:
      options.encryption === false
        ? undefined
        : createContactSealer(subjectKeys, (workspaceId, word) =>
            createBlindIndex(root, workspaceId)("search", word),
          ),
    codecFor,
    clock: localClock(options.timeZone ?? "Europe/Berlin"),
    customTraits: (trx, workspaceId) => traitRegistry.get(trx, workspaceId),
  });
  const onCommit: CommitHook<ReadonlyMap<string, CommitSnapshots>> | undefined =
    options.profiles === false
      ? undefined
      : (trx, stored) =>
          projector.project(
            trx,
            stored.map(({ id, row }) => ({
              id,
              ts: Date.parse(row.ts),
              type: row.type,
              event: row.event,
              sourceId: row.source_id,
              messageId: row.message_id,
              properties: row.properties,
              traits: row.traits,
              context: row.context,
              extra: row.extra,
              workspaceId: row.workspace_id,
              identityKey: row.identity_key,
              userId: row.user_id,
              anonymousId: row.anonymous_id,
            })),
          );
  const writer: EventWriter = createGroupCommitWriter(database.db, {
    concurrency: database.writeConcurrency,
    onCommit,
    copyFrom: database.copyFrom,
    // Memberships follow each commit: what it changed about whom is re-evaluated in the background.
    afterCommit: (_stored, changes) => {
      for (const [workspaceId, snapshots] of changes) segments.touch(workspaceId, () => changesOf(snapshots));
    },
  });
  const stats = createIngestStats(database.db);
  const authenticator = createAuthenticator(database.db);
  // Each event is filed under its strongest identifier (see identity/identifiers.ts).
  const fileUnder: FilingKey = (row) => {
    const codec = codecFor(row.workspace_id);
    return filingKey(codec, identifiersOf(codec, row).identifiers, `${row.source_id}/${row.message_id}`);
  };
  const schemas = options.schemas ?? shippedSchemaRegistry();
  const minimise = options.minimisation === false ? keepEverything : createMinimiser(schemas);
  const ingestor = createIngestor(
    writer,
    stats,
    fileUnder,
    minimise,
    options.encryption === false ? undefined : (rows) => eventCrypto.seal(database.db, rows),
  );
  const rfmCutoffs = createRfmCache(database.db);
  const profiles = createProfiles({
    db: database.db,
    codecFor,
    projector,
    traits: traitRegistry,
    rfmCutoffs,
    async submit(workspaceId, messages) {
      const results = await ingestor.ingest(messages, {
        workspaceId,
        sourceId: SYSTEM_SOURCE,
        receivedAt: new Date(),
      });
      const rejected = results.find((r) => r.status === "rejected");
      if (rejected !== undefined && rejected.status === "rejected")
        throw new ProfileError(
          "invalid_traits",
          `${rejected.issue.path || "traits"}: ${rejected.issue.message}`,
        );
    },
  });
  const audit = createAuditLog(database.db, createCheckpointSigner(root));
  const consent = createConsentLedger({ db: database.db, profiles, audit });
  const requests = createSubjectRequests({
    db: database.db,
    profiles,
    consent,
    audit,
    suppression,
    keys: subjectKeys,
    processing: () => processingRecordsOf(schemas),
  });
  const sensitivity = createSensitivityGuard(database.db, audit, sensitivityPolicyOf(schemas));
  const insights = createInsights({ db: database.db, audit, policy: sensitivity.policy });
  const segments = createSegments({
    db: database.db,
    lookups: database.lookups,
    audit,
    sensitivity,
    rfmCutoffs,
  });
  let closing: Promise<void> | undefined;
  return {
    database,
    ingestor,
    stats,
    authenticator,
    audit,
    schemas,
    consent,
    preferenceTokens: createPreferenceTokens(root),
    requests,
    sensitivity,
    subjectKeys,
    eventCrypto,
    retention: createRetention({
      db: database.db,
      profiles,
      keys: subjectKeys,
      crypto: eventCrypto,
      audit,
      plan: retentionPlan(schemas),
    }),
    profiles,
    projector,
    insights,
    segments,
    workspaceId: DEFAULT_WORKSPACE,
    close() {
      closing ??= (async () => {
        await insights.settled();
        await writer.drain();
        await segments.settled();
        await stats.close();
        await database.close();
      })();
      return closing;
    },
  };
}
