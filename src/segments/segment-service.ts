/**
 * The segment service: define, change and remove segments (each checked by the sensitive-inference
 * guard and evaluated at once), preview a definition, page through members, sizes over time and
 * the enter/exit log, and keep memberships current — for the persons each ingest commit touched,
 * within moments of the event, and for everyone on a schedule (windows slide with time).
 * Membership work itself runs in membership-worker.ts.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { type AuditLog, looksLikeContactData } from "../audit/index.js";
import type { LegalBasis } from "../privacy/decide.js";
import type { SensitivityGuard } from "../privacy/index.js";
import type { RfmCutoffs } from "../profiles/index.js";
import type { Purpose } from "../protocol/index.js";
import type { Database } from "../storage/index.js";
import {
  type AudienceRequest,
  DEFAULT_MIN_AUDIENCE,
  exportAudience,
  type Summaries,
} from "./audience-export.js";
import { compileSegment } from "./compile-sql.js";
import type { ChangeCause, MembershipChange } from "./membership.js";
import { createMembershipWorker } from "./membership-worker.js";
import { readyMadeSegments, type SegmentTemplate } from "./ready-made.js";
import { SegmentError } from "./segment-error.js";
import { checkName, checkReferences, parseDefinition, type SegmentInput } from "./segment-input.js";
import {
  changesOf,
  deleteSegment,
  findSegment,
  insertSegment,
  listSegments,
  membersOf,
  type Segment,
  sizesOf,
  updateSegment,
} from "./segment-store.js";
import { referencesOf, segmentsUsedBy } from "./targeting-use.js";

export interface SegmentsDeps {
  readonly db: Kysely<Database>;
  /**
   * Where memberships are re-checked after each ingest commit: a connection planned for key
   * lookups (`OpenDatabase.lookups`); default `db`.
   */
  readonly lookups?: Kysely<Database>;
  readonly audit: AuditLog;
  readonly sensitivity: SensitivityGuard;
  readonly basisOf?: (purpose: Purpose) => LegalBasis;
  /** Smallest audience that may be exported (k); default 10. */
  readonly minAudience?: number;
  /** The evaluation time of windows (default the wall clock; benchmarks on old demo data pin it). */
  readonly now?: () => number;
  /** The current RFM quintile cut-offs, for the ready-made RFM tiers. */
  readonly rfmCutoffs?: (workspaceId: string) => Promise<RfmCutoffs>;
  /** Called after each membership job with what changed (tests and benchmarks listen). */
  readonly onChange?: (
    workspaceId: string,
    segment: Segment,
    change: MembershipChange,
    cause: ChangeCause,
  ) => void;
}

/**
 * The segment's name for its audit entry. Names are checked on define, but one stored before
 * that check may look like contact data; the entry then names the segment by its id alone, so
 * that such a segment can still be changed and deleted.
 */
function nameDetail(name: string): { name?: string } {
  return looksLikeContactData(name) ? {} : { name };
}

export function createSegments(deps: SegmentsDeps) {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const worker = createMembershipWorker({ ...deps, now });
  const { enqueue, apply, withDependants } = worker;
  async function checked(workspaceId: string, name: string, input: SegmentInput, actor: string) {
    const parsed = parseDefinition(input);
    const others = await listSegments(db, workspaceId);
    const uses = new Map(
      others.filter((s) => s.name !== name).map((s) => [s.name, segmentsUsedBy(s.definition)]),
    );
    checkReferences(name, parsed.definition, (n) => uses.get(n));
    await deps.sensitivity.check(
      workspaceId,
      { kind: "segment", name, ...referencesOf(parsed.definition) },
      actor,
    );
    return parsed;
  }

  return {
    async define(workspaceId: string, input: SegmentInput, actor: string) {
      const name = checkName(input.name);
      const parsed = await checked(workspaceId, name, input, actor);
      const id = randomUUID();
      await insertSegment(db, workspaceId, {
        id,
        name,
        description: input.description ?? null,
        ...parsed,
        createdBy: actor,
      });
      await deps.audit.record(workspaceId, {
        actor,
        action: "segment.define",
        subject: `segment:${id}`,
        details: { name },
      });
      const segment = await findSegment(db, workspaceId, id);
      await enqueue(() => apply(workspaceId, [segment], "everyone", "definition"));
      return findSegment(db, workspaceId, id);
    },

    async update(workspaceId: string, reference: string, input: Omit<SegmentInput, "name">, actor: string) {
      const current = await findSegment(db, workspaceId, reference);
      const parsed = await checked(workspaceId, current.name, { ...input, name: current.name }, actor);
      await updateSegment(db, workspaceId, current.id, {
        description: input.description === undefined ? current.description : input.description,
        ...parsed,
      });
      await deps.audit.record(workspaceId, {
        actor,
        action: "segment.update",
        subject: `segment:${current.id}`,
        details: nameDetail(current.name),
      });
      await enqueue(async () =>
        apply(
          workspaceId,
          withDependants(await listSegments(db, workspaceId), current.name),
          "everyone",
          "definition",
        ),
      );
      return findSegment(db, workspaceId, current.id);
    },

    async remove(workspaceId: string, reference: string, actor: string): Promise<void> {
      const segment = await findSegment(db, workspaceId, reference);
      const users = (await listSegments(db, workspaceId)).filter((s) =>
        segmentsUsedBy(s.definition).includes(segment.name),
      );
      if (users.length > 0)
        throw new SegmentError(
          "segment_in_use",
          `segment ${JSON.stringify(segment.name)} is used by ${users.map((s) => JSON.stringify(s.name)).join(", ")}`,
        );
      await enqueue(() => deleteSegment(db, workspaceId, segment.id));
      await deps.audit.record(workspaceId, {
        actor,
        action: "segment.delete",
        subject: `segment:${segment.id}`,
        details: nameDetail(segment.name),
      });
    },

    get: (workspaceId: string, reference: string) => findSegment(db, workspaceId, reference),
    list: (workspaceId: string) => listSegments(db, workspaceId),

    /** How many would be in the segment now, and the first few of them; stores nothing. */
    async preview(workspaceId: string, input: Omit<SegmentInput, "name">, actor: string, sample = 10) {
      const parsed = await checked(workspaceId, "preview", { ...input, name: "preview" }, actor);
      const condition = compileSegment(parsed.definition, {
        workspaceId,
        now: now(),
        form: "set",
        ...(deps.basisOf === undefined ? {} : { basisOf: deps.basisOf }),
      });
      const count = await sql<{ n: string }>`
        select count(*) as n from profiles p where p.workspace_id = ${workspaceId} and ${condition}`.execute(
        db,
      );
      const ids = await sql<{ id: string }>`
        select p.id from profiles p where p.workspace_id = ${workspaceId} and ${condition}
        order by p.id limit ${sample}`.execute(db);
      return { ...parsed, count: Number(count.rows[0]?.n ?? 0), sample: ids.rows.map((r) => r.id) };
    },

    async members(
      workspaceId: string,
      reference: string,
      page: { after?: string | undefined; limit: number },
    ) {
      const segment = await findSegment(db, workspaceId, reference);
      return { segment: segment.id, ...(await membersOf(db, workspaceId, segment.id, page)) };
    },

    async sizes(workspaceId: string, reference: string) {
      const segment = await findSegment(db, workspaceId, reference);
      return { segment: segment.id, size: segment.size, sizes: await sizesOf(db, workspaceId, segment.id) };
    },

    async changes(workspaceId: string, reference: string, page: { after: number; limit: number }) {
      const segment = await findSegment(db, workspaceId, reference);
      return { segment: segment.id, ...(await changesOf(db, workspaceId, segment.id, page)) };
    },

    /** Evaluates the segment (or every segment) for everyone now. */
    async recompute(workspaceId: string, reference?: string) {
      const all = await listSegments(db, workspaceId);
      const chosen =
        reference === undefined
          ? all
          : withDependants(all, (await findSegment(db, workspaceId, reference)).name);
      const changes = await enqueue(() => apply(workspaceId, chosen, "everyone", "recompute"));
      return chosen.map((s) => ({ segment: s.id, name: s.name, ...changes.get(s.id)! }));
    },

    /**
     * Re-evaluates, soon and in the background, the persons filed under the identifier keys of
     * these stored events (`event`: the track event's name, null for other calls).
     */
    touch: worker.touch,

    /** Exports the members whose consent covers the purpose, to CSV or a webhook (audited). */
    exportAudience: (
      workspaceId: string,
      reference: string,
      request: AudienceRequest,
      actor: string,
      summaries: Summaries,
    ) =>
      exportAudience(
        { db, audit: deps.audit, minSize: deps.minAudience ?? DEFAULT_MIN_AUDIENCE },
        workspaceId,
        reference,
        request,
        actor,
        summaries,
      ),

    /** Ready-made definitions: RFM tiers on today's cut-offs, and value tiers from CLV. */
    async templates(workspaceId: string): Promise<SegmentTemplate[]> {
      const empty = { recency: [], frequency: [], monetary: [] };
      return readyMadeSegments(deps.rfmCutoffs === undefined ? empty : await deps.rfmCutoffs(workspaceId));
    },

    /** Resolves when every membership job asked for so far has run. */
    settled: worker.settled,
  };
}

export type Segments = ReturnType<typeof createSegments>;
