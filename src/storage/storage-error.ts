/** The storage context's invariant violations. */
export type StorageErrorCode = "data_dir_locked" | "migration_failed" | "unsupported";

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "StorageError";
  }
}
