/**
 * CSV columns of an events file: top-level Segment fields (type, event, userId, anonymousId,
 * messageId, timestamp, name, category, groupId, previousId, channel; matched ignoring case and
 * punctuation) and dotted paths under properties, traits, context or integrations
 * (`properties.order_id`, `context.location.country`) that become nested objects. Dotted values
 * are typed where unambiguous: `true`/`false`, plain decimal numbers without leading zeros (so
 * postcodes like `01067` stay text), and cells holding a JSON array or object.
 */
import { normaliseHeader } from "./columns.js";
import { ImportError } from "./import-error.js";
import { parseNumber } from "./parse-values.js";

const TOP_LEVEL: Readonly<Record<string, string>> = {
  type: "type",
  event: "event",
  userid: "userId",
  anonymousid: "anonymousId",
  messageid: "messageId",
  timestamp: "timestamp",
  name: "name",
  category: "category",
  groupid: "groupId",
  previousid: "previousId",
  channel: "channel",
};
const ROOTS = /^\s*(properties|traits|context|integrations)\.(.+)$/i;
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

export interface EventColumn {
  readonly index: number;
  readonly path: readonly string[];
  /** Dotted columns are typed; top-level ones stay text. */
  readonly typed: boolean;
}

/** Plans where each header cell goes; throws on unknown, unsafe or overlapping columns. */
export function planEventColumns(header: readonly string[]): EventColumn[] {
  const plan: EventColumn[] = [];
  const unknown: string[] = [];
  header.forEach((name, index) => {
    const dotted = ROOTS.exec(name);
    const top = TOP_LEVEL[normaliseHeader(name)];
    if (dotted) plan.push({ index, path: dottedPath(name, dotted), typed: true });
    else if (top !== undefined) plan.push({ index, path: [top], typed: false });
    else if (name.trim() !== "") unknown.push(JSON.stringify(name));
  });
  if (unknown.length > 0) {
    const hint =
      "use type, event, userId, anonymousId, timestamp, … or properties.* / traits.* / context.* columns";
    throw new ImportError("unknown_columns", `unknown event column(s) ${unknown.join(", ")}: ${hint}`);
  }
  checkOverlaps(plan);
  return plan;
}

/** Builds the message of one record. A row with an event but no type is a track. */
export function eventMessage(
  cells: readonly string[],
  plan: readonly EventColumn[],
  decimalComma: boolean,
): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  for (const column of plan) {
    const raw = cells[column.index]?.trim() ?? "";
    if (raw === "") continue;
    setPath(message, column.path, column.typed ? typedValue(raw, decimalComma) : raw);
  }
  if (typeof message.type === "string") message.type = message.type.toLowerCase();
  else if (message.event !== undefined) return { type: "track", ...message };
  return message;
}

function dottedPath(name: string, match: RegExpExecArray): string[] {
  const path = [match[1]!.toLowerCase(), ...match[2]!.split(".").map((part) => part.trim())];
  if (path.some((part) => part === "" || FORBIDDEN.has(part))) {
    throw new ImportError("invalid_header", `column ${JSON.stringify(name)} is not a valid property path`);
  }
  return path;
}

function checkOverlaps(plan: readonly EventColumn[]): void {
  const keys = plan.map((column) => column.path.join("\u0000"));
  keys.forEach((key, i) => {
    const clash = keys.find((other, j) => j !== i && (other === key || other.startsWith(`${key}\u0000`)));
    if (clash !== undefined) {
      const [a, b] = [key, clash].map((k) => JSON.stringify(k.replaceAll("\u0000", ".")));
      throw new ImportError("invalid_header", `columns ${a} and ${b} write to the same place`);
    }
  });
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function typedValue(raw: string, decimalComma: boolean): unknown {
  if (raw === "true" || raw === "false") return raw === "true";
  if (/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(raw)) return Number(raw);
  if (decimalComma && /^-?(0|[1-9]\d{0,14}),\d+$/.test(raw)) return parseNumber(raw, true);
  if (raw.startsWith("[") || raw.startsWith("{")) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}
