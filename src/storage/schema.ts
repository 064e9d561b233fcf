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

export interface Database {
  workspaces: WorkspacesTable;
  sources: SourcesTable;
  api_keys: ApiKeysTable;
  events: EventsTable;
  ingest_stats: IngestStatsTable;
  products: ProductsTable;
}

/** The single workspace created by the first migration; more come with multi-tenancy. */
export const DEFAULT_WORKSPACE = "default";
