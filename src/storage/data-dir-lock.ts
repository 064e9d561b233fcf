/**
 * One process owns an embedded data directory. The lock file holds the owner's pid and, for a
 * server, where its admin API listens, so a second process can fail with a clear message or
 * (the CLI) talk to the owner instead. A lock left by a dead process is taken over.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { StorageError } from "./storage-error.js";

export interface LockOwner {
  pid: number;
  startedAt: string;
  /** Set by a server once it listens: the CLI then goes through its admin API. */
  serverUrl?: string;
  /** A per-run admin token for local CLI calls; the lock file is readable by the owner only. */
  localToken?: string;
}

export interface DataDirLock {
  readonly path: string;
  /** Records the server URL and a fresh local admin token; returns the token. */
  advertiseServer(url: string): string;
  release(): void;
}

const LOCK_FILE = "kundenprofil.lock";

/** Takes the lock or throws `StorageError('data_dir_locked')` naming the owning process. */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      return handle(path, owner);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const current = readLockOwner(dataDir);
      if (current && isAlive(current.pid)) {
        throw new StorageError(
          "data_dir_locked",
          `the data directory ${dataDir} is in use by process ${current.pid}` +
            (current.serverUrl ? ` (server at ${current.serverUrl})` : "") +
            "; stop it or use DATABASE_URL to share a PostgreSQL server",
        );
      }
      rmSync(path, { force: true }); // stale: its owner is gone
    }
  }
  throw new StorageError("data_dir_locked", `could not lock ${path}`);
}

/** Who holds the lock, if anyone (the file may be stale; check `isAlive`). */
export function readLockOwner(dataDir: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, LOCK_FILE), "utf8")) as LockOwner;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function handle(path: string, owner: LockOwner): DataDirLock {
  let held = true;
  return {
    path,
    advertiseServer(url) {
      const localToken = `kpl_${randomBytes(24).toString("base64url")}`;
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ ...owner, serverUrl: url, localToken }), { mode: 0o600 });
      renameSync(tmp, path);
      return localToken;
    },
    release() {
      if (!held) return;
      held = false;
      rmSync(path, { force: true });
    },
  };
}
