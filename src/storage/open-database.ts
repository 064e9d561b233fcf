/**
 * Opens the database a process works on: PGlite in a data directory it owns (the default, zero
 * setup), or a PostgreSQL server when `DATABASE_URL` is set. Either way the migrations are applied
 * before anything else runs, and callers see one Kysely handle and one `close()`.
 */
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { from as copyFromStdin } from "pg-copy-streams";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.js";
import { migrateToLatest } from "./migrate.js";
import { PGliteDialect } from "./pglite-dialect.js";
import { startPGliteThread } from "./pglite-thread.js";
import type { Database } from "./schema.js";

export type StorageConfig =
  | { backend: "pglite"; dataDir: string }
  | { backend: "postgres"; url: string; poolSize?: number };

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly backend: StorageConfig["backend"];
  /** How many writes can usefully run at once: 1 on PGlite (one connection), more on a server. */
  readonly writeConcurrency: number;
  /**
   * For many small key lookups in one statement, planned without JIT and parallel workers: on a
   * server its own connection, so they never wait for the pool either; on PGlite `db` itself.
   */
  readonly lookups: Kysely<Database>;
  /** Present on PGlite: the data directory lock, through which a server advertises itself. */
  readonly lock?: DataDirLock;
  /** COPY of `data` (COPY text format) into `target`, a table and its column list: the bulk path. */
  readonly copyFrom: (target: string, data: Buffer) => Promise<void>;
  close(): Promise<void>;
}

// int8 (counts, ids) as JS numbers: ids stay far below 2^53, and both backends then agree.
pg.types.setTypeParser(20, (value) => Number(value));

/** Opens, locks (PGlite) and migrates. Throws `StorageError` with a clear code on failure. */
export async function openDatabase(config: StorageConfig): Promise<OpenDatabase> {
  return config.backend === "pglite" ? openPGlite(config.dataDir) : openPostgres(config.url, config.poolSize);
}

async function openPGlite(dataDir: string): Promise<OpenDatabase> {
  const lock = lockDataDir(dataDir);
  try {
    const pglite = await startPGliteThread(`${dataDir}/pgdata`);
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    await migrateToLatest(db as Kysely<unknown>);
    return {
      db,
      backend: "pglite",
      writeConcurrency: 1,
      // PGlite is built without JIT and runs no parallel workers.
      lookups: db,
      lock,
      // Under the dialect's mutex, so the COPY never runs inside another caller's transaction.
      copyFrom: (target, data) =>
        db.connection().execute(() => pglite.copy(`copy ${target} from '/dev/blob'`, data)),
      async close() {
        await db.destroy();
        await pglite.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

function pooled(config: pg.PoolConfig): { pool: pg.Pool; db: Kysely<Database> } {
  const pool = new pg.Pool(config);
  // An idle connection the server drops (restart, failover, an administrator's terminate) makes
  // the pool emit "error"; unhandled, that would crash the process. The pool has already
  // discarded the client and opens a fresh one on next use; queries in flight fail on their own.
  pool.on("error", () => {});
  return { pool, db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
}

async function openPostgres(url: string, poolSize = 8): Promise<OpenDatabase> {
  const { pool, db } = pooled({ connectionString: url, max: poolSize });
  // A few thousand persons' index lookups are costed high enough for PostgreSQL to compile the
  // statement (JIT) and start parallel workers: for 2,300 persons of a sequence segment at
  // 1,000,000 profiles, 317–329 ms against 55–59 ms without, and seconds on a busy machine.
  // Settings of the connection, so that they cost no round trip per statement.
  const lookups = pooled({
    connectionString: url,
    max: 1,
    options: "-c jit=off -c max_parallel_workers_per_gather=0",
  }).db;
  await migrateToLatest(db as Kysely<unknown>);
  return {
    db,
    backend: "postgres",
    writeConcurrency: Math.max(1, Math.min(4, poolSize - 2)),
    lookups,
    async copyFrom(target, data) {
      const client = await pool.connect();
      try {
        await new Promise<void>((resolve, reject) => {
          const stream = client.query(copyFromStdin(`copy ${target} from stdin`));
          stream.on("finish", resolve);
          stream.on("error", reject);
          stream.end(data);
        });
        client.release();
      } catch (error) {
        // A failed COPY leaves the connection usable, but a fresh one costs little and is certain.
        client.release(true);
        throw error;
      }
    },
    async close() {
      await lookups.destroy();
      await db.destroy();
    },
  };
}
