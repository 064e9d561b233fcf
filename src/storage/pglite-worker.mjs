/**
 * Runs PGlite on its own thread. PGlite executes PostgreSQL (compiled to WebAssembly) on the thread
 * that calls it; in the server's thread it competed with HTTP parsing and validation for one core.
 * On a worker thread the database work runs in parallel with request handling (BENCHMARKS.md).
 *
 * Plain JavaScript on purpose: a worker thread does not inherit the TypeScript loader of whatever
 * started the process (tsx, vitest), so this file must run on bare Node. Its protocol is typed in
 * pglite-thread.ts: requests `{ id, op: "query" | "exec" | "copy" | "close", sql, params, data }`
 * (`copy` runs `sql`, a `COPY … FROM '/dev/blob'`, over `data`), responses
 * `{ id, ok, result: { rows, affectedRows } }` or `{ id, ok: false, error: { message, code, detail } }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const port = parentPort;
if (!port) throw new Error("pglite-worker.mjs must run as a worker thread");

// int8 as JS numbers, as on the PostgreSQL backend (open-database.ts).
const ready = PGlite.create(workerData.dataDir, { parsers: { 20: (value) => Number(value) } });

port.on("message", async (request) => {
  try {
    const pglite = await ready;
    let result;
    if (request.op === "query") {
      const r = await pglite.query(request.sql, request.params ?? []);
      result = { rows: r.rows, affectedRows: r.affectedRows };
    } else if (request.op === "copy") {
      const r = await pglite.query(request.sql, [], { blob: new Blob([request.data]) });
      result = { rows: [], affectedRows: r.affectedRows };
    } else if (request.op === "exec") {
      const r = (await pglite.exec(request.sql)).at(-1);
      result = { rows: r?.rows ?? [], affectedRows: r?.affectedRows };
    } else {
      await pglite.close();
      result = { rows: [] };
    }
    port.postMessage({ id: request.id, ok: true, result });
    if (request.op === "close") port.close();
  } catch (error) {
    port.postMessage({
      id: request.id,
      ok: false,
      error: { message: error?.message ?? String(error), code: error?.code, detail: error?.detail },
    });
  }
});
