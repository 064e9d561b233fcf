/** Reads and writes of segment rows, members, changes and sizes. */
import { type Kysely, type Selectable, sql } from "kysely";
import type { Database } from "../storage/index.js";
import type { SegmentDefinition } from "./definition-schema.js";
import { SegmentError } from "./segment-error.js";

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  definition: SegmentDefinition;
  text: string;
  size: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  evaluatedAt: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Row = Selectable<Database["segments"]>;

function toSegment(row: Row): Segment {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    definition: row.definition as unknown as SegmentDefinition,
    text: row.text,
    size: Number(row.size),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    evaluatedAt: row.evaluated_at === null ? null : new Date(row.evaluated_at).toISOString(),
  };
}

export async function listSegments(db: Kysely<Database>, workspaceId: string): Promise<Segment[]> {
  const rows = await db
    .selectFrom("segments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("name")
    .execute();
  return rows.map(toSegment);
}

/** A segment by id or name; 404 when there is none. */
export async function findSegment(
  db: Kysely<Database>,
  workspaceId: string,
  reference: string,
): Promise<Segment> {
  const row = await db
    .selectFrom("segments")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where((eb) =>
      UUID.test(reference)
        ? eb.or([eb("id", "=", reference.toLowerCase()), eb("name", "=", reference)])
        : eb("name", "=", reference),
    )
    .executeTakeFirst();
  if (row === undefined)
    throw new SegmentError("segment_not_found", `no segment ${JSON.stringify(reference)}`);
  return toSegment(row);
}

export async function insertSegment(
  db: Kysely<Database>,
  workspaceId: string,
  segment: Pick<Segment, "id" | "name" | "description" | "definition" | "text" | "createdBy">,
): Promise<void> {
  const now = new Date().toISOString();
  const { rows } = await sql<{ id: string }>`
    insert into segments (workspace_id, id, name, description, definition, text, created_by, created_at, updated_at)
    values (${workspaceId}, ${segment.id}, ${segment.name}, ${segment.description}, ${JSON.stringify(segment.definition)}::jsonb,
            ${segment.text}, ${segment.createdBy}, ${now}, ${now})
    on conflict (workspace_id, name) do nothing
    returning id`.execute(db);
  if (rows.length === 0)
    throw new SegmentError("segment_exists", `a segment named ${JSON.stringify(segment.name)} exists`);
}

export async function updateSegment(
  db: Kysely<Database>,
  workspaceId: string,
  id: string,
  change: Pick<Segment, "description" | "definition" | "text">,
): Promise<void> {
  await db
    .updateTable("segments")
    .set({
      description: change.description,
      definition: JSON.stringify(change.definition),
      text: change.text,
      updated_at: new Date().toISOString(),
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .execute();
}

export async function deleteSegment(db: Kysely<Database>, workspaceId: string, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of ["segment_members", "segment_changes", "segment_sizes"] as const)
      await trx
        .deleteFrom(table)
        .where("workspace_id", "=", workspaceId)
        .where("segment_id", "=", id)
        .execute();
    await trx.deleteFrom("segments").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
  });
}

export async function membersOf(
  db: Kysely<Database>,
  workspaceId: string,
  segmentId: string,
  page: { after?: string | undefined; limit: number },
): Promise<{ data: { personId: string; since: string }[]; nextCursor: string | null }> {
  let query = db
    .selectFrom("segment_members")
    .select(["person_id", "since"])
    .where("workspace_id", "=", workspaceId)
    .where("segment_id", "=", segmentId);
  if (page.after !== undefined) {
    if (!UUID.test(page.after))
      throw new SegmentError("invalid_segment", "cursor is not one this API gave out");
    query = query.where("person_id", ">", page.after.toLowerCase());
  }
  const rows = await query.orderBy("person_id").limit(page.limit).execute();
  return {
    data: rows.map((r) => ({ personId: r.person_id, since: new Date(r.since).toISOString() })),
    nextCursor: rows.length === page.limit ? rows.at(-1)!.person_id : null,
  };
}

export async function sizesOf(db: Kysely<Database>, workspaceId: string, segmentId: string) {
  const rows = await db
    .selectFrom("segment_sizes")
    .select(["at", "size"])
    .where("workspace_id", "=", workspaceId)
    .where("segment_id", "=", segmentId)
    .orderBy("at")
    .execute();
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), size: r.size }));
}

export async function changesOf(
  db: Kysely<Database>,
  workspaceId: string,
  segmentId: string,
  page: { after: number; limit: number },
) {
  const rows = await db
    .selectFrom("segment_changes")
    .select(["seq", "person_id", "change", "cause", "at"])
    .where("workspace_id", "=", workspaceId)
    .where("segment_id", "=", segmentId)
    .where("seq", ">", String(page.after))
    .orderBy("seq")
    .limit(page.limit)
    .execute();
  const data = rows.map((r) => ({
    seq: Number(r.seq),
    personId: r.person_id,
    change: r.change,
    cause: r.cause,
    at: new Date(r.at).toISOString(),
  }));
  return { data, nextAfter: data.length === page.limit ? data.at(-1)!.seq : null };
}
