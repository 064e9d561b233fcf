/**
 * The core every front goes through (HTTP server, CLI, workers): one open database with its
 * ingest pipeline, key authentication and the contexts' operations. Fronts never talk to storage
 * themselves.
 */
import { type Authenticator, createAuthenticator } from "./access/index.js";
import {
  createGroupCommitWriter,
  createIngestor,
  createIngestStats,
  type EventWriter,
  type Ingestor,
  type IngestStats,
} from "./ingest/index.js";
import { DEFAULT_WORKSPACE, type OpenDatabase } from "./storage/index.js";

export interface Core {
  readonly database: OpenDatabase;
  readonly ingestor: Ingestor;
  readonly stats: IngestStats;
  readonly authenticator: Authenticator;
  readonly workspaceId: string;
  /** Waits for every accepted message to be committed and counted, then closes the database. */
  close(): Promise<void>;
}

export function createCore(database: OpenDatabase): Core {
  const writer: EventWriter = createGroupCommitWriter(database.db, {
    concurrency: database.writeConcurrency,
  });
  const stats = createIngestStats(database.db);
  const authenticator = createAuthenticator(database.db);
  let closing: Promise<void> | undefined;
  return {
    database,
    ingestor: createIngestor(writer, stats),
    stats,
    authenticator,
    workspaceId: DEFAULT_WORKSPACE,
    close() {
      closing ??= (async () => {
        await writer.drain();
        await stats.close();
        await database.close();
      })();
      return closing;
    },
  };
}
