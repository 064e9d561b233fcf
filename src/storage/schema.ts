/**
 * Table types for Kysely. Every table carries `workspace_id` (tenancy and the future distribution
 * key); see migrations/ for the DDL, which is the source of truth.
 */
import type { ColumnType, Generated, JSONColumnType } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = Record<string, unknown>;

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: CreatedAt;
}

export interface SourcesTable {
  workspace_id: string;
  id: string;
  name: string;
  kind: string;
  created_at: CreatedAt;
}

export type ApiKeyKind = "write" | "admin";

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  kind: ApiKeyKind;
  source_id: string | null;
  role: string | null;
  key_hash: string;
  key_prefix: string;
  label: string | null;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

export interface EventsTable {
  id: Generated<string>;
  workspace_id: string;
  source_id: string;
  message_id: string;
  type: string;
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  /** The event's strongest identifier (`user:42`, `card#<hmac>`, `anon:…`): what ties it to a person. */
  identity_key: string;
  ts: Date;
  received_at: Date;
  properties: JSONColumnType<Json>;
  context: JSONColumnType<Json>;
  traits: JSONColumnType<Json>;
  extra: JSONColumnType<Json>;
}

export interface IngestStatsTable {
  workspace_id: string;
  source_id: string;
  type: string;
  accepted: ColumnType<string, number, number>;
  rejected: ColumnType<string, number, number>;
  deduplicated: ColumnType<string, number, number>;
  /** Fields the schema registry removed (migration 0005). */
  stripped_fields: ColumnType<string, number | undefined, number>;
  /** Undeclared fields stored under policy `keep` (migration 0005). */
  undeclared_fields: ColumnType<string, number | undefined, number>;
}

export interface ProductsTable {
  workspace_id: string;
  id: string;
  name: string;
  category_path: JSONColumnType<string[]>;
  price: ColumnType<string | null, number | null, number | null>;
  currency: string;
  brand: string | null;
  tags: JSONColumnType<string[]>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface IdentitiesTable {
  workspace_id: string;
  key: string;
  kind: string;
  value: string;
  person_id: string;
  first_seen: ColumnType<Date, Date | string, Date | string>;
  source_id: string;
}

export interface ProfilesTable {
  workspace_id: string;
  id: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
  first_seen: ColumnType<Date, Date | string, Date | string>;
  last_seen: ColumnType<Date, Date | string, Date | string>;
  event_count: number;
  order_count: number;
  revenue: number;
  last_order_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  birth_date: ColumnType<Date | null, string | null, string | null>;
  traits: JSONColumnType<Json>;
  trait_sources: JSONColumnType<Json>;
  computed: JSONColumnType<Json>;
  /** The fold state as JSON text (migration 0013): read and written whole, never queried. */
  state: string;
  valid_until: ColumnType<Date | null, Date | string | null, Date | string | null>;
  /** Contact traits and the trait fold state, sealed with the person's key. */
  contact: string | null;
}

/** Blind tokens for contact search, per person (see crypto/contact-sealer.ts). */
export interface ProfileSearchTable {
  workspace_id: string;
  token: string;
  person_id: string;
}

export interface IdentityMergesTable {
  id: Generated<string>;
  workspace_id: string;
  winner: string;
  loser: string;
  loser_keys: JSONColumnType<string[]>;
  reason: string;
  rule: string;
  event_id: string | null;
  message_id: string | null;
  at: ColumnType<Date, Date | string, Date | string>;
  unmerged_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  unmerged_by: string | null;
}

export interface IdentityConflictsTable {
  id: Generated<string>;
  workspace_id: string;
  person_id: string;
  other_person_id: string;
  keys: JSONColumnType<string[]>;
  rule: string;
  event_id: string | null;
  message_id: string | null;
  at: ColumnType<Date, Date | string, Date | string>;
}

export interface MergeBlocksTable {
  workspace_id: string;
  person_a: string;
  person_b: string;
  merge_id: string;
}

export interface ComputedTraitDefinitionsTable {
  workspace_id: string;
  name: string;
  definition: JSONColumnType<Json>;
  created_at: CreatedAt;
}

/**
 * A narrow copy of each named track event (migrations 0011, 0012, 0015): what event segments read
 * instead of the log. Written by the projector; kept current by triggers.
 */
export interface EventDigestsTable {
  event_id: number;
  workspace_id: string;
  event: string;
  identity_key: string;
  ts: ColumnType<Date, Date | string, Date | string>;
  /** The distinct categories of its line items; null when it has no `products` list. */
  categories: JSONColumnType<unknown[] | null>;
  /** The person `identity_key` belongs to, kept current by a trigger on identities (migration 0012). */
  person_id: string | null;
}

export interface Database {
  workspaces: WorkspacesTable;
  sources: SourcesTable;
  api_keys: ApiKeysTable;
  events: EventsTable;
  ingest_stats: IngestStatsTable;
  products: ProductsTable;
  identities: IdentitiesTable;
  profiles: ProfilesTable;
  identity_merges: IdentityMergesTable;
  identity_conflicts: IdentityConflictsTable;
  merge_blocks: MergeBlocksTable;
  computed_trait_definitions: ComputedTraitDefinitionsTable;
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointsTable;
  consent_confirmations: ConsentConfirmationsTable;
  subject_requests: SubjectRequestsTable;
  suppressions: SuppressionsTable;
  sensitive_approvals: SensitiveApprovalsTable;
  subject_keys: SubjectKeysTable;
  keyring: KeyringTable;
  profile_search: ProfileSearchTable;
  event_digests: EventDigestsTable;
  analytics_runs: AnalyticsRunsTable;
  basket_rules: BasketRulesTable;
  item_neighbours: ItemNeighboursTable;
  item_popularity: ItemPopularityTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  segment_changes: SegmentChangesTable;
  segment_sizes: SegmentSizesTable;
}

/** Per-identifier data keys, wrapped by the master key (see crypto/subject-keys.ts). */
export interface SubjectKeysTable {
  workspace_id: string;
  identity_key: string;
  key_id: string;
  wrapped: string;
  master_id: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
}

export interface KeyringTable {
  name: string;
  wrapped: string;
  master_id: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
}

export interface SensitiveApprovalsTable {
  workspace_id: string;
  id: string;
  kind: string;
  name: string;
  fingerprint: string;
  sensitive: JSONColumnType<{ reference: string; tags: string[] }[]>;
  legal_basis: string;
  note: string | null;
  approved_by: string;
  approved_at: ColumnType<Date, Date | string, Date | string>;
  revoked_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface SubjectRequestsTable {
  workspace_id: string;
  id: string;
  kind: string;
  status: string;
  person_id: string | null;
  channel: string;
  verification: string;
  actor: string;
  received_at: ColumnType<Date, Date | string, Date | string>;
  due_at: ColumnType<Date, Date | string, Date | string>;
  completed_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  outcome: JSONColumnType<Json>;
}

/** Keyed hashes of erased persons' identifiers (see migrations/0006). */
export interface SuppressionsTable {
  workspace_id: string;
  hash: string;
  suppressed_at: ColumnType<Date, Date | string, Date | string>;
}

/** Pending and done double opt-in confirmations; the token itself is never stored. */
export interface ConsentConfirmationsTable {
  workspace_id: string;
  token_hash: string;
  person_id: string;
  purpose: string;
  requested_at: ColumnType<Date, Date | string, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  confirmed_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

/** Append-only (the database refuses UPDATE and DELETE); `hash` chains each row to the one before. */
export interface AuditLogTable {
  workspace_id: string;
  seq: ColumnType<string | number, number, never>;
  at: ColumnType<Date | string, string, never>;
  actor: string;
  action: string;
  /** A pseudonym (person id, key id, HMAC): never plaintext personal data. */
  subject: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface AuditCheckpointsTable {
  workspace_id: string;
  seq: ColumnType<string | number, number, never>;
  hash: string;
  at: ColumnType<Date | string, string, never>;
  signature: string;
}

/** The single workspace created by the first migration; more come with multi-tenancy. */
export const DEFAULT_WORKSPACE = "default";

/** One run of an analytics job (see migrations/0009). */
export interface AnalyticsRunsTable {
  workspace_id: string;
  id: string;
  job: string;
  status: string;
  actor: string;
  started_at: ColumnType<Date, Date | string, Date | string>;
  finished_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  summary: JSONColumnType<Json>;
  error: string | null;
  /** Touched every few seconds by the process running the job; null on rows from before 0016. */
  heartbeat_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface BasketRulesTable {
  workspace_id: string;
  level: string;
  antecedent: JSONColumnType<string[]>;
  consequent: string;
  lead_item: string;
  antecedent_size: number;
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  conviction: number | null;
  count: number;
}

export interface ItemNeighboursTable {
  workspace_id: string;
  item_id: string;
  rank: number;
  neighbour_id: string;
  score: number;
  co_count: number;
}

export interface ItemPopularityTable {
  workspace_id: string;
  item_id: string;
  buyers: number;
  repeat_purchase: boolean;
}

/** Segment definitions (see migrations/0010). */
export interface SegmentsTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string | null;
  definition: JSONColumnType<Json>;
  text: string;
  size: ColumnType<number, number | undefined, number>;
  created_by: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  updated_at: ColumnType<Date, Date | string, Date | string>;
  evaluated_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface SegmentMembersTable {
  workspace_id: string;
  segment_id: string;
  person_id: string;
  since: ColumnType<Date, Date | string, Date | string>;
}

export interface SegmentChangesTable {
  workspace_id: string;
  seq: Generated<string>;
  segment_id: string;
  person_id: string;
  change: "enter" | "exit";
  cause: string;
  at: ColumnType<Date, Date | string, Date | string>;
}

export interface SegmentSizesTable {
  workspace_id: string;
  segment_id: string;
  at: ColumnType<Date, Date | string, Date | string>;
  size: number;
}
