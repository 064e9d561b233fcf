/**
 * Profile lists: filters on any trait or computed trait, an optional free-text contact search,
 * sorting on the indexed computed traits and keyset pagination, so page 1000 costs what page 1
 * costs.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../storage/index.js";
import { ProfileError } from "./profile-error.js";
import {
  FilterError,
  filterCondition,
  parseFilters,
  type SealedTraits,
  SORT_FIELDS,
} from "./profile-filter.js";
import type { RfmCutoffs } from "./rfm.js";

export interface ListQuery {
  /** Sort field, `-` for descending: `-lastSeen` (default), `revenue`, `-orderCount`, … */
  sort?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  /** Contact search: words or word beginnings of names and e-mail address. */
  q?: string | undefined;
  /** `field` / `field[op]` → value, as in the query string. */
  filters: Record<string, unknown>;
}

export interface ProfileRow {
  id: string;
  first_seen: Date;
  last_seen: Date;
  order_count: number;
  revenue: number;
  last_order_at: Date | null;
  birth_date: Date | string | null;
  traits: Record<string, unknown>;
  computed: Record<string, unknown>;
  /** The sealed contact part (see crypto/contact-sealer.ts), opened by the caller. */
  contact: string | null;
}

const NO_FILTERS = new Set<string>();

export async function listProfileRows(
  db: Kysely<Database>,
  workspaceId: string,
  query: ListQuery,
  now: number,
  rfm?: RfmCutoffs,
  /** Contact data stored sealed: `q` and exact filters go through blind tokens (else in clear). */
  sealed?: { searchTokens(q: string): string[]; traits: SealedTraits },
): Promise<{ rows: ProfileRow[]; nextCursor: string | null }> {
  const descending = (query.sort ?? "-lastSeen").startsWith("-");
  const sortName = (query.sort ?? "-lastSeen").replace(/^[-+]/, "");
  const column = SORT_FIELDS[sortName];
  if (column === undefined)
    throw new ProfileError(
      "invalid_filter",
      `sort: use one of ${Object.keys(SORT_FIELDS).join(", ")} (prefix - for descending)`,
    );
  const limit = query.limit ?? 50;
  let conditions: ReturnType<typeof filterCondition>[];
  const q = query.q?.trim() || undefined;
  // Contact search and filters on sealed contact traits read the search index (see below).
  let readsSearchIndex = q !== undefined && sealed !== undefined;
  try {
    const filters = parseFilters(query.filters, NO_FILTERS);
    readsSearchIndex ||= filters.some(
      (f) => f.field.startsWith("traits.") && sealed?.traits.isSealed(f.field.slice("traits.".length)),
    );
    conditions = filters.map((f) => filterCondition(f, now, rfm, sealed?.traits));
  } catch (error) {
    if (error instanceof FilterError) throw new ProfileError("invalid_filter", error.message);
    throw error;
  }
  if (q !== undefined && sealed !== undefined) {
    // Every word must match: one probe of the search index's primary key per word, which the
    // planner can make for each row of a walk of the sort index or as a join.
    for (const token of new Set(sealed.searchTokens(q)))
      conditions.push(sql`exists (select 1 from profile_search s
        where s.workspace_id = p.workspace_id and s.token = ${token} and s.person_id = p.id)`);
  } else if (q !== undefined) {
    const like = `%${q.replace(/[\\%_]/g, "\\$&")}%`;
    conditions.push(sql`(p.traits ->> 'firstName' ilike ${like} or p.traits ->> 'lastName' ilike ${like}
      or p.traits ->> 'name' ilike ${like} or p.traits ->> 'email' ilike ${like})`);
  }
  if (query.cursor !== undefined) conditions.push(cursorCondition(query.cursor, column, descending));
  const where = conditions.length === 0 ? sql`` : sql`and ${sql.join(conditions, sql` and `)}`;
  const direction = descending ? sql`desc` : sql`asc`;
  const page = sql<ProfileRow>`
    select id, first_seen, last_seen, order_count, revenue, last_order_at, birth_date::text as birth_date, traits, computed, contact
    from profiles p
    where p.workspace_id = ${workspaceId} ${where}
    order by ${sql.ref(`p.${column}`)} ${direction}, p.id ${direction}
    limit ${limit + 1}`;
  const { rows } = await db.transaction().execute(async (trx) => {
    // A page walks the sort index until enough rows match. Where it does walk, a filter that
    // matches few makes the planner cost the walk as if it read the whole table, and PostgreSQL
    // then compiles the filter (JIT) and starts parallel workers: 64–290 ms of set-up for a walk of
    // 11 ms at 250,000 profiles. And it often does not walk: it cannot see that a trait filter
    // opens each row's TOASTed document, nor how many rows match (it guesses 0.5 %), so it reads
    // the whole table and sorts (125 ms against 8 ms for the walk at 50,000 profiles). A page is
    // an interactive read; it is planned as one. Not when it reads the search index: the planner
    // cannot tell how many profiles a blind token matches, and told not to sort, contact search
    // walked a whole index (10–34 s at 1,000,000 instead of 0.1–0.3 s). A sort column without an
    // index still sorts.
    await sql`select set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true),
      set_config('enable_sort', ${readsSearchIndex ? "on" : "off"}, true)`.execute(trx);
    return page.execute(trx);
  });
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  const nextCursor =
    rows.length > limit && last !== undefined
      ? Buffer.from(JSON.stringify([sortValue(last, column), last.id])).toString("base64url")
      : null;
  return { rows: shown, nextCursor };
}

function sortValue(row: ProfileRow, column: string): string | number {
  const value = (row as unknown as Record<string, unknown>)[column];
  return value instanceof Date ? value.toISOString() : (value as number);
}

function cursorCondition(cursor: string, column: string, descending: boolean) {
  let value: unknown;
  let id: unknown;
  try {
    [value, id] = JSON.parse(Buffer.from(cursor, "base64url").toString()) as [unknown, unknown];
  } catch {
    throw new ProfileError("invalid_cursor", "cursor is not one this API returned");
  }
  const isTime = column === "last_seen" || column === "first_seen";
  const valid =
    typeof id === "string" &&
    /^[0-9a-f-]{36}$/.test(id) &&
    (isTime ? typeof value === "string" && !Number.isNaN(Date.parse(value)) : typeof value === "number");
  if (!valid) throw new ProfileError("invalid_cursor", "cursor is not one this API returned");
  const bound = isTime ? sql`${value}::timestamptz` : sql`${value}::double precision`;
  const tuple = sql`(${sql.ref(`p.${column}`)}, p.id)`;
  return descending ? sql`${tuple} < (${bound}, ${id}::uuid)` : sql`${tuple} > (${bound}, ${id}::uuid)`;
}
