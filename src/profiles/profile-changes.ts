/**
 * What an ingest commit changed about each person, at the granularity segment definitions read:
 * a top-level trait (`trait.city`), a top-level computed trait (`computed.orderCount`,
 * `computed.consent`), an identifier kind (`identifier.email`) and the name of each track event
 * folded in (`event.Order Completed`). A new person, or one rebuilt from the log after a merge,
 * changed in every respect. Real-time membership re-evaluates a segment only for the persons
 * whose changes it reads, instead of every segment for everyone a commit touched.
 *
 * The projector keeps only {@link CommitSnapshots} while it holds the projection lock; comparing
 * them is left to {@link changesOf}, which the membership worker calls after the commit.
 */
import { sameJson } from "../protocol/index.js";

/** The facets that changed, or `"all"` for a new or rebuilt person. */
export type ChangedFacets = ReadonlySet<string> | "all";

/** Person id → what changed about them. */
export type ProfileChanges = ReadonlyMap<string, ChangedFacets>;

/** The parts of a profile row segments read. */
export interface ProfileView {
  readonly traits: Readonly<Record<string, unknown>>;
  readonly computed: Readonly<Record<string, unknown>>;
}

/**
 * One commit's profiles before and after the fold, per person. The views are derived afresh
 * (profile-store.ts `profileView`); the only parts they share with the fold state are trait values,
 * which a later event replaces and never changes in place, so folding events into the state after
 * the "before" view was taken leaves that view as it was.
 */
export interface CommitSnapshots {
  readonly before: ReadonlyMap<string, ProfileView>;
  readonly after: ReadonlyMap<string, ProfileView>;
  /** The track events folded in, by name, per person. */
  readonly events: ReadonlyMap<string, ReadonlySet<string>>;
  /** The kinds of identifier the commit added, per person. */
  readonly identifiers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Persons recomputed from the log (a merge): changed in every respect. */
  readonly rebuilt: ReadonlySet<string>;
}

/** What changed about each person in one commit; a person without a "before" view is new. */
export function changesOf(snapshots: CommitSnapshots): ProfileChanges {
  const changes = new Map<string, ChangedFacets>();
  for (const person of snapshots.rebuilt) changes.set(person, "all");
  for (const [person, view] of snapshots.after) {
    if (snapshots.rebuilt.has(person)) continue;
    const was = snapshots.before.get(person);
    if (was === undefined) {
      changes.set(person, "all");
      continue;
    }
    const facets = changedFacets(was, view);
    for (const event of snapshots.events.get(person) ?? []) facets.add(`event.${event}`);
    changes.set(person, facets);
  }
  for (const [person, kinds] of snapshots.identifiers)
    for (const kind of kinds) addFacet(changes, person, `identifier.${kind}`);
  return changes;
}

/** The facets whose value differs between the two views, including those on one side only. */
export function changedFacets(before: ProfileView, after: ProfileView): Set<string> {
  const changed = new Set<string>();
  compareFields("trait.", before.traits, after.traits, changed);
  compareFields("computed.", before.computed, after.computed, changed);
  return changed;
}

function compareFields(
  prefix: string,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
  changed: Set<string>,
): void {
  for (const key in after) if (!sameJson(before[key], after[key])) changed.add(prefix + key);
  for (const key in before) if (!(key in after) && before[key] !== undefined) changed.add(prefix + key);
}

/** Adds `facet` to the person's changes (a no-op for a person who changed in every respect). */
export function addFacet(changes: Map<string, ChangedFacets>, person: string, facet: string): void {
  const known = changes.get(person);
  if (known === "all") return;
  if (known === undefined) changes.set(person, new Set([facet]));
  else (known as Set<string>).add(facet);
}

/** Both commits' changes, person by person (`into` is changed). */
export function mergeChanges(into: Map<string, ChangedFacets>, more: ProfileChanges): void {
  for (const [person, facets] of more) {
    if (facets === "all") into.set(person, "all");
    else for (const facet of facets) addFacet(into, person, facet);
  }
}
