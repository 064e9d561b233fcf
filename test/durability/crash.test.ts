/**
 * What the API acknowledged is durable: the real server process is killed with SIGKILL in the
 * middle of concurrent ingest, restarted, and every acknowledged event is there. Both backends.
 * Also: a second process cannot open an embedded data directory that a server owns.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createKey } from "../../src/access/index.js";
import { openDatabase, type StorageConfig } from "../../src/storage/index.js";
import { BACKENDS } from "../support/backends.js";
import { type ServerProcess, startServerProcess } from "../support/server-process.js";

// Each test starts real server processes (and restarts them): allow for a slow, busy machine.
vi.setConfig({ testTimeout: 180_000 });

function envFor(config: StorageConfig): Record<string, string> {
  return config.backend === "postgres"
    ? { DATABASE_URL: config.url, KUNDENPROFIL_DATA_DIR: `/tmp/kp-crash-keys-${process.pid}` }
    : { KUNDENPROFIL_DATA_DIR: config.dataDir };
}

async function sendBatch(url: string, key: string, ids: string[]): Promise<boolean> {
  const batch = ids.map((messageId, i) => ({
    type: "track",
    userId: `crash-${i % 97}`,
    event: "Product Viewed",
    messageId,
    properties: { product_id: `p-${i}` },
  }));
  try {
    const response = await fetch(`${url}/v1/batch`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}`,
      },
      body: JSON.stringify({ batch }),
    });
    return response.status === 200;
  } catch {
    return false; // connection reset by the kill: not acknowledged
  }
}

describe.each(BACKENDS)("durability on $name", (backend) => {
  let config: StorageConfig;
  let dispose: () => Promise<void>;
  let key: string;
  beforeAll(async () => {
    ({ config, dispose } = await backend.create());
    const setup = await openDatabase(config);
    key = (await createKey(setup.db, "default", { type: "write", source: "crash" })).key;
    await setup.close();
  });
  afterAll(async () => {
    await dispose();
  });

  /** Drives 8 concurrent clients until `stopWhen` says so, then stops the server the given way. */
  async function ingestUntilStopped(stopServer: (server: ServerProcess) => Promise<unknown>, prefix: string) {
    const server: ServerProcess = await startServerProcess(envFor(config));
    const acknowledged: string[] = [];
    let sent = 0;
    let failed = 0;
    let stop = false;
    const client = async (c: number) => {
      for (let round = 0; !stop; round++) {
        const ids = Array.from({ length: 50 }, (_, i) => `${prefix}-c${c}-r${round}-${i}`);
        sent += ids.length;
        if (await sendBatch(server.url, key, ids)) acknowledged.push(...ids);
        else if (stop) break;
        else failed++;
      }
    };
    const clients = Array.from({ length: 8 }, (_, c) => client(c));
    const deadline = Date.now() + 30_000;
    while (acknowledged.length < 3_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(failed, "requests failed before the server was stopped").toBe(0);
    expect(acknowledged.length).toBeGreaterThanOrEqual(3_000);
    const stopped = stopServer(server);
    stop = true;
    await Promise.all(clients);
    return { acknowledged, sent, stopped: await stopped };
  }

  async function storedIds(): Promise<Set<string>> {
    const database = await openDatabase(config);
    try {
      return new Set(
        (
          await database.db
            .selectFrom("events")
            .select("message_id")
            .where("source_id", "=", "crash")
            .execute()
        ).map((r) => r.message_id),
      );
    } finally {
      await database.close();
    }
  }

  it("keeps every acknowledged event across kill -9 and restart", async () => {
    // Killed while requests are in flight: no chance to flush anything.
    const { acknowledged, sent } = await ingestUntilStopped((server) => server.kill(), "kill");
    expect(sent).toBeGreaterThan(acknowledged.length);

    const restarted = await startServerProcess(envFor(config));
    expect((await fetch(`${restarted.url}/healthz`)).status).toBe(200);
    expect(await restarted.stop()).toBe(0);

    const stored = await storedIds();
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });

  it("shuts down gracefully on SIGTERM under load: exit 0, every acknowledged event stored", async () => {
    let stopMs = 0;
    const { acknowledged, stopped } = await ingestUntilStopped(async (server) => {
      const started = Date.now();
      const code = await server.stop();
      stopMs = Date.now() - started;
      return code;
    }, "term");
    expect(stopped).toBe(0);
    // Connections busy when the signal came are closed with their last response, not left to
    // the 72 s keep-alive timeout (which once held every shutdown for over a minute).
    expect(stopMs).toBeLessThan(30_000);
    const stored = await storedIds();
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });
});

describe("the embedded data directory", () => {
  it("has one owner: a second process gets a clear error, never silent loss", async () => {
    const { config, dispose } = await BACKENDS.find((b) => b.name === "pglite")!.create();
    const server = await startServerProcess(envFor(config));
    try {
      await expect(openDatabase(config)).rejects.toThrow(
        /in use by process \d+ \(server at http:\/\/127\.0\.0\.1:\d+\)/,
      );
      const second = await startServerProcess(envFor(config)).catch((error: Error) => error);
      expect(second).toBeInstanceOf(Error);
      expect(String(second)).toMatch(/exited with 2.*in use by process/s);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // After a clean stop the directory is free again.
    const reopened = await openDatabase(config);
    await reopened.close();
    await dispose();
  });
});
