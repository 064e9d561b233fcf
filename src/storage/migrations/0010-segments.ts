/**
 * Segments: definitions (JSON tree and its text form), current members, every enter and exit with
 * its time (what campaigns trigger on; also the membership history), and sizes over time. Member
 * and change rows name a person, so erasure deletes them with the person.
 *
 * `kp_segment_instant` reads a date-valued trait or property the way the segment language does
 * (segments/time-values.ts): a calendar day (midnight UTC) or a date-time with Z or ±hh:mm, to the
 * millisecond; anything else, impossible days included, is NULL rather than an error, so one odd
 * value cannot fail a whole evaluation.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table segments (
      workspace_id text not null,
      id uuid not null,
      name text not null,
      description text,
      definition jsonb not null,
      text text not null,
      -- Members now, kept with every change so that sizes over time cost no count.
      size integer not null default 0,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      evaluated_at timestamptz,
      primary key (workspace_id, id),
      unique (workspace_id, name)
    );

    create table segment_members (
      workspace_id text not null,
      segment_id uuid not null,
      person_id uuid not null,
      since timestamptz not null,
      primary key (workspace_id, segment_id, person_id)
    );
    create index segment_members_person on segment_members (workspace_id, person_id);

    create table segment_changes (
      workspace_id text not null,
      seq bigint generated always as identity,
      segment_id uuid not null,
      person_id uuid not null,
      change text not null,
      cause text not null,
      at timestamptz not null,
      primary key (workspace_id, seq)
    );
    create index segment_changes_segment on segment_changes (workspace_id, segment_id, seq);
    create index segment_changes_person on segment_changes (workspace_id, person_id);

    create table segment_sizes (
      workspace_id text not null,
      segment_id uuid not null,
      at timestamptz not null,
      size integer not null,
      primary key (workspace_id, segment_id, at)
    );

    create function kp_segment_instant(value text) returns timestamptz
    language plpgsql immutable as $fn$
    declare
      m text[];
      local timestamp;
      offset_minutes integer := 0;
    begin
      m := regexp_match(value,
        '^(\\d{4}-\\d{2}-\\d{2})(?:T([01]\\d|2[0-3]):([0-5]\\d)(?::([0-5]\\d)(\\.\\d{1,9})?)?(Z|([+-])(\\d{2}):(\\d{2})))?$');
      if m is null then return null; end if;
      -- ISO 8601 year 0000 is 1 BC, which PostgreSQL writes 0001 BC.
      local := (case when left(m[1], 4) = '0000' then '0001' || substr(m[1], 5) else m[1] end
                || ' ' || coalesce(m[2], '00') || ':' || coalesce(m[3], '00') || ':' || coalesce(m[4], '00')
                || coalesce(substr(m[5], 1, 4), '') || case when left(m[1], 4) = '0000' then ' BC' else '' end)::timestamp;
      if m[7] is not null then
        if m[8]::integer > 23 or m[9]::integer > 59 then return null; end if;
        offset_minutes := (m[8]::integer * 60 + m[9]::integer) * (case m[7] when '-' then -1 else 1 end);
      end if;
      return (local - make_interval(mins => offset_minutes)) at time zone 'UTC';
    exception when others then
      return null;
    end
    $fn$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function kp_segment_instant(text);
            drop table segment_sizes, segment_changes, segment_members, segments`.execute(db);
}
