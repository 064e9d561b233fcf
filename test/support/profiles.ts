/** Helpers for profile tests: a write key per source, so provenance and channels are real. */
import type { LightMyRequestResponse } from "fastify";
import { createKey } from "../../src/access/index.js";
import { DEFAULT_WORKSPACE } from "../../src/storage/index.js";
import type { Harness } from "./harness.js";

export interface SourceClient {
  /** POSTs with the source's write key; anything but a 200 fails the test with the answer. */
  send(path: string, body: unknown): Promise<LightMyRequestResponse>;
}

export async function writeKeyFor(h: Harness, source: string): Promise<SourceClient> {
  const { key } = await createKey(h.core.database.db, DEFAULT_WORKSPACE, { type: "write", source });
  const authorization = `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
  return {
    async send(path, body) {
      const response = await h.inject({
        method: "POST",
        url: path,
        headers: { "content-type": "application/json", authorization },
        payload: JSON.stringify(body),
      });
      if (response.statusCode !== 200)
        throw new Error(`${path} answered ${response.statusCode}: ${response.body}`);
      return response;
    },
  };
}
