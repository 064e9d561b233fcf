import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, openTestDatabase } from "../../test/support/backends.js";
import type { OpenDatabase } from "../storage/index.js";
import type { EventRow } from "./event-row.js";
import { createGroupCommitWriter } from "./group-commit.js";

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
    const writer = createGroupCommitWriter(database.db, {
      concurrency: database.writeConcurrency,
      copyFrom: database.copyFrom,
    });
    const writes = Array.from({ length: 60 }, (_, w) =>
      writer.write(Array.from({ length: 10 }, (_, i) => writer.serialize(row(`w${w}-${i}`)))),
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
    const writer = createGroupCommitWriter(database.db, {
      concurrency: database.writeConcurrency,
      copyFrom: database.copyFrom,
    });
    const [a, b] = await Promise.all([
      writer.write([
        writer.serialize(row("same")),
        writer.serialize(row("same")),
        writer.serialize(row("other")),
      ]),
      writer.write([writer.serialize(row("same")), writer.serialize(row("same", "another-source"))]),
    ]);
    expect([...a!, ...b!].filter(Boolean)).toHaveLength(3);
    expect(a![1]).toBe(false);
    await writer.drain();
  });

  it("stores new rows beside an already stored messageId (a retried batch) and skips only that one", async () => {
    const writer = createGroupCommitWriter(database.db, { concurrency: 1, copyFrom: database.copyFrom });
    expect(await writer.write([writer.serialize(row("retried"))])).toEqual([true]);
    const again = await writer.write([
      writer.serialize(row("retried")),
      writer.serialize(row("fresh\tafter\\retry")),
    ]);
    expect(again).toEqual([false, true]);
    const stored = await database.db
      .selectFrom("events")
      .select("message_id")
      .where("message_id", "in", ["retried", "fresh\tafter\\retry"])
      .execute();
    expect(stored.map((r) => r.message_id).sort()).toEqual(["fresh\tafter\\retry", "retried"]);
  });

  it("stores text and JSON with tabs, line breaks, backslashes, quotes and control characters unchanged", async () => {
    const writer = createGroupCommitWriter(database.db, { concurrency: 1, copyFrom: database.copyFrom });
    const tricky = 'a\tb\nc\rd\\e"f€\u0001\\N\\.';
    const original = {
      ...row("tricky"),
      event: tricky,
      anonymous_id: null,
      properties: { s: tricky, list: [1, tricky, { deep: "\\" }] },
      context: { ip: "198.51.100.7", page: { title: tricky } },
    };
    expect(await writer.write([writer.serialize(original)])).toEqual([true]);
    const back = await database.db
      .selectFrom("events")
      .select(["event", "anonymous_id", "properties", "context"])
      .where("message_id", "=", "tricky")
      .executeTakeFirstOrThrow();
    expect(back).toEqual({
      event: tricky,
      anonymous_id: null,
      properties: original.properties,
      context: original.context,
    });
  });

  it("rejects the writers of a failed commit instead of losing their rows silently", async () => {
    const writer = createGroupCommitWriter(database.db, { concurrency: 1, copyFrom: database.copyFrom });
    const broken = writer.serialize({ ...row("bad"), source_id: null as unknown as string });
    await expect(writer.write([broken])).rejects.toThrow();
    expect(await writer.write([writer.serialize(row("after-failure"))])).toEqual([true]);
  });

  it("COPYs outside a transaction another caller holds open, so its rollback takes nothing along", async () => {
    const writer = createGroupCommitWriter(database.db, { concurrency: 1, copyFrom: database.copyFrom });
    let copied: Promise<boolean[]> | undefined;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.selectFrom("events").select("id").limit(1).execute();
        copied = writer.write([writer.serialize(row("beside-a-rollback"))]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await copied).toEqual([true]);
    const stored = await database.db
      .selectFrom("events")
      .select("message_id")
      .where("message_id", "=", "beside-a-rollback")
      .execute();
    expect(stored).toHaveLength(1);
  });
});
