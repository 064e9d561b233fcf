/**
 * Memberships are re-checked after each ingest commit on `OpenDatabase.lookups`: on the server a
 * connection of its own, planned without JIT and parallel workers (compiling a re-check of a few
 * thousand persons took five times as long as running it); on PGlite the one connection there is.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "../../src/storage/index.js";
import { BACKENDS, openTestDatabase, type TestBackend } from "../support/backends.js";

type TestDatabase = OpenDatabase & { remove(): Promise<void> };

function opened(backend: TestBackend): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  }, 60_000);
  afterAll(async () => {
    await database?.remove();
  });
  return () => database!;
}

async function setting(db: OpenDatabase["db"], name: string): Promise<string> {
  const { rows } = await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db);
  return rows[0]!.value;
}

describe.each(BACKENDS)("the lookup connection, on $name", (backend) => {
  const database = opened(backend);

  it("reads and writes the same database as the pool", async () => {
    await sql`create table lookup_probe (n integer)`.execute(database().db);
    await sql`insert into lookup_probe values (7)`.execute(database().lookups);
    const { rows } = await sql<{ n: number }>`select n from lookup_probe`.execute(database().db);
    expect(rows).toEqual([{ n: 7 }]);
  });
});

describe("the lookup connection on the server", () => {
  const database = opened(BACKENDS.find((b) => b.name === "postgres")!);

  it("plans without JIT and parallel workers; the pool keeps the server's settings", async () => {
    const { lookups, db } = database();
    expect(await setting(lookups, "jit")).toBe("off");
    expect(await setting(lookups, "max_parallel_workers_per_gather")).toBe("0");
    const { rows } = await sql<{ name: string; reset_val: string }>`
      select name, reset_val from pg_settings where name in ('jit', 'max_parallel_workers_per_gather')
      order by name`.execute(db);
    expect(await setting(db, "jit")).toBe(rows[0]!.reset_val);
    expect(await setting(db, "max_parallel_workers_per_gather")).toBe(rows[1]!.reset_val);
  });
});
