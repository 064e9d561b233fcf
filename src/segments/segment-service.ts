/**
 * The segment service: define, change and remove segments (each checked by the sensitive-inference
 * guard and evaluated at once), preview a definition, page through members, sizes over time and
 * the enter/exit log, and keep memberships current — for the persons each ingest commit touched,
 * within moments of the event, and for everyone on a schedule (windows slide with time).
 * Membership work runs one job at a time per process, in the order it was asked for.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { AuditLog } from "../audit/index.js";
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
import type { SegmentDefinition } from "./definition-schema.js";
import { applyMembership, type ChangeCause, type MembershipChange } from "./membership.js";
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

export function createSegments(deps: SegmentsDeps) {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  let chain: Promise<unknown> = Promise.resolve();
  const pending = new Map<string, { keys: Set<string>; events: Set<string> }>();
  let flushScheduled = false;

  /** Runs `job` after every job queued before it. */
  function enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = chain.then(job, job);
    chain = run.catch(() => {});
    return run;
  }

  /** Segments in an order where every segment comes after the segments it uses. */
  function ordered(segments: readonly Segment[]): Segment[] {
    const byName = new Map(segments.map((s) => [s.name, s] as const));
    const out: Segment[] = [];
    const done = new Set<string>();
    const visit = (segment: Segment) => {
      if (done.has(segment.name)) return;
      done.add(segment.name);
      for (const used of segmentsUsedBy(segment.definition)) {
        const dependency = byName.get(used);
        if (dependency !== undefined) visit(dependency);
      }
      out.push(segment);
    };
    segments.forEach(visit);
    return out;
  }

  async function apply(
    workspaceId: string,
    segments: readonly Segment[],
    scope: { persons: readonly string[] } | "everyone",
    cause: ChangeCause,
    /** After an ingest commit: the track events it stored, so untouched event-only segments are skipped. */
    touchedEvents?: ReadonlySet<string>,
  ): Promise<Map<string, MembershipChange>> {
    const changes = new Map<string, MembershipChange>();
    const changed = new Set<string>();
    for (const segment of ordered(segments)) {
      if (touchedEvents !== undefined && !mayChange(segment.definition, touchedEvents, changed)) continue;
      const change = await applyMembership(db, workspaceId, segment, scope, {
        now: now(),
        cause,
        ...(deps.basisOf === undefined ? {} : { basisOf: deps.basisOf }),
      });
      changes.set(segment.id, change);
      if (change.entered > 0 || change.exited > 0) changed.add(segment.name);
      deps.onChange?.(workspaceId, segment, change, cause);
    }
    return changes;
  }

  /** The segment and every segment that uses it, directly or through others. */
  function withDependants(all: readonly Segment[], name: string): Segment[] {
    const affected = new Set([name]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const s of all)
        if (!affected.has(s.name) && segmentsUsedBy(s.definition).some((used) => affected.has(used))) {
          affected.add(s.name);
          grew = true;
        }
    }
    return all.filter((s) => affected.has(s.name));
  }

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

  async function flush(): Promise<void> {
    flushScheduled = false;
    const batches = [...pending];
    pending.clear();
    for (const [workspaceId, { keys, events }] of batches) {
      const segments = await listSegments(db, workspaceId);
      if (segments.length === 0) continue;
      const { rows } = await sql<{ person_id: string }>`
        select distinct person_id from identities
        where workspace_id = ${workspaceId} and key = any(${[...keys]}::text[])`.execute(db);
      await apply(workspaceId, segments, { persons: rows.map((r) => r.person_id) }, "event", events);
    }
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
        details: { name: current.name },
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
        details: { name: segment.name },
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
    touch(workspaceId: string, stored: Iterable<{ identityKey: string; event: string | null }>): void {
      const batch = pending.get(workspaceId) ?? { keys: new Set<string>(), events: new Set<string>() };
      for (const { identityKey, event } of stored) {
        batch.keys.add(identityKey);
        if (event !== null) batch.events.add(event);
      }
      if (batch.keys.size === 0) return;
      pending.set(workspaceId, batch);
      if (flushScheduled) return;
      flushScheduled = true;
      void enqueue(flush);
    },

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
    settled: (): Promise<void> => enqueue(async () => {}),
  };
}

export type Segments = ReturnType<typeof createSegments>;

/**
 * Whether new events can change who is in a segment. A definition made only of event and sequence
 * conditions (and other segments) changes only through events of the names it counts or through
 * the segments it uses; traits, computed traits, identifiers and consent may change with any event.
 * (A merge that brings such events to a person is caught by the next full refresh.)
 */
function mayChange(
  node: SegmentDefinition,
  events: ReadonlySet<string>,
  changed: ReadonlySet<string>,
): boolean {
  switch (node.kind) {
    case "and":
    case "or":
      return node.children.some((child) => mayChange(child, events, changed));
    case "not":
      return mayChange(node.child, events, changed);
    case "event":
      return events.has(node.event);
    case "sequence":
      return events.has(node.first.event) || events.has(node.followedBy.event);
    case "segment":
      return changed.has(node.name);
    default:
      return true;
  }
}
