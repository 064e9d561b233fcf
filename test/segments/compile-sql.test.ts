/**
 * The segment compiler against the brute-force evaluator: random definitions over random people
 * (traits, computed traits, identifiers, consent, events, memberships of other segments) give the
 * same members in SQL, in both the set form and the correlated form, on both databases.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PURPOSES } from "../../src/protocol/index.js";
import {
  categoryConditionArbitrary,
  contextOf,
  definitionArbitrary,
  type Memberships,
  membershipsArbitrary,
  peopleArbitrary,
} from "../../src/segments/arbitraries.test-helpers.js";
import { ARBITRARY_NOW } from "../../src/segments/arbitrary-vocabulary.test-helpers.js";
import {
  compileSegment,
  evaluateInMemory,
  type InMemoryContext,
  type InMemoryPerson,
  type SegmentDefinition,
  segmentFromText,
} from "../../src/segments/index.js";
import { PROFILE_ROW_TIMES } from "../../src/segments/person-arbitraries.test-helpers.js";
import type { Database } from "../../src/storage/index.js";
import { BACKENDS, openTestDatabase } from "../support/backends.js";

type TestDb = Awaited<ReturnType<typeof openTestDatabase>>;

/** `SEGMENT_PROPERTY_SEED=<seed>` replays a failure fast-check reported. */
const seed = process.env.SEGMENT_PROPERTY_SEED ? { seed: Number(process.env.SEGMENT_PROPERTY_SEED) } : {};

const uuidOf = (id: string) => `00000000-0000-4000-8000-${id.replace(/\D/g, "").padStart(12, "0")}`;

/** Stores the people as profile, identity and event rows of a fresh workspace. */
async function store(
  db: Kysely<Database>,
  workspaceId: string,
  people: InMemoryPerson[],
  memberships: Memberships,
) {
  const at = new Date(ARBITRARY_NOW).toISOString();
  for (const person of people) {
    const id = uuidOf(person.id);
    // Allowed purposes become grants, the others refusals: decide() then allows exactly them.
    const purposes = Object.fromEntries(
      PURPOSES.map((p) => [p, { status: person.allowedPurposes.includes(p) ? "granted" : "denied" }]),
    );
    const computed = { ...person.computed, consent: { purposes, objections: [], restricted: false } };
    // The typed columns hold the same values as their computed traits, as profile-store.ts writes them.
    const c = person.computed as { eventCount: number; orderCount: number; lastOrderAt: string | null };
    await sql`insert into profiles (workspace_id, id, created_at, updated_at, first_seen, last_seen,
                                    event_count, order_count, last_order_at, traits, computed)
      values (${workspaceId}, ${id}, ${at}, ${at}, ${PROFILE_ROW_TIMES.firstSeen}, ${PROFILE_ROW_TIMES.lastSeen},
              ${c.eventCount}, ${c.orderCount}, ${c.lastOrderAt}, ${JSON.stringify(person.traits)}::jsonb,
              ${JSON.stringify(computed)}::jsonb)`.execute(db);
    const keys = [
      ...person.identifierKinds.map((kind) => ({ kind, key: `${kind}:${person.id}` })),
      { kind: "test_filing", key: `file:${person.id}` },
    ];
    for (const { kind, key } of keys)
      await sql`insert into identities (workspace_id, key, kind, value, person_id, first_seen, source_id)
        values (${workspaceId}, ${key}, ${kind}, ${person.id}, ${id}, ${at}, 'test')`.execute(db);
    let n = 0;
    for (const event of person.events)
      await sql`insert into events (workspace_id, source_id, message_id, type, event, identity_key, ts, received_at, properties)
        values (${workspaceId}, 'test', ${`${person.id}-${n++}`}, ${event.type}, ${event.event}, ${`file:${person.id}`},
                ${new Date(event.ts).toISOString()}, ${at}, ${JSON.stringify(event.properties)}::jsonb)`.execute(
        db,
      );
  }
  // The digests of the track events, as migrations 0011, 0012 and 0015 fill them for stored events
  // (the projector writes the same rows on ingest; event-digests.test.ts holds the two equal).
  await sql`insert into event_digests (event_id, workspace_id, event, identity_key, ts, categories, person_id)
    select e.id, e.workspace_id, e.event, e.identity_key, e.ts,
           case when jsonb_typeof(e.properties -> 'products') = 'array' then kp_line_categories(e.properties) end,
           i.person_id
    from events e left join identities i on i.workspace_id = e.workspace_id and i.key = e.identity_key
    where e.workspace_id = ${workspaceId} and e.type = 'track' and e.event is not null`.execute(db);
  for (const [name, members] of Object.entries(memberships)) {
    const segmentId = randomUUID();
    await sql`insert into segments (workspace_id, id, name, definition, text, created_by, created_at, updated_at)
      values (${workspaceId}, ${segmentId}, ${name}, '{}'::jsonb, '', 'test', ${at}, ${at})`.execute(db);
    for (const member of members)
      await sql`insert into segment_members (workspace_id, segment_id, person_id, since)
        values (${workspaceId}, ${segmentId}, ${uuidOf(member)}, ${at})`.execute(db);
  }
}

async function membersInSql(
  db: Kysely<Database>,
  workspaceId: string,
  definition: SegmentDefinition,
  form: "set" | "correlated",
) {
  const condition = compileSegment(definition, { workspaceId, now: ARBITRARY_NOW, form });
  const { rows } = await sql<{ id: string }>`select p.id from profiles p
    where p.workspace_id = ${workspaceId} and ${condition} order by p.id`.execute(db);
  return rows.map((r) => r.id);
}

/** The ids of the people the brute-force evaluator puts in the segment, sorted as SQL returns them. */
function membersInMemory(people: InMemoryPerson[], definition: SegmentDefinition, context: InMemoryContext) {
  return people
    .filter((person) => evaluateInMemory(definition, person, context))
    .map((person) => uuidOf(person.id))
    .sort();
}

describe.each(BACKENDS)("segment SQL against the in-memory evaluator on $name", (backend) => {
  let database: TestDb;
  let workspace = 0;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
  }, 60_000);

  afterAll(async () => {
    await database?.remove();
  });

  /** The people stored in a workspace of their own, and the oracle's view of their memberships. */
  const stored = async (prefix: string, people: InMemoryPerson[], memberships: Memberships) => {
    const workspaceId = `${prefix}-${workspace++}`;
    await store(database.db, workspaceId, people, memberships);
    return { workspaceId, context: contextOf(memberships) };
  };

  const worldOf = (wide: boolean) =>
    peopleArbitrary(6).chain((people) =>
      fc.record({
        people: fc.constant(people),
        memberships: membershipsArbitrary(people.map((p) => p.id)),
        definitions: fc.array(definitionArbitrary({ wide }), { minLength: 6, maxLength: 6 }),
      }),
    );

  it("selects the same members for random definitions over random people", async () => {
    const world = worldOf(false);
    // Guards against a vacuous test: many definitions must split the people into members and not.
    let split = 0;
    const runs = Number(process.env.SEGMENT_PROPERTY_RUNS ?? 40);
    await fc.assert(
      fc.asyncProperty(world, async ({ people, memberships, definitions }) => {
        const { workspaceId, context } = await stored("prop", people, memberships);
        for (const definition of definitions) {
          const expected = membersInMemory(people, definition, context);
          if (expected.length > 0 && expected.length < people.length) split++;
          expect(
            await membersInSql(database.db, workspaceId, definition, "set"),
            JSON.stringify(definition),
          ).toEqual(expected);
          expect(
            await membersInSql(database.db, workspaceId, definition, "correlated"),
            JSON.stringify(definition),
          ).toEqual(expected);
        }
      }),
      { numRuns: runs, ...seed },
    );
    expect(split).toBeGreaterThan(runs / 4);
  }, 300_000);

  it("selects the same members when category conditions read the line-category table", async () => {
    const world = peopleArbitrary(8).chain((people) =>
      fc.record({
        people: fc.constant(people),
        definitions: fc.array(categoryConditionArbitrary(), { minLength: 6, maxLength: 6 }),
      }),
    );
    let split = 0;
    const runs = Number(process.env.SEGMENT_PROPERTY_RUNS ?? 100);
    await fc.assert(
      fc.asyncProperty(world, async ({ people, definitions }) => {
        const { workspaceId, context } = await stored("category", people, {});
        for (const definition of definitions) {
          const expected = membersInMemory(people, definition, context);
          if (expected.length > 0 && expected.length < people.length) split++;
          for (const form of ["set", "correlated"] as const)
            expect(
              await membersInSql(database.db, workspaceId, definition, form),
              JSON.stringify(definition),
            ).toEqual(expected);
        }
      }),
      { numRuns: runs, ...seed },
    );
    // Category predicates hold for fewer people than most: a tenth of the definitions splitting them
    // is typical (measured 13-23 of 240), so the guard is lower than above and the runs more.
    expect(split).toBeGreaterThan(runs / 8);
  }, 300_000);

  it("does not look inside a category that is itself a list", async () => {
    const buyer = (id: string, category: unknown): InMemoryPerson => ({
      id,
      traits: {},
      computed: { eventCount: 1, orderCount: 1, lastOrderAt: null },
      identifierKinds: ["user"],
      allowedPurposes: [],
      events: [
        {
          event: "Order Completed",
          type: "track",
          ts: ARBITRARY_NOW - 3_600_000,
          properties: { products: [{ category }] },
        },
      ],
    });
    const people = [buyer("p1", ["Bern"]), buyer("p2", "Bern")];
    const { workspaceId, context } = await stored("listed", people, {});
    for (const text of [
      'exists(Order Completed where products.category = "Bern")',
      'exists(Order Completed where products.category starts_with "Be")',
    ]) {
      const definition = segmentFromText(text);
      expect(membersInMemory(people, definition, context)).toEqual([uuidOf("p2")]);
      for (const form of ["set", "correlated"] as const)
        expect(await membersInSql(database.db, workspaceId, definition, form), text).toEqual([uuidOf("p2")]);
    }
  });

  it("keeps every value out of the SQL text: any strings, numbers, names and paths run and agree", async () => {
    await fc.assert(
      fc.asyncProperty(worldOf(true), async ({ people, memberships, definitions }) => {
        const { workspaceId, context } = await stored("wide", people, memberships);
        for (const definition of definitions) {
          const expected = membersInMemory(people, definition, context);
          expect(
            await membersInSql(database.db, workspaceId, definition, "set"),
            JSON.stringify(definition),
          ).toEqual(expected);
        }
      }),
      { numRuns: Number(process.env.SEGMENT_PROPERTY_RUNS ?? 40), ...seed },
    );
  }, 300_000);

  it("keeps a correlated sequence a subquery per person, never a join over all events", async () => {
    // Turned into a join, the re-check of a few thousand persons was planned as a scan of every
    // event in the window at 1,000,000 customers (12 s); per person it is a few index lookups.
    const condition = compileSegment(
      segmentFromText("sequence(Products Searched, last 30d, then not Order Completed, within 7d)"),
      { workspaceId: "plan", now: ARBITRARY_NOW, form: "correlated" },
    );
    const persons = Array.from({ length: 3 }, () => randomUUID());
    const { rows } = await sql<{ "QUERY PLAN": string }>`explain select p.id from profiles p
      where p.workspace_id = 'plan' and p.id = any(${persons}::uuid[]) and ${condition}`.execute(database.db);
    const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toMatch(/SubPlan/);
    expect(plan).not.toMatch(/Semi Join/);
  });
});
