/**
 * The category of every line item of every event that has line items (`properties.products`),
 * kept beside the event log: "bought baby products at least twice in 90 days" reads this narrow
 * table instead of taking apart the properties of every order in the window, which on a
 * 10-million-event log no longer fits in memory.
 *
 * The projector adds the rows of the events it folds (profiles/line-categories.ts), in the commit
 * that stores them, so collection without profiles pays nothing (an insert trigger cost COPY a
 * quarter of its rate); this migration fills it for the events already stored. A deleted event
 * takes its row with it (foreign key), and rewritten properties (retention) refresh it through a
 * statement-level trigger. `categories` holds the distinct `properties.products[i].category` values
 * of the object line items as JSON, a missing one as JSON null, so that a segment predicate reads
 * exactly what it would read in the event itself.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table event_line_categories (
      event_id bigint primary key references events (id) on delete cascade,
      workspace_id text not null,
      event text not null,
      identity_key text not null,
      ts timestamptz not null,
      categories jsonb not null
    );
    -- Covering: a category segment reads its window from the index alone (index-only scan).
    create index event_line_categories_event_ts on event_line_categories (workspace_id, event, ts)
      include (identity_key, categories);
    create index event_line_categories_identity on event_line_categories (workspace_id, identity_key, ts);

    create function kp_line_categories(properties jsonb) returns jsonb
    language sql immutable as $fn$
      select coalesce(jsonb_agg(distinct coalesce(li -> 'category', 'null'::jsonb)), '[]'::jsonb)
      from jsonb_array_elements(properties -> 'products') li
      where jsonb_typeof(li) = 'object'
    $fn$;

    create function kp_refresh_line_categories() returns trigger
    language plpgsql as $fn$
    begin
      delete from event_line_categories l using changed c where l.event_id = c.id;
      insert into event_line_categories (event_id, workspace_id, event, identity_key, ts, categories)
      select c.id, c.workspace_id, c.event, c.identity_key, c.ts, kp_line_categories(c.properties)
      from changed c
      where c.type = 'track' and c.event is not null and jsonb_typeof(c.properties -> 'products') = 'array';
      return null;
    end
    $fn$;

    create trigger events_line_categories_update after update on events
      referencing new table as changed for each statement execute function kp_refresh_line_categories();

    insert into event_line_categories (event_id, workspace_id, event, identity_key, ts, categories)
    select id, workspace_id, event, identity_key, ts, kp_line_categories(properties)
    from events
    where type = 'track' and event is not null and jsonb_typeof(properties -> 'products') = 'array';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger events_line_categories_update on events;
            drop function kp_refresh_line_categories();
            drop function kp_line_categories(jsonb);
            drop table event_line_categories`.execute(db);
}
