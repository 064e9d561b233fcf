/**
 * Every storage and API test runs on both backends: PGlite in a temporary directory, and the local
 * PostgreSQL server in a throwaway database created for the test file and dropped afterwards.
 * `TEST_DATABASE_URL` points at the server (default: postgres@127.0.0.1:5432).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type OpenDatabase, openDatabase, type StorageConfig } from "../../src/storage/index.js";

export const SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestBackend {
  name: "pglite" | "postgres";
  /** Creates a fresh, empty, migrated database; `dispose` removes it. */
  create(): Promise<{ config: StorageConfig; dispose(): Promise<void> }>;
}

export const BACKENDS: readonly TestBackend[] = [
  {
    name: "pglite",
    async create() {
      const dataDir = mkdtempSync(join(tmpdir(), "kp-test-"));
      return {
        config: { backend: "pglite", dataDir },
        dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "postgres",
    async create() {
      const name = `kp_test_${randomBytes(6).toString("hex")}`;
      await admin(`create database ${name}`);
      const url = new URL(SERVER_URL);
      url.pathname = `/${name}`;
      return {
        config: { backend: "postgres", url: url.toString() },
        dispose: () => admin(`drop database if exists ${name} with (force)`),
      };
    },
  },
];

/** Opens a fresh database on `backend`; call `close()` to close and remove it. */
export async function openTestDatabase(
  backend: TestBackend,
): Promise<OpenDatabase & { remove(): Promise<void> }> {
  const { config, dispose } = await backend.create();
  const database = await openDatabase(config);
  let removed = false;
  return Object.assign(database, {
    async remove() {
      if (removed) return;
      removed = true;
      await database.close().catch(() => {});
      await dispose();
    },
  });
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
