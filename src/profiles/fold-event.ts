/** The slice of a stored event the profile fold reads, from a fresh commit or from the event log. */
export interface FoldEvent {
  /** Event log id: breaks ties between events with the same timestamp. */
  readonly id: number;
  /** Milliseconds since the epoch (the clock-skew-corrected event time). */
  readonly ts: number;
  readonly type: string;
  readonly event: string | null;
  readonly sourceId: string;
  readonly messageId: string;
  readonly properties: Record<string, unknown>;
  readonly traits: Record<string, unknown>;
  readonly context: Record<string, unknown>;
  readonly extra: Record<string, unknown>;
}

/** A stored event as the projector needs it: the fold's slice plus what identity resolution reads. */
export interface ProjectedEvent extends FoldEvent {
  readonly workspaceId: string;
  readonly identityKey: string;
  readonly userId: string | null;
  readonly anonymousId: string | null;
}

/** A (time, id) stamp; later stamps win for "latest" values, earlier ones for "first" values. */
export type Stamp = readonly [ts: number, id: number];

/** Whether stamp `a` is later than `b` (only the first two elements of `b` are read). */
export function isLater(a: Stamp, b: readonly [number, number, ...unknown[]] | undefined): boolean {
  return b === undefined || a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}
