import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, openTestDatabase } from "../../test/support/backends.js";
import type { OpenDatabase } from "../storage/index.js";
import type { EventRow } from "./event-row.js";
import { createGroupCommitWriter, serializeRow } from "./group-commit.js";

function row(messageId: string, sourceId = "s"): EventRow {
  const now = new Date().toISOString();
  return {
    workspace_id: "default",
    source_id: sourceId,
    message_id: messageId,
    type: "track",
    event: "E",
    user_id: "u",
    anonymous_id: null,
    identity_key: "user:u",
    ts: now,
    received_at: now,
    properties: {},
    context: {},
    traits: {},
    extra: {},
  };
}

describe.each(BACKENDS)("group commit on $name", (backend) => {
  let database: OpenDatabase & { remove(): Promise<void> };
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await database.remove();
  });

  it("lets concurrent writers share commits and answers each with its own outcome", async () => {
    const writer = createGroupCommitWriter(database.db, { concurrency: database.writeConcurrency });
    const writes = Array.from({ length: 60 }, (_, w) =>
      writer.write(Array.from({ length: 10 }, (_, i) => serializeRow(row(`w${w}-${i}`)))),
    );
    const outcomes = await Promise.all(writes);
    expect(outcomes.flat().every(Boolean)).toBe(true);
    const { commits, writes: count, rows } = writer.counters();
    expect(count).toBe(60);
    expect(rows).toBe(600);
    expect(commits).toBeLessThan(60 / 2);
    const stored = await database.db
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(600);
  });

  it("stores a messageId repeated across and inside concurrent writes exactly once", async () => {
    const writer = createGroupCommitWriter(database.db, { concurrency: database.writeConcurrency });
    const [a, b] = await Promise.all([
      writer.write([serializeRow(row("same")), serializeRow(row("same")), serializeRow(row("other"))]),
      writer.write([serializeRow(row("same")), serializeRow(row("same", "another-source"))]),
    ]);
    expect([...a!, ...b!].filter(Boolean)).toHaveLength(3);
    expect(a![1]).toBe(false);
    await writer.drain();
  });

  it("rejects the writers of a failed commit instead of losing their rows silently", async () => {
    const writer = createGroupCommitWriter(database.db, { concurrency: 1 });
    const broken = { ...serializeRow(row("bad")), json: '{"workspace_id": "default", "source_id": null}' };
    await expect(writer.write([broken])).rejects.toThrow();
    expect(await writer.write([serializeRow(row("after-failure"))])).toEqual([true]);
  });
});
