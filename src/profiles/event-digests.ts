/**
 * The rows of `event_digests` (migrations 0011, 0012, 0015) for events the projector folds: each
 * named track event's name, time, identifier and person, and for one with a `products` list the
 * distinct categories of its object line items as JSON (a missing one as null). Event segments read
 * them instead of the log itself. Written in the commit that stores the events, beside identities
 * and profiles, so a segment evaluated after that commit sees them.
 */
import { sql, type Transaction } from "kysely";
import type { Database } from "../storage/index.js";
import type { ProjectedEvent } from "./fold-event.js";

/**
 * What `kp_line_categories` in migration 0011 computes, for one event's properties: the distinct
 * categories (as JSON values) of its object line items, in no particular order; undefined when it
 * has no list of line items.
 */
export function lineCategories(properties: Record<string, unknown>): unknown[] | undefined {
  const products = properties.products;
  if (!Array.isArray(products)) return undefined;
  const distinct = new Map<string, unknown>();
  for (const item of products)
    if (item !== null && typeof item === "object" && !Array.isArray(item)) {
      const category = (item as Record<string, unknown>).category ?? null;
      distinct.set(JSON.stringify(category), category);
    }
  return [...distinct.values()];
}

/** `personOf` names the person each event's identifier belongs to once the commit is saved. */
export async function indexEventDigests(
  trx: Transaction<Database>,
  workspaceId: string,
  events: readonly ProjectedEvent[],
  personOf: (identityKey: string) => string | undefined,
): Promise<void> {
  const rows: Array<{ id: number; categories: unknown[] | null; person: string | null }> = [];
  for (const event of events)
    if (event.type === "track" && event.event !== null)
      rows.push({
        id: event.id,
        categories: lineCategories(event.properties) ?? null,
        person: personOf(event.identityKey) ?? null,
      });
  if (rows.length === 0) return;
  // Name, person key and time from the stored event itself, so the row matches it to the microsecond.
  await sql`
    insert into event_digests (event_id, workspace_id, event, identity_key, ts, categories, person_id)
    select e.id, e.workspace_id, e.event, e.identity_key, e.ts, r.categories, r.person
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id bigint, categories jsonb, person uuid)
    join events e on e.id = r.id and e.workspace_id = ${workspaceId}
    on conflict (event_id) do nothing`.execute(trx);
}
