/**
 * Keeps memberships current, one job at a time per process in the order asked for: full
 * evaluations (after a definition change, on a schedule) and the re-evaluation of the persons each
 * ingest commit changed, batched while the previous job runs. Segments are evaluated after the
 * segments they use. After a commit a segment is re-evaluated only for the persons whose changes
 * it reads (segment-reads.ts): a page view re-checks "bought twice in 90 days" for nobody, a new
 * order re-checks it for the buyer alone.
 */
import { type Kysely, sql } from "kysely";
import type { LegalBasis } from "../privacy/decide.js";
import { type ChangedFacets, mergeChanges, type ProfileChanges } from "../profiles/index.js";
import type { Purpose } from "../protocol/index.js";
import type { Database } from "../storage/index.js";
import {
  applyMemberships,
  type ChangeCause,
  type MembershipChange,
  type MembershipScope,
} from "./membership.js";
import { segmentReads } from "./segment-reads.js";
import { listSegments, type Segment } from "./segment-store.js";
import { segmentsUsedBy } from "./targeting-use.js";

export interface WorkerDeps {
  readonly db: Kysely<Database>;
  /** Where the re-checks after a commit run (lookups of a few persons; default `db`). */
  readonly lookups?: Kysely<Database> | undefined;
  readonly now: () => number;
  readonly basisOf?: ((purpose: Purpose) => LegalBasis) | undefined;
  readonly onChange?:
    | ((workspaceId: string, segment: Segment, change: MembershipChange, cause: ChangeCause) => void)
    | undefined;
}

export function createMembershipWorker(deps: WorkerDeps) {
  const { db, now } = deps;
  let chain: Promise<unknown> = Promise.resolve();
  const pending = new Map<string, Array<() => ProfileChanges>>();
  let flushScheduled = false;

  /** Runs `job` after every job queued before it. */
  function enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = chain.then(job, job);
    chain = run.catch(() => {});
    return run;
  }

  /**
   * Segments in tiers: a segment that uses no other comes in the first, one that uses segments in
   * the tiers before it after them; the tiers one after another are an order in which every
   * segment comes after the segments it uses. A tier's segments do not read one another's members,
   * so after a commit each tier is re-checked in one statement.
   */
  function tiers(segments: readonly Segment[]): Segment[][] {
    const byName = new Map(segments.map((s) => [s.name, s] as const));
    const depth = new Map<string, number>();
    const depthOf = (segment: Segment): number => {
      const known = depth.get(segment.name);
      if (known !== undefined) return known;
      depth.set(segment.name, 0); // a cycle (refused when defined) cannot recurse for ever
      let deepest = -1;
      for (const used of segmentsUsedBy(segment.definition)) {
        const dependency = byName.get(used);
        if (dependency !== undefined) deepest = Math.max(deepest, depthOf(dependency));
      }
      depth.set(segment.name, deepest + 1);
      return deepest + 1;
    };
    const byDepth: Segment[][] = [];
    for (const segment of segments) {
      const tier = depthOf(segment);
      for (let d = byDepth.length; d <= tier; d++) byDepth.push([]);
      byDepth[tier]!.push(segment);
    }
    return byDepth;
  }

  /**
   * Applies the segments in one statement and reports each change. Full evaluations go to the
   * pool; re-checks of a few persons to the lookup connection.
   */
  async function applyTogether(
    workspaceId: string,
    work: ReadonlyArray<{ segment: Segment; scope: MembershipScope }>,
    cause: ChangeCause,
  ): Promise<Map<string, MembershipChange>> {
    const everyone = work.some(({ scope }) => scope === "everyone");
    const applied = await applyMemberships(everyone ? db : (deps.lookups ?? db), workspaceId, work, {
      now: now(),
      cause,
      ...(deps.basisOf === undefined ? {} : { basisOf: deps.basisOf }),
    });
    for (const { segment } of work) deps.onChange?.(workspaceId, segment, applied.get(segment.id)!, cause);
    return applied;
  }

  async function apply(
    workspaceId: string,
    segments: readonly Segment[],
    scope: MembershipScope,
    cause: ChangeCause,
  ): Promise<Map<string, MembershipChange>> {
    const changes = new Map<string, MembershipChange>();
    // A full evaluation reads its windows through the log's time index (migration 0014), which
    // reads every page it has not summarised yet. Autovacuum summarises them where it runs; PGlite
    // and servers without it rely on this (it reads only the pages added since the last time).
    if (scope === "everyone") await sql`select brin_summarize_new_values('events_ts'::regclass)`.execute(db);
    // One statement per segment: a full evaluation of several at once would be one long transaction.
    for (const segment of tiers(segments).flat()) {
      const applied = await applyTogether(workspaceId, [{ segment, scope }], cause);
      changes.set(segment.id, applied.get(segment.id)!);
    }
    // A full evaluation can change a segment's size by orders of magnitude. The per-commit
    // statements find a few persons' memberships by key only while the planner knows that size;
    // with statistics from when the segment was small it scans all its members instead (67 ms
    // against under 1 ms at 156,000 members), and waiting for autovacuum leaves that to chance.
    if (scope === "everyone") await sql`analyze segment_members`.execute(db);
    return changes;
  }

  /**
   * After a commit: each segment for the persons whose changes it reads, or for everyone the
   * commit changed when a segment it uses changed in an earlier tier.
   */
  async function applyChanges(workspaceId: string, segments: readonly Segment[], changes: ProfileChanges) {
    const everyoneChanged = [...changes.keys()];
    const changedSegments = new Set<string>();
    for (const tier of tiers(segments)) {
      const work = tier.flatMap((segment) => {
        const reads = segmentReads(segment.definition);
        const persons = [...reads.segments].some((name) => changedSegments.has(name))
          ? everyoneChanged
          : everyoneChanged.filter((person) => {
              const facets = changes.get(person)!;
              if (facets === "all") return true;
              for (const facet of reads.facets) if (facets.has(facet)) return true;
              return false;
            });
        return persons.length === 0 ? [] : [{ segment, scope: { persons } }];
      });
      if (work.length === 0) continue;
      const applied = await applyTogether(workspaceId, work, "event");
      for (const { segment } of work) {
        const change = applied.get(segment.id)!;
        if (change.entered > 0 || change.exited > 0) changedSegments.add(segment.name);
      }
    }
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
    for (const [workspaceId, commits] of batches) {
      const segments = await listSegments(db, workspaceId);
      if (segments.length === 0) continue;
      const changes = new Map<string, ChangedFacets>();
      for (const changesOfCommit of commits) mergeChanges(changes, changesOfCommit());
      await applyChanges(workspaceId, segments, changes);
    }
  }

  return {
    enqueue,
    apply,
    withDependants,
    /**
     * Re-evaluates, soon and in the background, what one ingest commit changed; `changes` is
     * called then, so that working them out costs the commit nothing.
     */
    touch(workspaceId: string, changes: () => ProfileChanges): void {
      const batch = pending.get(workspaceId) ?? [];
      batch.push(changes);
      pending.set(workspaceId, batch);
      if (flushScheduled) return;
      flushScheduled = true;
      void enqueue(flush);
    },
    settled: (): Promise<void> => enqueue(async () => {}),
  };
}
