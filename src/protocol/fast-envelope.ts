/**
 * A fast path for the common case: reads a Segment message whose envelope is plainly valid
 * without going through zod, which cost more per event than everything else on the ingest path
 * (7.5 µs of 25, measured in BENCHMARKS.md). It accepts only what `segmentMessageSchema`
 * accepts and returns the same value; anything unusual returns `undefined` and zod decides, so
 * zod stays the one source of truth for error messages. A property test keeps the two in step.
 */
import type { SegmentMessage } from "./segment-message.js";
import { isStorableTime, timeMs } from "./storable-time.js";

const TIME_FIELDS = ["timestamp", "originalTimestamp", "sentAt"] as const;
const RECORD_FIELDS = ["context", "integrations", "properties", "traits"] as const;
const KNOWN = new Set<string>([
  "type",
  "messageId",
  "userId",
  "anonymousId",
  "timestamp",
  "originalTimestamp",
  "sentAt",
  "context",
  "integrations",
  "channel",
  "event",
  "properties",
  "traits",
  "name",
  "category",
  "groupId",
  "previousId",
]);

export function readEnvelopeFast(input: Record<string, unknown>): SegmentMessage | undefined {
  const type = input.type;
  const out: Record<string, unknown> = { type };
  for (const key in input) {
    if (!KNOWN.has(key)) continue; // zod strips unknown keys too
    const value = input[key];
    if (value === undefined) continue;
    out[key] = value;
  }
  for (const key of ["messageId", "userId", "anonymousId"] as const) {
    const value = input[key];
    if (value === undefined || (key !== "messageId" && value === null)) continue;
    if (typeof value === "string") continue;
    if (typeof value === "number" && Number.isFinite(value)) out[key] = String(value);
    else return undefined;
  }
  for (const key of TIME_FIELDS) {
    const value = input[key];
    if (value === undefined) continue;
    const ms = timeMs(value);
    if (!isStorableTime(ms)) return undefined;
    out[key] = new Date(ms);
  }
  for (const key of RECORD_FIELDS) {
    const value = input[key];
    if (value !== undefined && (value === null || typeof value !== "object" || Array.isArray(value)))
      return undefined;
  }
  if (input.channel !== undefined && typeof input.channel !== "string") return undefined;
  return shapeFor(type, input, out) ? (out as SegmentMessage) : undefined;
}

function shapeFor(type: unknown, input: Record<string, unknown>, out: Record<string, unknown>): boolean {
  switch (type) {
    case "track":
      delete out.traits;
      delete out.name;
      delete out.category;
      delete out.groupId;
      delete out.previousId;
      return typeof input.event === "string" && input.event.length >= 1 && input.event.length <= 200;
    case "identify":
      return keepOnly(out, ["traits"]);
    case "page":
      return (
        keepOnly(out, ["properties", "name", "category"]) &&
        nullishString(input.name) &&
        nullishString(input.category)
      );
    case "screen":
      return keepOnly(out, ["properties", "name"]) && nullishString(input.name);
    case "group":
      return keepOnly(out, ["traits", "groupId"]) && idValue(input.groupId, out, "groupId");
    case "alias":
      return keepOnly(out, ["previousId"]) && idValue(input.previousId, out, "previousId");
    default:
      return false;
  }
}

const TYPE_SPECIFIC = ["event", "properties", "traits", "name", "category", "groupId", "previousId"];

function keepOnly(out: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const key of TYPE_SPECIFIC) if (!allowed.includes(key)) delete out[key];
  return true;
}

function nullishString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === "string";
}

function idValue(value: unknown, out: Record<string, unknown>, key: string): boolean {
  if (typeof value === "string") return true;
  if (typeof value === "number" && Number.isFinite(value)) {
    out[key] = String(value);
    return true;
  }
  return false;
}
