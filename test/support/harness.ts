/** An in-process app over a fresh database, with a write key and keys for each role. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { createKey } from "../../src/access/index.js";
import { type Core, type CoreOptions, createCore } from "../../src/core.js";
import { buildApp } from "../../src/server/index.js";
import { DEFAULT_WORKSPACE } from "../../src/storage/index.js";
import { openTestDatabase, type TestBackend } from "./backends.js";

export interface Harness {
  core: Core;
  app: FastifyInstance;
  writeKey: string;
  adminKey: string;
  analystKey: string;
  /** POST JSON with the write key as HTTP Basic username. */
  send(path: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** GET with an admin (default) or other bearer key. */
  get(path: string, key?: string): Promise<LightMyRequestResponse>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * `configure` runs before the app is ready: the place to add test-only hooks. `options` go to the
 * core (e.g. `schemas`: without them the shipped declarations apply, as on a fresh install).
 */
export async function startHarness(
  backend: TestBackend,
  configure?: (app: FastifyInstance) => void,
  options: CoreOptions = {},
): Promise<Harness> {
  const database = await openTestDatabase(backend);
  const core = createCore(database, options);
  const app = await buildApp(core);
  configure?.(app);
  await app.ready();
  const ws = DEFAULT_WORKSPACE;
  const writeKey = (await createKey(database.db, ws, { type: "write", source: "web" })).key;
  const adminKey = (await createKey(database.db, ws, { type: "admin", role: "admin" })).key;
  const analystKey = (await createKey(database.db, ws, { type: "admin", role: "analyst" })).key;
  return {
    core,
    app,
    writeKey,
    adminKey,
    analystKey,
    send: (path, body, headers = {}) =>
      app.inject({
        method: "POST",
        url: path,
        headers: { "content-type": "application/json", authorization: basic(writeKey), ...headers },
        payload: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      }),
    get: (path, key = adminKey) =>
      app.inject({ method: "GET", url: path, headers: { authorization: `Bearer ${key}` } }),
    inject: (options) => app.inject(options),
    async close() {
      await app.close();
      await core.close();
      await database.remove();
    },
  };
}

export function basic(writeKey: string): string {
  return `Basic ${Buffer.from(`${writeKey}:`).toString("base64")}`;
}
