/**
 * Brings a segment's stored members in line with its definition, for everyone (after a definition
 * change, and on a schedule as windows slide) or for the persons an ingest commit touched. One
 * statement per segment: who qualifies, who entered, who left, each change recorded with the
 * database's clock at the moment it is written and its cause (campaigns trigger on them), the size
 * kept on the segment and sampled per minute.
 */
import { type Kysely, sql } from "kysely";
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

export async function applyMembership(
  db: Kysely<Database>,
  workspaceId: string,
  segment: StoredSegment,
  scope: { persons: readonly string[] } | "everyone",
  options: { now: number; cause: ChangeCause } & Pick<CompileOptions, "basisOf">,
): Promise<MembershipChange> {
  const everyone = scope === "everyone";
  if (!everyone && scope.persons.length === 0) return { entered: 0, exited: 0 };
  const condition = compileSegment(segment.definition, {
    workspaceId,
    now: options.now,
    form: everyone ? "set" : "correlated",
    ...(options.basisOf === undefined ? {} : { basisOf: options.basisOf }),
  });
  const persons = everyone ? undefined : (scope.persons as string[]);
  const among = (column: string) =>
    persons === undefined ? sql`true` : sql`${sql.ref(column)} = any(${persons}::uuid[])`;
  const at = new Date(options.now).toISOString();
  // One statement: the members, the change log and the size move together, and a segment that
  // changed costs one commit rather than three after every ingest commit.
  const { rows } = await sql<{ entered: string; exited: string }>`
    with target as (
      select p.id from profiles p where p.workspace_id = ${workspaceId} and ${among("p.id")} and ${condition}
    ), entered as (
      insert into segment_members (workspace_id, segment_id, person_id, since)
      select ${workspaceId}::text, ${segment.id}::uuid, id, ${at}::timestamptz from target
      on conflict do nothing
      returning person_id
    ), exited as (
      delete from segment_members m
      where m.workspace_id = ${workspaceId} and m.segment_id = ${segment.id} and ${among("m.person_id")}
        and m.person_id not in (select id from target)
      returning person_id
    ), changes as (
      insert into segment_changes (workspace_id, segment_id, person_id, change, cause, at)
      select ${workspaceId}::text, ${segment.id}::uuid, person_id, 'enter', ${options.cause}::text, clock_timestamp()
      from entered
      union all
      select ${workspaceId}::text, ${segment.id}::uuid, person_id, 'exit', ${options.cause}::text, clock_timestamp()
      from exited
      returning change
    ), counted as (
      select count(*) filter (where change = 'enter') as entered, count(*) filter (where change = 'exit') as exited
      from changes
    ), sized as (
      -- The size kept on the segment, and the sample of the current minute.
      update segments s set size = s.size + (c.entered - c.exited)::integer
        ${everyone ? sql`, evaluated_at = ${at}` : sql``}
      from counted c
      where s.workspace_id = ${workspaceId} and s.id = ${segment.id}
        ${everyone ? sql`` : sql`and (c.entered > 0 or c.exited > 0)`}
      returning s.size
    ), sampled as (
      insert into segment_sizes (workspace_id, segment_id, at, size)
      select ${workspaceId}::text, ${segment.id}::uuid, date_trunc('minute', ${at}::timestamptz), size from sized
      on conflict (workspace_id, segment_id, at) do update set size = excluded.size
    )
    select entered, exited from counted`.execute(db);
  return { entered: Number(rows[0]?.entered ?? 0), exited: Number(rows[0]?.exited ?? 0) };
}
