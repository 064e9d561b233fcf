/** Public surface of storage: open a database (PGlite or PostgreSQL) with its schema migrated. */
export { isAlive, type LockOwner, readLockOwner } from "./data-dir-lock.js";
export { type OpenDatabase, openDatabase, type StorageConfig } from "./open-database.js";
export type { ApiKeyKind, Database, SubjectRequestsTable } from "./schema.js";
export { DEFAULT_WORKSPACE } from "./schema.js";
export { StorageError, type StorageErrorCode } from "./storage-error.js";
