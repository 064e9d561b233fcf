/** What CLI commands talk to: the database directly, or a running server's admin API. */
import type { CreatedKey, KeyInfo, KeyRequest, Source } from "../access/index.js";
import type { AuditPage, SignedCheckpoint, Verification } from "../audit/index.js";
import type { EventFilter, MessageResult, SourceTypeStats, StoredEvent } from "../ingest/index.js";
import type { AnalyticsRun, Job, StoredRule } from "../insights/index.js";
import type {
  Confirmation,
  ConsentChange,
  ConsentState,
  Decision,
  NewRequest,
  RequestStatus,
  RetentionRun,
  SubjectExport,
  SubjectRequest,
} from "../privacy/index.js";
import type {
  ConsentRecordEntry,
  IdentityHistory,
  ListQuery,
  ProfileSummary,
  ProfileView,
  TimelineEntry,
} from "../profiles/index.js";
import type { Product, Purpose } from "../protocol/index.js";
import type { Segment } from "../segments/index.js";

/** A definition's size now and a sample of its members (contact data masked for marketers). */
export interface SegmentPreview {
  text: string;
  count: number;
  sample: ProfileSummary[];
}

export interface CliBackend {
  readonly description: string;
  createKey(request: KeyRequest): Promise<CreatedKey>;
  listKeys(): Promise<KeyInfo[]>;
  revokeKey(id: string): Promise<boolean>;
  listSources(): Promise<Source[]>;
  /** Ingests messages into a source through the normal pipeline (no per-message size limit). */
  ingest(source: string, messages: readonly unknown[]): Promise<MessageResult[]>;
  upsertProducts(products: readonly Product[]): Promise<number>;
  listEvents(filter: EventFilter): Promise<StoredEvent[]>;
  stats(): Promise<SourceTypeStats[]>;
  getProfile(reference: string): Promise<ProfileView>;
  listProfiles(query: ListQuery): Promise<{ data: ProfileSummary[]; nextCursor: string | null }>;
  timeline(reference: string, limit: number): Promise<{ entries: TimelineEntry[] }>;
  identityHistory(reference: string): Promise<IdentityHistory>;
  /** Replays the event log into a fresh identity graph and profiles (direct database access only). */
  rebuildProfiles(
    onProgress: (done: number, total: number) => void,
  ): Promise<{ events: number; profiles: number }>;
  unmerge(mergeId: string): Promise<{ mergeId: string; restored: string; from: string; identifiers: number }>;
  auditList(query: { after?: number; limit?: number; subject?: string; action?: string }): Promise<AuditPage>;
  /** Walks the chain against the stored checkpoints and the exported ones given. */
  auditVerify(checkpoints: readonly SignedCheckpoint[]): Promise<Verification>;
  auditCheckpoint(): Promise<{ checkpoint: SignedCheckpoint; publicKey: string } | null>;
  consentState(reference: string): Promise<ConsentState>;
  consentHistory(reference: string): Promise<{ id: string; entries: ConsentRecordEntry[] }>;
  recordConsent(
    reference: string,
    change: ConsentChange,
  ): Promise<ConsentState & { confirmations: Confirmation[] }>;
  withdrawConsent(reference: string, purposes?: Purpose[]): Promise<ConsentState>;
  may(reference: string, purpose: Purpose): Promise<Decision>;
  /** Opens a data subject request and carries it out; access and portability return the export. */
  subjectRequest(request: NewRequest): Promise<{ request: SubjectRequest; export?: SubjectExport }>;
  listRequests(status?: RequestStatus): Promise<SubjectRequest[]>;
  runRetention(dryRun: boolean): Promise<RetentionRun>;
  /** Runs analytics jobs on the stored data; `onProgress` gets the stage and its fraction done. */
  runAnalytics(
    jobs: readonly Job[],
    onProgress: (stage: string, fraction: number) => void,
  ): Promise<AnalyticsRun[]>;
  analyticsRuns(limit: number): Promise<AnalyticsRun[]>;
  rules(query: { level: "product" | "category"; limit: number; item?: string }): Promise<StoredRule[]>;
  previewSegment(text: string, sample: number): Promise<SegmentPreview>;
  defineSegment(name: string, text: string, description?: string): Promise<Segment>;
  listSegments(): Promise<Segment[]>;
  segmentMembers(
    reference: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ data: { personId: string; since: string }[]; nextCursor: string | null }>;
  recomputeSegments(reference?: string): Promise<{ name: string; entered: number; exited: number }[]>;
  close(): Promise<void>;
}
