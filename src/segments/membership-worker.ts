/**
 * Keeps memberships current, one job at a time per process in the order asked for: full
 * evaluations (after a definition change, on a schedule) and the re-evaluation of the persons each
 * ingest commit touched, batched while the previous job runs. Segments are evaluated after the
 * segments they use; a segment made only of event conditions is skipped for a commit without its
 * events.
 */
import { type Kysely, sql } from "kysely";
import type { LegalBasis } from "../privacy/decide.js";
import type { Purpose } from "../protocol/index.js";
import type { Database } from "../storage/index.js";
import type { SegmentDefinition } from "./definition-schema.js";
import { applyMembership, type ChangeCause, type MembershipChange } from "./membership.js";
import { listSegments, type Segment } from "./segment-store.js";
import { segmentsUsedBy } from "./targeting-use.js";

export interface WorkerDeps {
  readonly db: Kysely<Database>;
  readonly now: () => number;
  readonly basisOf?: ((purpose: Purpose) => LegalBasis) | undefined;
  readonly onChange?:
    | ((workspaceId: string, segment: Segment, change: MembershipChange, cause: ChangeCause) => void)
    | undefined;
}

export function createMembershipWorker(deps: WorkerDeps) {
  const { db, now } = deps;
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
    enqueue,
    apply,
    withDependants,
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
    settled: (): Promise<void> => enqueue(async () => {}),
  };
}

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
