/**
 * The server side of pglite-worker.ts: the narrow PGlite interface the Kysely dialect needs
 * (`query`, `exec`, `close`) and the bulk path (`copy`), answered by the database thread.
 */
import { Worker } from "node:worker_threads";

interface WorkerRequest {
  id: number;
  op: "query" | "exec" | "copy" | "close";
  sql?: string;
  params?: unknown[];
  data?: Uint8Array;
}

interface WorkerResponse {
  id: number;
  ok: boolean;
  result?: { rows: unknown[]; affectedRows?: number | undefined };
  error?: { message: string; code?: string | undefined; detail?: string | undefined };
}

export interface PGliteLike {
  query<R>(sql: string, params: unknown[]): Promise<{ rows: R[]; affectedRows?: number | undefined }>;
  exec(sql: string): Promise<{ rows: unknown[]; affectedRows?: number | undefined }>;
  /** Runs `sql`, a `COPY … FROM '/dev/blob'`, over `data` (COPY text format). */
  copy(sql: string, data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** An error raised by PostgreSQL inside the worker, with its SQLSTATE `code`. */
export class PGliteQueryError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly detail: string | undefined,
  ) {
    super(message);
    this.name = "PGliteQueryError";
  }
}

/** Starts PGlite on a worker thread over `pgdataDir`; resolves once it answers a first query. */
export async function startPGliteThread(pgdataDir: string): Promise<PGliteLike> {
  const worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), {
    workerData: { dataDir: pgdataDir },
  });
  const pending = new Map<
    number,
    { resolve: (r: WorkerResponse["result"]) => void; reject: (e: Error) => void }
  >();
  let nextId = 1;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on("message", (response: WorkerResponse) => {
    const p = pending.get(response.id);
    if (!p) return;
    pending.delete(response.id);
    if (response.ok) p.resolve(response.result);
    else
      p.reject(new PGliteQueryError(response.error!.message, response.error!.code, response.error!.detail));
  });
  worker.on("error", (error) => failAll(error));
  worker.on("exit", (code) => failAll(new Error(`the database thread exited (code ${code})`)));

  const call = (request: Omit<WorkerRequest, "id">) =>
    new Promise<NonNullable<WorkerResponse["result"]>>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve: (r) => resolve(r ?? { rows: [] }), reject });
      worker.postMessage({ ...request, id });
    });

  const thread: PGliteLike = {
    query: async <R>(sql: string, params: unknown[]) => {
      const r = await call({ op: "query", sql, params });
      return { rows: r.rows as R[], affectedRows: r.affectedRows };
    },
    exec: (sql) => call({ op: "exec", sql }),
    copy: async (sql, data) => {
      await call({ op: "copy", sql, data });
    },
    async close() {
      if (failure) return;
      await call({ op: "close" });
      await worker.terminate();
    },
  };
  await thread.query("select 1", []);
  return thread;
}
