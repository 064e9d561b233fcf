/**
 * Regression (found by the property test): when two persons that were each unmerged from the
 * same third person merge, the survivor inherits both blocks without tripping over the duplicate,
 * and still never merges with that third person.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, createCore } from "../../src/core.js";
import type { OpenDatabase } from "../../src/storage/index.js";
import { BACKENDS, openTestDatabase } from "../support/backends.js";

describe.each(BACKENDS)("unmerge blocks on $name", (backend) => {
  let database: OpenDatabase & { remove(): Promise<void> };
  let core: Core;
  let n = 0;
  const send = async (message: Record<string, unknown>) => {
    const [result] = await core.ingestor.ingest(
      [{ messageId: `m${++n}`, timestamp: `2026-01-${String(n).padStart(2, "0")}T10:00:00Z`, ...message }],
      {
        workspaceId: "default",
        sourceId: "web",
        receivedAt: new Date(),
      },
    );
    expect(result?.status).toBe("stored");
  };
  const person = async (reference: string) => (await core.profiles.get("default", reference)).id;
  const undoLastMergeInto = async (reference: string) => {
    const history = await core.profiles.history("default", reference);
    const merge = history.merges.filter((m) => m.unmergedAt === null).at(-1)!;
    await core.profiles.unmerge("default", merge.id, "test");
  };

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    core = createCore(database);
  });
  afterAll(async () => {
    await core?.close();
    await database?.remove();
  });

  it("carries both blocks over when two separated persons merge", async () => {
    await send({ type: "identify", userId: "U", traits: { firstName: "Uta" } });
    await send({ type: "page", anonymousId: "A" });
    await send({ type: "page", anonymousId: "B" });
    await send({ type: "identify", userId: "U", anonymousId: "A" });
    await undoLastMergeInto("user:U");
    await send({ type: "identify", userId: "U", anonymousId: "B" });
    await undoLastMergeInto("user:U");
    const [a, b, u] = [await person("anon:A"), await person("anon:B"), await person("user:U")];
    expect(new Set([a, b, u]).size).toBe(3);

    await send({ type: "identify", anonymousId: "A", traits: { email: "shared@example.org" } });
    await send({ type: "identify", anonymousId: "B", traits: { email: "shared@example.org" } });
    const merged = await person("anon:A");
    expect(await person("anon:B")).toBe(merged);

    await send({ type: "identify", userId: "U", anonymousId: "A" });
    expect(await person("user:U")).toBe(u);
    expect(await person("anon:A")).toBe(merged);
    const conflicts = (await core.profiles.history("default", "user:U")).conflicts;
    expect(conflicts[0]).toMatchObject({ rule: "unmerged" });
  });
});
