/**
 * Property: any sequence of identify / alias / track / unmerge, sent in batches of any size, keeps
 * the invariants of the identity graph and the profiles — every identifier belongs to exactly one
 * live person, every event is counted once on the person its identifier belongs to, and the
 * incrementally maintained traits equal a recomputation from the event log.
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, createCore } from "../../src/core.js";
import type { OpenDatabase } from "../../src/storage/index.js";
import { BACKENDS, openTestDatabase } from "../support/backends.js";

type Op =
  | { kind: "identify"; user: number | null; anon: number; email: number | null; plan: string; day: number }
  | { kind: "track"; user: number | null; anon: number; revenue: number; day: number }
  | { kind: "alias"; user: number; anon: number; day: number }
  | { kind: "unmerge"; pick: number };

const small = fc.integer({ min: 0, max: 4 });
const day = fc.integer({ min: 1, max: 28 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("identify" as const),
    user: fc.option(small, { freq: 2 }),
    anon: small,
    email: fc.option(small, { freq: 2 }),
    plan: fc.constantFrom("free", "pro"),
    day,
  }),
  fc.record({
    kind: fc.constant("track" as const),
    user: fc.option(small, { freq: 2 }),
    anon: small,
    revenue: fc.integer({ min: 1, max: 500 }),
    day,
  }),
  fc.record({ kind: fc.constant("alias" as const), user: small, anon: small, day }),
  fc.record({ kind: fc.constant("unmerge" as const), pick: fc.nat() }),
);
const batches = fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 });

describe.each(BACKENDS)("identity and profile invariants on $name", (backend) => {
  let database: OpenDatabase & { remove(): Promise<void> };
  let core: Core;
  let run = 0;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    core = createCore(database);
  });
  afterAll(async () => {
    await core?.close();
    await database?.remove();
  });

  it("keeps identifiers unique, events counted once and traits equal to a recomputation", async () => {
    await fc.assert(
      fc.asyncProperty(batches, async (plan) => {
        run++;
        const ns = `r${run}`;
        let seq = 0;
        for (const batch of plan) {
          const messages: unknown[] = [];
          for (const step of batch) {
            if (step.kind === "unmerge") {
              await unmergeOne(core, ns, step.pick);
              continue;
            }
            messages.push(toMessage(step, ns, seq++));
          }
          if (messages.length > 0) {
            const results = await core.ingestor.ingest(messages, {
              workspaceId: "default",
              sourceId: "prop",
              receivedAt: new Date(),
            });
            expect(results.every((r) => r.status === "stored")).toBe(true);
          }
        }
        await checkInvariants(core, ns);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    );
    // The generated sequences did exercise merges and unmerges, not just independent persons.
    const merges = await database.db.selectFrom("identity_merges").select(["id", "unmerged_at"]).execute();
    expect(merges.length).toBeGreaterThan(5);
    expect(merges.filter((m) => m.unmerged_at !== null).length).toBeGreaterThan(0);
  }, 180_000);
});

function toMessage(step: Exclude<Op, { kind: "unmerge" }>, ns: string, seq: number): Record<string, unknown> {
  const base = {
    messageId: `${ns}-m${seq}`,
    timestamp: `2026-02-${String(step.day).padStart(2, "0")}T12:00:00Z`,
    anonymousId: `${ns}-a${step.anon}`,
  };
  switch (step.kind) {
    case "identify":
      return {
        ...base,
        type: "identify",
        ...(step.user === null ? {} : { userId: `${ns}-u${step.user}` }),
        traits: {
          plan: step.plan,
          ...(step.email === null ? {} : { email: `e${step.email}.${ns}@example.org` }),
        },
      };
    case "track":
      return {
        ...base,
        type: "track",
        event: "Order Completed",
        ...(step.user === null ? {} : { userId: `${ns}-u${step.user}` }),
        properties: {
          order_id: `${ns}-o${seq}`,
          revenue: step.revenue,
          products: [{ product_id: "p", price: step.revenue, category: "A > B" }],
        },
      };
    case "alias":
      return { ...base, type: "alias", userId: `${ns}-u${step.user}`, previousId: `${ns}-a${step.anon}` };
  }
}

async function runPersons(core: Core, ns: string): Promise<string[]> {
  const { rows } = await sql<{ person_id: string }>`
    select distinct i.person_id from identities i
    join events e on e.workspace_id = i.workspace_id and e.identity_key = i.key
    where e.message_id like ${`${ns}-%`}`.execute(core.database.db);
  return rows.map((r) => r.person_id);
}

async function unmergeOne(core: Core, ns: string, pick: number): Promise<void> {
  const persons = await runPersons(core, ns);
  if (persons.length === 0) return;
  const merges = await core.database.db
    .selectFrom("identity_merges")
    .select("id")
    .where("winner", "in", persons)
    .where("unmerged_at", "is", null)
    .orderBy("id")
    .execute();
  if (merges.length === 0) return;
  await core.profiles.unmerge("default", String(merges[pick % merges.length]!.id), "property-test");
}

async function checkInvariants(core: Core, ns: string): Promise<void> {
  const db = core.database.db;
  // Every event's identifier belongs to a person, and every person with identifiers has a profile.
  const { rows: orphans } = await sql<{ n: number }>`
    select count(*)::int as n from events e
    where e.message_id like ${`${ns}-%`}
      and not exists (select 1 from identities i where i.workspace_id = e.workspace_id and i.key = e.identity_key)`.execute(
    db,
  );
  expect(orphans[0]!.n).toBe(0);
  // Each named track event has a digest, and it names the person its identifier belongs to now,
  // through merges and unmerges (event segments group by it).
  const { rows: digests } = await sql<{ missing: number; stale: number }>`
    select count(*) filter (where d.event_id is null)::int as missing,
           count(*) filter (where d.event_id is not null and d.person_id is distinct from i.person_id)::int as stale
    from events e left join event_digests d on d.event_id = e.id
    left join identities i on i.workspace_id = d.workspace_id and i.key = d.identity_key
    where e.message_id like ${`${ns}-%`} and e.type = 'track' and e.event is not null`.execute(db);
  expect(digests[0]).toEqual({ missing: 0, stale: 0 });
  const persons = await runPersons(core, ns);
  if (persons.length === 0) return;
  const profiles = await db
    .selectFrom("profiles")
    .select(["id", "event_count", "traits", "computed"])
    .where("id", "in", persons)
    .execute();
  expect(profiles.map((p) => p.id).sort()).toEqual([...persons].sort());
  // Each event counted exactly once, on the person owning its identifier.
  const { rows: counts } = await sql<{ person_id: string; n: number }>`
    select i.person_id, count(*)::int as n from events e
    join identities i on i.workspace_id = e.workspace_id and i.key = e.identity_key
    where i.person_id in (select unnest(${persons}::uuid[]))
    group by i.person_id`.execute(db);
  const expected = new Map(counts.map((c) => [c.person_id, c.n]));
  for (const profile of profiles) expect(profile.event_count, profile.id).toBe(expected.get(profile.id));
  // The incrementally maintained profile equals one recomputed from the event log.
  await db.transaction().execute((trx) => core.projector.recompute(trx, "default", persons));
  const recomputed = await db
    .selectFrom("profiles")
    .select(["id", "event_count", "traits", "computed"])
    .where("id", "in", persons)
    .execute();
  const byId = new Map(recomputed.map((p) => [p.id, p]));
  for (const profile of profiles) expect(byId.get(profile.id), profile.id).toEqual(profile);
}
