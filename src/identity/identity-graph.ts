/**
 * Identity resolution over the part of the graph one commit touches. Each event is anchored by
 * its filing key (its strongest identifier); its other identifiers link to the anchor's person,
 * or merge that identifier's person into it, as far as the rules allow. What the rules refuse is
 * recorded as a conflict instead. Pure: the store loads the slice and writes back the changes.
 */
import { randomUUID } from "node:crypto";
import type { Identifier } from "./identifiers.js";
import { type IdentityRules, rankOf } from "./rules.js";

/** The persons owning the identifiers of a batch, each with all of its identifiers. */
export interface GraphSlice {
  /** person id → (key → kind) */
  readonly persons: Map<string, Map<string, string>>;
  /** Unordered pairs an unmerge separated, as `a|b` with a < b. */
  readonly blocks: Set<string>;
}

export interface ResolvedEvent {
  readonly eventId: string | null;
  readonly messageId: string | null;
  readonly sourceId: string;
  readonly type: string;
  readonly at: string;
  readonly identifiers: readonly Identifier[];
  readonly previousId?: string | undefined;
}

export interface MergeRecord {
  winner: string;
  loser: string;
  loserKeys: string[];
  reason: string;
  rule: string;
  eventId: string | null;
  messageId: string | null;
  at: string;
}

export interface ConflictRecord {
  personId: string;
  otherPersonId: string;
  keys: string[];
  rule: string;
  eventId: string | null;
  messageId: string | null;
  at: string;
}

export interface NewIdentifier {
  key: string;
  kind: string;
  value: string;
  firstSeen: string;
  sourceId: string;
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export class IdentityGraph {
  private readonly owner = new Map<string, string>();
  private readonly initialOwner = new Map<string, string>();
  readonly created = new Set<string>();
  /** Persons that existed before this batch and were merged away. */
  readonly removed = new Set<string>();
  readonly merges: MergeRecord[] = [];
  readonly conflicts: ConflictRecord[] = [];
  readonly added = new Map<string, NewIdentifier>();
  private readonly rank: (kind: string) => number;

  constructor(
    private readonly rules: IdentityRules,
    private readonly slice: GraphSlice,
  ) {
    for (const [person, keys] of slice.persons) {
      for (const key of keys.keys()) {
        this.owner.set(key, person);
        this.initialOwner.set(key, person);
      }
    }
    this.rank = rankOf(rules);
  }

  ownerOf(key: string): string | undefined {
    return this.owner.get(key);
  }

  /** Places the event's identifiers; returns the person the event belongs to. */
  resolve(event: ResolvedEvent): string {
    const identifiers = [...event.identifiers];
    if (event.previousId !== undefined) {
      const asUser = `user:${event.previousId}`;
      const key = this.owner.has(asUser) ? asUser : `anon:${event.previousId}`;
      if (!identifiers.some((id) => id.key === key))
        identifiers.push({
          kind: key.slice(0, 4) === "user" ? "user" : "anon",
          value: event.previousId,
          key,
        });
    }
    const [primary, ...others] = identifiers as [Identifier, ...Identifier[]];
    let anchor = this.owner.get(primary.key);
    if (anchor === undefined) {
      const strongest = this.strongestOwned(others);
      const refusal =
        strongest && this.attachRefusal(this.owner.get(strongest.key)!, primary, [strongest.kind]);
      if (strongest !== undefined && refusal === undefined) {
        anchor = this.owner.get(strongest.key)!;
      } else {
        anchor = randomUUID();
        this.created.add(anchor);
        this.slice.persons.set(anchor, new Map());
        if (strongest !== undefined && refusal !== undefined)
          this.conflict(anchor, this.owner.get(strongest.key)!, [primary.key, strongest.key], refusal, event);
      }
      this.attach(anchor, primary, event);
    }
    others.sort((a, b) => this.rank(a.kind) - this.rank(b.kind));
    for (const id of others) {
      const current = this.owner.get(id.key);
      if (current === anchor) continue;
      if (current === undefined) {
        const refusal = this.attachRefusal(anchor, id, [primary.kind]);
        if (refusal === undefined) this.attach(anchor, id, event);
        else this.conflict(anchor, anchor, [id.key], refusal, event);
        continue;
      }
      const refusal = this.mergeRefusal(anchor, current, primary.kind, id.kind);
      if (refusal !== undefined) {
        this.conflict(anchor, current, [primary.key, id.key], refusal, event);
        continue;
      }
      anchor = this.merge(anchor, current, `shared ${id.kind}`, event);
    }
    return anchor;
  }

  /** Keys whose person changed from what was loaded (not counting new keys). */
  movedKeys(): Array<{ key: string; personId: string }> {
    const moved: Array<{ key: string; personId: string }> = [];
    for (const [key, before] of this.initialOwner) {
      const now = this.owner.get(key)!;
      if (now !== before) moved.push({ key, personId: now });
    }
    return moved;
  }

  private strongestOwned(ids: readonly Identifier[]): Identifier | undefined {
    let best: Identifier | undefined;
    for (const id of ids) {
      if (!this.owner.has(id.key)) continue;
      if (best === undefined || this.rank(id.kind) < this.rank(best.kind)) best = id;
    }
    return best;
  }

  private kindsOf(person: string): Map<string, string> {
    return this.slice.persons.get(person)!;
  }

  private count(person: string, kind: string): number {
    let n = 0;
    for (const k of this.kindsOf(person).values()) if (k === kind) n++;
    return n;
  }

  private isIdentified(person: string): boolean {
    for (const k of this.kindsOf(person).values()) if (this.rules.identifiedKinds.includes(k)) return true;
    return false;
  }

  private attachRefusal(person: string, id: Identifier, via: readonly string[]): string | undefined {
    const limit = this.rules.limits[id.kind];
    if (limit !== undefined && this.count(person, id.kind) >= limit) return `limit:${id.kind}`;
    if (
      this.rules.identifiedKinds.includes(id.kind) &&
      this.isIdentified(person) &&
      via.some((kind) => this.rules.guardedKinds.includes(kind))
    )
      return "identified_guard";
    return undefined;
  }

  private mergeRefusal(a: string, b: string, viaA: string, viaB: string): string | undefined {
    if (this.slice.blocks.has(pairKey(a, b))) return "unmerged";
    const guarded = this.rules.guardedKinds;
    if (this.isIdentified(a) && this.isIdentified(b) && (guarded.includes(viaA) || guarded.includes(viaB)))
      return "identified_guard";
    const counts = new Map<string, number>();
    for (const person of [a, b])
      for (const kind of this.kindsOf(person).values()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    for (const [kind, n] of counts) {
      const limit = this.rules.limits[kind];
      if (limit !== undefined && n > limit) return `limit:${kind}`;
    }
    return undefined;
  }

  private attach(person: string, id: Identifier, event: ResolvedEvent): void {
    this.owner.set(id.key, person);
    this.kindsOf(person).set(id.key, id.kind);
    if (!this.initialOwner.has(id.key) && !this.added.has(id.key))
      this.added.set(id.key, {
        key: id.key,
        kind: id.kind,
        value: id.value,
        firstSeen: event.at,
        sourceId: event.sourceId,
      });
  }

  /** Merges the weaker of the two into the stronger; returns the survivor. */
  private merge(a: string, b: string, rule: string, event: ResolvedEvent): string {
    const [winner, loser] = this.strength(b) < this.strength(a) ? [b, a] : [a, b];
    const loserKeys = this.kindsOf(loser);
    const winnerKeys = this.kindsOf(winner);
    for (const [key, kind] of loserKeys) {
      this.owner.set(key, winner);
      winnerKeys.set(key, kind);
    }
    this.merges.push({
      winner,
      loser,
      loserKeys: [...loserKeys.keys()],
      reason: event.type,
      rule,
      eventId: event.eventId,
      messageId: event.messageId,
      at: event.at,
    });
    this.slice.persons.delete(loser);
    if (this.created.has(loser)) this.created.delete(loser);
    else this.removed.add(loser);
    for (const pair of [...this.slice.blocks]) {
      const [x, y] = pair.split("|") as [string, string];
      if (x !== loser && y !== loser) continue;
      this.slice.blocks.delete(pair);
      const other = x === loser ? y : x;
      if (other !== winner) this.slice.blocks.add(pairKey(winner, other));
    }
    return winner;
  }

  /** Rank of the person's strongest identifier (lower is stronger). */
  private strength(person: string): number {
    let best = Number.POSITIVE_INFINITY;
    for (const kind of this.kindsOf(person).values()) best = Math.min(best, this.rank(kind));
    return best;
  }

  private conflict(
    personId: string,
    otherPersonId: string,
    keys: string[],
    rule: string,
    event: ResolvedEvent,
  ): void {
    this.conflicts.push({
      personId,
      otherPersonId,
      keys,
      rule,
      eventId: event.eventId,
      messageId: event.messageId,
      at: event.at,
    });
  }
}
