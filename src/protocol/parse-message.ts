/**
 * Turns one decoded JSON value into a checked Segment message, or a per-message issue that names
 * the problem. This is the only place that decides whether a message is well-formed; limits on
 * size live at the edge that knows the raw bytes.
 */
import type { z } from "zod";
import { DOMAIN_EVENT_SCHEMAS, isDomainEventName } from "./domain-events.js";
import { FAST_DOMAIN_EVENTS } from "./fast-domain-events.js";
import { readEnvelopeFast } from "./fast-envelope.js";
import { findJsonSafetyIssue, type JsonSafetyIssue } from "./json-safety.js";
import { isMessageType, type SegmentMessage, segmentMessageSchema } from "./segment-message.js";

export type MessageIssue =
  | JsonSafetyIssue
  | { code: "not_an_object"; path: string; message: string }
  | { code: "unknown_type"; path: string; message: string }
  | { code: "no_user_anon_id"; path: string; message: string }
  | { code: "invalid_field"; path: string; message: string }
  | { code: "invalid_event_properties"; path: string; message: string }
  | { code: "message_too_large"; path: string; message: string };

export type ParsedMessage = { ok: true; message: SegmentMessage } | { ok: false; issue: MessageIssue };

/** Validates a message; typed domain events (e.g. `Order Completed`) also get their properties checked. */
export function parseMessage(raw: unknown, defaultType?: SegmentMessage["type"]): ParsedMessage {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return fail("not_an_object", "", "a message must be a JSON object");
  }
  const safety = findJsonSafetyIssue(raw);
  if (safety) return { ok: false, issue: safety };

  const input = raw as Record<string, unknown>;
  const type = input.type ?? defaultType;
  if (!isMessageType(type)) {
    return fail(
      "unknown_type",
      "type",
      `type must be one of identify, track, page, screen, group, alias (got ${JSON.stringify(type)})`,
    );
  }
  const candidate = input.type === undefined ? { ...input, type } : input;
  let message = readEnvelopeFast(candidate);
  if (!message) {
    const parsed = segmentMessageSchema.safeParse(candidate);
    if (!parsed.success) return fail("invalid_field", pathOf(parsed.error), describe(parsed.error));
    message = parsed.data;
  }
  if (!message.userId && !message.anonymousId) {
    return fail("no_user_anon_id", "userId", "either userId or anonymousId is required");
  }
  if (message.type === "track" && isDomainEventName(message.event)) {
    const properties = message.properties ?? {};
    const fast = FAST_DOMAIN_EVENTS[message.event]?.(properties);
    if (fast !== undefined) {
      message.properties = fast;
      return { ok: true, message };
    }
    const typed = DOMAIN_EVENT_SCHEMAS[message.event].safeParse(properties);
    if (!typed.success) {
      return fail(
        "invalid_event_properties",
        `properties.${pathOf(typed.error)}`,
        `"${message.event}": ${describe(typed.error)}`,
      );
    }
    message.properties = typed.data as Record<string, unknown>;
  }
  return { ok: true, message };
}

function fail(code: MessageIssue["code"], path: string, message: string): ParsedMessage {
  return { ok: false, issue: { code, path, message } as MessageIssue };
}

function pathOf(error: z.ZodError): string {
  return error.issues[0]?.path.map(String).join(".") ?? "";
}

function describe(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return "invalid";
  const where = first.path.length > 0 ? `${first.path.map(String).join(".")}: ` : "";
  return `${where}${first.message}`;
}
