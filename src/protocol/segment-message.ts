/**
 * The wire format of the Segment HTTP Tracking API (identify, track, page, screen, group, alias and
 * batch), as zod schemas. Field names and semantics follow Segment's spec so that its client
 * libraries, and RudderStack's, work unchanged.
 */
import { z } from "zod";
import { isStorableTime, STORABLE_TIME_RANGE, timeMs } from "./storable-time.js";

/** Segment accepts numeric ids and stores them as strings; so do we. */
const id = z.union([z.string(), z.number().finite()]).transform((v) => String(v));

const isoTime = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = timeMs(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: "custom", message: `not a valid ISO-8601 time: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  if (!isStorableTime(ms)) {
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(value)} is not a time ${STORABLE_TIME_RANGE}`,
    });
    return z.NEVER;
  }
  return new Date(ms);
});

/**
 * A JSON object. Checked by hand rather than with z.record: the deep checks happen once in
 * json-safety.ts, and walking every property again here cost more than the rest of parsing.
 */
const record = z.custom<Record<string, unknown>>(
  (value) => value !== null && typeof value === "object" && !Array.isArray(value),
  { message: "expected an object" },
);

const common = {
  messageId: id.optional(),
  userId: id.nullish(),
  anonymousId: id.nullish(),
  timestamp: isoTime.optional(),
  originalTimestamp: isoTime.optional(),
  sentAt: isoTime.optional(),
  context: record.optional(),
  integrations: record.optional(),
  channel: z.string().optional(),
};

export const identifySchema = z.object({ type: z.literal("identify"), traits: record.optional(), ...common });
export const trackSchema = z.object({
  type: z.literal("track"),
  event: z.string().min(1, "event name must not be empty").max(200),
  properties: record.optional(),
  ...common,
});
export const pageSchema = z.object({
  type: z.literal("page"),
  name: z.string().nullish(),
  category: z.string().nullish(),
  properties: record.optional(),
  ...common,
});
export const screenSchema = z.object({
  type: z.literal("screen"),
  name: z.string().nullish(),
  properties: record.optional(),
  ...common,
});
export const groupSchema = z.object({
  type: z.literal("group"),
  groupId: id,
  traits: record.optional(),
  ...common,
});
export const aliasSchema = z.object({ type: z.literal("alias"), previousId: id, ...common });

export const segmentMessageSchema = z.discriminatedUnion("type", [
  identifySchema,
  trackSchema,
  pageSchema,
  screenSchema,
  groupSchema,
  aliasSchema,
]);

export type SegmentMessage = z.infer<typeof segmentMessageSchema>;
export type MessageType = SegmentMessage["type"];
export const MESSAGE_TYPES: readonly MessageType[] = [
  "identify",
  "track",
  "page",
  "screen",
  "group",
  "alias",
];

export function isMessageType(value: unknown): value is MessageType {
  return typeof value === "string" && (MESSAGE_TYPES as readonly string[]).includes(value);
}
