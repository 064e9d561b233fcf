/**
 * What the declared retention periods mean for stored events. An event is kept as long as the
 * longest-kept of its own fields: a track event's declared properties, a page or screen view's
 * web-behaviour fields, an identify call's traits and identifiers. Within a kept event, a context
 * or property field with a shorter period (an IP address after 30 days, a position after 90) is
 * removed when that period ends. Consent, objection and restriction records are kept as long as
 * the person is: they are what proves and enforces the person's choices.
 */
import { CONSENT_EVENTS } from "../protocol/index.js";
import { durationDays } from "./iso-duration.js";
import { DEFAULT_DECLARATION, type FieldDeclaration, type SchemaRegistry } from "./source-declaration.js";

/** Which events a rule covers: one source, or every source without its own declaration. */
export type SourceScope = { source: string } | { otherThan: string[] };

export interface EventRetention {
  scope: SourceScope;
  type: string;
  /** The track event's name; `null` for the other message types and undeclared track events. */
  event: string | null;
  /** For undeclared track events (`event` null): the names that have rules of their own. */
  except?: string[];
  days: number;
  /** The declared duration it comes from, e.g. `P1Y`. */
  retention: string;
}

export interface FieldRetention {
  scope: SourceScope;
  type: string;
  event: string | null;
  column: "context" | "properties";
  /** The top-level key removed (`ip`, `location`, `latitude`). */
  key: string;
  days: number;
  retention: string;
}

export interface RetentionPlan {
  events: EventRetention[];
  fields: FieldRetention[];
}

const EXEMPT_EVENTS: ReadonlySet<string> = new Set(Object.values(CONSENT_EVENTS));

export function retentionPlan(registry: SchemaRegistry): RetentionPlan {
  const plan: RetentionPlan = { events: [], fields: [] };
  const own = [...registry.declarations.keys()].filter((s) => s !== DEFAULT_DECLARATION);
  for (const [source, declaration] of registry.declarations) {
    const scope: SourceScope = source === DEFAULT_DECLARATION ? { otherThan: own } : { source };
    const fields = declaration.fields;
    const kinds: Array<{ type: string; event: string | null; own: FieldDeclaration[] }> = [
      {
        type: "identify",
        event: null,
        own: fields.filter((f) => f.event === null && f.path.startsWith("traits.")),
      },
      {
        type: "group",
        event: null,
        own: fields.filter((f) => f.event === null && f.path.startsWith("traits.")),
      },
      { type: "page", event: null, own: webFields(fields) },
      { type: "screen", event: null, own: webFields(fields) },
      // A track event nobody declared is web behaviour: the shortest-lived kind.
      { type: "track", event: null, own: webFields(fields) },
      ...declaration.events
        .filter((e) => !EXEMPT_EVENTS.has(e.name))
        .map((e) => ({ type: "track", event: e.name, own: fields.filter((f) => f.event === e.name) })),
    ];
    for (const kind of kinds) {
      const longest = longestOf(kind.own);
      if (longest === undefined) continue;
      const except =
        kind.type === "track" && kind.event === null
          ? [...declaration.events.map((e) => e.name), ...EXEMPT_EVENTS]
          : undefined;
      plan.events.push({
        scope,
        type: kind.type,
        event: kind.event,
        ...(except === undefined ? {} : { except }),
        ...longest,
      });
      for (const column of ["context", "properties"] as const) {
        const candidates = fields.filter(
          (f) =>
            f.path.startsWith(`${column}.`) &&
            (f.event === null || f.event === kind.event) &&
            (column === "context" || kind.type !== "identify"),
        );
        for (const [key, group] of groupByTopKey(candidates, column)) {
          const field = longestOf(group)!;
          if (field.days < longest.days)
            plan.fields.push({ scope, type: kind.type, event: kind.event, column, key, ...field });
        }
      }
    }
  }
  return plan;
}

function webFields(fields: readonly FieldDeclaration[]): FieldDeclaration[] {
  return fields.filter((f) => f.event === null && f.category === "behaviour.web");
}

function longestOf(fields: readonly FieldDeclaration[]): { days: number; retention: string } | undefined {
  let best: { days: number; retention: string } | undefined;
  for (const f of fields) {
    const days = durationDays(f.retention);
    if (Number.isFinite(days) && (best === undefined || days > best.days))
      best = { days, retention: f.retention };
  }
  return best;
}

function groupByTopKey(fields: readonly FieldDeclaration[], column: string): Map<string, FieldDeclaration[]> {
  const groups = new Map<string, FieldDeclaration[]>();
  for (const f of fields) {
    const key = f.path.slice(column.length + 1).split(/[.[]/)[0]!;
    if (key === "" || key === "*" || key === "consent" || key === "gpc") continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [f]);
    else group.push(f);
  }
  return groups;
}
