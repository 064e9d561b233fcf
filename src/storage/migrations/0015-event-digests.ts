/**
 * The narrow table of line categories (migrations 0011, 0012) becomes a digest of every named track
 * event: its name, time, identifier and person, and its line categories where it has line items.
 *
 * Why: a full evaluation of "searched in the last 30 days and did not order within 7 days after" read
 * the window's events from the log, with their properties, joined each to its identifier and looked
 * up each candidate's orders through their identifiers: random reads all over a log that no longer
 * fits in memory (at 1,000,000 customers 3.1 s from disk and 0.66 s warm on a fast VM, 12–15 s and
 * 3 s on slower ones). From the digests' covering index, grouped by the stored person, it reads two
 * index ranges and joins nothing but the profiles: 0.08 s, cold or warm (BENCHMARKS.md, fourteenth
 * session). Every count, `exists` and sequence step whose filters a digest can answer reads it: no
 * filters, or filters on the line items' category only.
 *
 * A digest row of an event without line items has no categories (NULL, which no category filter
 * passes); one with a `products` list has the list's distinct categories as before. The triggers
 * that keep the person current through merges and the rows current through retention's rewrites are
 * those of migrations 0011 and 0012, renamed with the table, the refresh now for every track event.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";

/** The table and the names of its two triggers and their functions, before and after. */
interface RowTriggers {
  readonly table: string;
  readonly followPerson: { readonly fn: string; readonly trigger: string };
  readonly refresh: { readonly fn: string; readonly trigger: string };
}

const LINE_CATEGORIES: RowTriggers = {
  table: "event_line_categories",
  followPerson: { fn: "kp_line_categories_follow_person", trigger: "identities_line_categories_person" },
  refresh: { fn: "kp_refresh_line_categories", trigger: "events_line_categories_update" },
};

const DIGESTS: RowTriggers = {
  table: "event_digests",
  followPerson: { fn: "kp_event_digests_follow_person", trigger: "identities_digests_person" },
  refresh: { fn: "kp_refresh_event_digests", trigger: "events_digests_update" },
};

/** The categories of event `e`'s line items, NULL when it has no list of them. */
const categoriesOf = (e: string) =>
  sql.raw(
    `case when jsonb_typeof(${e}.properties -> 'products') = 'array' then kp_line_categories(${e}.properties) end`,
  );

/**
 * The two triggers of migrations 0011 and 0012 on `t.table`: rows follow their identifier to its
 * person, and rows are written again for rewritten events, for every track event or (`everyTrackEvent`
 * false, the line-category table) only those with line items.
 */
function createRowTriggers(t: RowTriggers, everyTrackEvent: boolean): RawBuilder<unknown> {
  const table = sql.raw(t.table);
  const linesOnly = sql.raw(everyTrackEvent ? "" : "and jsonb_typeof(c.properties -> 'products') = 'array'");
  return sql`
    create function ${sql.raw(t.followPerson.fn)}() returns trigger
    language plpgsql as $fn$
    begin
      update ${table} d set person_id = n.person_id
      from moved n join unmoved o on o.workspace_id = n.workspace_id and o.key = n.key
      where n.person_id is distinct from o.person_id
        and d.workspace_id = n.workspace_id and d.identity_key = n.key;
      return null;
    end
    $fn$;
    create trigger ${sql.raw(t.followPerson.trigger)} after update on identities
      referencing old table as unmoved new table as moved
      for each statement execute function ${sql.raw(t.followPerson.fn)}();

    create function ${sql.raw(t.refresh.fn)}() returns trigger
    language plpgsql as $fn$
    begin
      delete from ${table} d using changed c where d.event_id = c.id;
      insert into ${table} (event_id, workspace_id, event, identity_key, ts, categories, person_id)
      select c.id, c.workspace_id, c.event, c.identity_key, c.ts, ${categoriesOf("c")}, i.person_id
      from changed c
      left join identities i on i.workspace_id = c.workspace_id and i.key = c.identity_key
      where c.type = 'track' and c.event is not null ${linesOnly};
      return null;
    end
    $fn$;
    create trigger ${sql.raw(t.refresh.trigger)} after update on events
      referencing new table as changed for each statement execute function ${sql.raw(t.refresh.fn)}();`;
}

function dropRowTriggers(t: RowTriggers): RawBuilder<unknown> {
  return sql.raw(`
    drop trigger ${t.refresh.trigger} on events;
    drop function ${t.refresh.fn}();
    drop trigger ${t.followPerson.trigger} on identities;
    drop function ${t.followPerson.fn}();`);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ${dropRowTriggers(LINE_CATEGORIES)}

    alter table event_line_categories rename to event_digests;
    alter index event_line_categories_pkey rename to event_digests_pkey;
    alter table event_digests rename constraint event_line_categories_event_id_fkey to event_digests_event_id_fkey;
    alter table event_digests alter column categories drop not null;

    -- The events without a row: those without line items, several times the rows there are, and
    -- any with line items stored while no projector ran. Filled without the secondary indexes,
    -- which are built once afterwards.
    drop index event_line_categories_event_ts;
    drop index event_line_categories_identity;
    insert into event_digests (event_id, workspace_id, event, identity_key, ts, categories, person_id)
    select e.id, e.workspace_id, e.event, e.identity_key, e.ts, ${categoriesOf("e")}, i.person_id
    from events e
    left join identities i on i.workspace_id = e.workspace_id and i.key = e.identity_key
    where e.type = 'track' and e.event is not null
      and not exists (select 1 from event_digests d where d.event_id = e.id);
    create index event_digests_event_ts on event_digests (workspace_id, event, ts)
      include (person_id, categories);
    create index event_digests_identity on event_digests (workspace_id, identity_key, ts);

    ${createRowTriggers(DIGESTS, true)}
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ${dropRowTriggers(DIGESTS)}
    delete from event_digests where categories is null;
    alter table event_digests alter column categories set not null;
    alter index event_digests_event_ts rename to event_line_categories_event_ts;
    alter index event_digests_identity rename to event_line_categories_identity;
    alter table event_digests rename constraint event_digests_event_id_fkey to event_line_categories_event_id_fkey;
    alter index event_digests_pkey rename to event_line_categories_pkey;
    alter table event_digests rename to event_line_categories;

    ${createRowTriggers(LINE_CATEGORIES, false)}
  `.execute(db);
}
