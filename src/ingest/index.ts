/** Public surface of ingest: validate, normalise and durably store messages; read them back. */

export { type EventFilter, listEvents, type StoredEvent } from "./event-log.js";
export {
  correctedTimestamp,
  type EventRow,
  type FilingKey,
  type IngestContext,
  plainFilingKey,
} from "./event-row.js";
export {
  type AfterCommit,
  type CommitHook,
  createGroupCommitWriter,
  type EventWriter,
} from "./group-commit.js";
export { createIngestStats, type IngestStats, type SourceTypeStats } from "./ingest-stats.js";
export {
  createIngestor,
  type IngestIssue,
  type IngestOptions,
  type Ingestor,
  MAX_MESSAGE_BYTES,
  type MessageResult,
} from "./ingestor.js";
export { keepEverything, type Minimise, type Minimised, type MinimiseIssue } from "./minimise.js";
