/**
 * Brings segments' stored members in line with their definitions, for everyone (after a definition
 * change, and on a schedule as windows slide) or for the persons an ingest commit touched. One
 * statement per call, whatever the number of segments: who qualifies, who entered, who left, each
 * change recorded with the database's clock at the moment it is written and its cause (campaigns
 * trigger on them), the size kept on the segment and sampled per minute.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../storage/index.js";
import { type CompileOptions, compileSegment } from "./compile-sql.js";
import type { SegmentDefinition } from "./definition-schema.js";

export interface StoredSegment {
  readonly id: string;
  readonly name: string;
  readonly definition: SegmentDefinition;
}

export interface MembershipChange {
  readonly entered: number;
  readonly exited: number;
}

export type ChangeCause = "definition" | "event" | "recompute";

export type MembershipScope = { persons: readonly string[] } | "everyone";

type ApplyOptions = { now: number; cause: ChangeCause } & Pick<CompileOptions, "basisOf">;

/**
 * Applies the segments in one statement, and so in one round trip and one commit: after an
 * ingest commit the re-checks of all segments that use no other segment go together, and their
 * enter events are not queued behind one another's round trips. The segments must not read one
 * another's members: every part of a statement sees the members as they were before it.
 */
export async function applyMemberships(
  db: Kysely<Database>,
  workspaceId: string,
  work: ReadonlyArray<{ segment: StoredSegment; scope: MembershipScope }>,
  options: ApplyOptions,
): Promise<Map<string, MembershipChange>> {
  const changes = new Map<string, MembershipChange>(
    work.map(({ segment }) => [segment.id, { entered: 0, exited: 0 }]),
  );
  const due = work.filter(({ scope }) => scope === "everyone" || scope.persons.length > 0);
  if (due.length === 0) return changes;
  const parts = due.map(({ segment, scope }, i) =>
    membershipSteps(`s${i}_`, workspaceId, segment, scope, options),
  );
  const { rows } = await sql<{ segment_id: string; entered: string; exited: string }>`
    with ${sql.join(
      parts.map((p) => p.steps),
      sql`, `,
    )}
    ${sql.join(
      parts.map((p) => p.result),
      sql` union all `,
    )}`.execute(db);
  for (const row of rows)
    changes.set(row.segment_id, { entered: Number(row.entered), exited: Number(row.exited) });
  return changes;
}

/**
 * One segment's steps as common table expressions named with `prefix`, and the select of its
 * counts. The names are ours (`s0_`, `s1_`, …); everything from the definition is a parameter.
 */
function membershipSteps(
  prefix: string,
  workspaceId: string,
  segment: StoredSegment,
  scope: MembershipScope,
  options: ApplyOptions,
): { steps: RawBuilder<unknown>; result: RawBuilder<unknown> } {
  const everyone = scope === "everyone";
  const condition = compileSegment(segment.definition, {
    workspaceId,
    now: options.now,
    form: everyone ? "set" : "correlated",
    ...(options.basisOf === undefined ? {} : { basisOf: options.basisOf }),
  });
  const persons = everyone ? undefined : (scope.persons as string[]);
  const among = (column: string) =>
    persons === undefined ? sql`true` : sql`${sql.ref(column)} = any(${persons}::uuid[])`;
  const name = (step: string) => sql.id(`${prefix}${step}`);
  const at = new Date(options.now).toISOString();
  const steps = sql`
    ${name("target")} as (
      select p.id from profiles p where p.workspace_id = ${workspaceId} and ${among("p.id")} and ${condition}
    ), ${name("entered")} as (
      insert into segment_members (workspace_id, segment_id, person_id, since)
      select ${workspaceId}::text, ${segment.id}::uuid, id, ${at}::timestamptz from ${name("target")}
      on conflict do nothing
      returning person_id
    ), ${name("exited")} as (
      delete from segment_members m
      where m.workspace_id = ${workspaceId} and m.segment_id = ${segment.id} and ${among("m.person_id")}
        and m.person_id not in (select id from ${name("target")})
      returning person_id
    ), ${name("changes")} as (
      insert into segment_changes (workspace_id, segment_id, person_id, change, cause, at)
      select ${workspaceId}::text, ${segment.id}::uuid, person_id, 'enter', ${options.cause}::text, clock_timestamp()
      from ${name("entered")}
      union all
      select ${workspaceId}::text, ${segment.id}::uuid, person_id, 'exit', ${options.cause}::text, clock_timestamp()
      from ${name("exited")}
      returning change
    ), ${name("counted")} as (
      select count(*) filter (where change = 'enter') as entered, count(*) filter (where change = 'exit') as exited
      from ${name("changes")}
    ), ${name("sized")} as (
      -- The size kept on the segment, and the sample of the current minute.
      update segments s set size = s.size + (c.entered - c.exited)::integer
        ${everyone ? sql`, evaluated_at = ${at}` : sql``}
      from ${name("counted")} c
      where s.workspace_id = ${workspaceId} and s.id = ${segment.id}
        ${everyone ? sql`` : sql`and (c.entered > 0 or c.exited > 0)`}
      returning s.size
    ), ${name("sampled")} as (
      insert into segment_sizes (workspace_id, segment_id, at, size)
      select ${workspaceId}::text, ${segment.id}::uuid, date_trunc('minute', ${at}::timestamptz), size
      from ${name("sized")}
      on conflict (workspace_id, segment_id, at) do update set size = excluded.size
    )`;
  const result = sql`select ${segment.id}::text as segment_id, entered, exited from ${name("counted")}`;
  return { steps, result };
}
