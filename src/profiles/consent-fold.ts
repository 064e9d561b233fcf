/**
 * Consent, objection and restriction as part of the profile fold. Like the rest of the fold it
 * keeps only latest-by-stamp values, so the outcome does not depend on the order events arrive
 * in, and a merge or unmerge recomputes it from the event log with everything else. The profile
 * shows the derived view; the privacy context decides from it (`may`).
 */
import { type ConsentSignal, consentSignalsOf, PURPOSES, type Purpose } from "../protocol/index.js";
import { type FoldEvent, isLater } from "./fold-event.js";

/** [ts, eventId, sourceId] */
type Mark = [number, number, string];

interface PurposeMarks {
  /** Latest grant. */
  g?: Mark;
  /** Latest denial or withdrawal, and which of the two. */
  r?: [number, number, string, "denied" | "withdrawn"];
  /** Latest double opt-in confirmation. */
  c?: Mark;
}

export interface ConsentState {
  p: Partial<Record<Purpose, PurposeMarks>>;
  /** Objections by scope: [ts, eventId, active]. */
  o: Record<string, [number, number, boolean]>;
  /** Restriction of processing: [ts, eventId, active]. */
  x?: [number, number, boolean];
}

/** Purposes whose consent counts only once confirmed by double opt-in. */
const DOUBLE_OPT_IN: ReadonlySet<Purpose> = new Set(["marketing.email"]);

export type PurposeStatus = "granted" | "pending_confirmation" | "denied" | "withdrawn" | "unknown";

export interface PurposeConsent {
  status: Exclude<PurposeStatus, "unknown">;
  at: string;
  source: string;
}

export interface ConsentView {
  /** Purposes the person has said something about; the others are `unknown`. */
  purposes: Partial<Record<Purpose, PurposeConsent>>;
  /** Active objections: purposes, or `direct_marketing` for all of it (Art. 21(2)). */
  objections: string[];
  /** Processing restricted (Art. 18). */
  restricted: boolean;
}

export function emptyConsentState(): ConsentState {
  return { p: {}, o: {} };
}

/** Folds the event's consent signals into `holder.consent`, created on the first one. */
export function applyConsent(holder: { consent?: ConsentState }, event: FoldEvent): void {
  const signals = consentSignalsOf(event);
  if (signals.length === 0) return;
  holder.consent ??= emptyConsentState();
  for (const signal of signals) applySignal(holder.consent, signal, event);
}

function applySignal(state: ConsentState, signal: ConsentSignal, event: FoldEvent): void {
  const stamp = [event.ts, event.id] as const;
  switch (signal.kind) {
    case "consent": {
      const marks = state.p[signal.purpose] ?? {};
      state.p[signal.purpose] = marks;
      const mark: Mark = [event.ts, event.id, event.sourceId];
      if (signal.status === "granted") {
        if (isLater(stamp, marks.g)) marks.g = mark;
        if (signal.confirmed && isLater(stamp, marks.c)) marks.c = mark;
      } else if (isLater(stamp, marks.r)) marks.r = [event.ts, event.id, event.sourceId, signal.status];
      return;
    }
    case "objection":
      if (isLater(stamp, state.o[signal.scope])) state.o[signal.scope] = [event.ts, event.id, signal.active];
      return;
    case "restriction":
      if (isLater(stamp, state.x)) state.x = [event.ts, event.id, signal.active];
      return;
  }
}

export function consentView(state: ConsentState | undefined): ConsentView {
  const purposes: ConsentView["purposes"] = {};
  for (const purpose of PURPOSES) {
    const marks = state?.p[purpose];
    if (marks !== undefined) purposes[purpose] = purposeStatus(purpose, marks);
  }
  return {
    purposes,
    objections: Object.entries(state?.o ?? {})
      .filter(([, [, , active]]) => active)
      .map(([scope]) => scope)
      .sort(),
    restricted: state?.x?.[2] === true,
  };
}

function purposeStatus(purpose: Purpose, { g, r, c }: PurposeMarks): PurposeConsent {
  if (r !== undefined && (g === undefined || isLater([r[0], r[1]], g)))
    return { status: r[3], at: iso(r[0]), source: r[2] };
  // Marks exist only once a grant or a revocation was seen, so with no revocation there is a grant.
  const grant = g!;
  // A confirmation counts only if no denial or withdrawal came after it.
  const confirmed = c !== undefined && (r === undefined || isLater([c[0], c[1]], r));
  if (DOUBLE_OPT_IN.has(purpose) && !confirmed)
    return { status: "pending_confirmation", at: iso(grant[0]), source: grant[2] };
  return { status: "granted", at: iso(grant[0]), source: grant[2] };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
