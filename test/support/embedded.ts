/** Seeds the embedded database in a data directory directly, before a CLI test runs against it. */
import { loadMasterKey } from "../../src/config.js";
import { createCore } from "../../src/core.js";
import type { MessageResult } from "../../src/ingest/index.js";
import { openDatabase } from "../../src/storage/index.js";

export async function seedEmbedded(
  dataDir: string,
  messages: unknown[],
  sourceId = "web",
): Promise<MessageResult[]> {
  const core = createCore(await openDatabase({ backend: "pglite", dataDir }), {
    masterKey: loadMasterKey(dataDir, {}),
  });
  try {
    return await core.ingestor.ingest(messages, {
      workspaceId: core.workspaceId,
      sourceId,
      receivedAt: new Date(),
    });
  } finally {
    await core.close();
  }
}
