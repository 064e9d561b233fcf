import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readEnvelopeFast } from "./fast-envelope.js";
import { segmentMessageSchema } from "./segment-message.js";

// Values a client might send for each envelope field, valid and not.
const id = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.boolean(),
  fc.constant(undefined),
);
const time = fc.oneof(
  fc
    .date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.integer({ min: 0, max: 4_000_000_000_000 }),
  fc.constantFrom("yesterday", "", "2026-13-45", null, undefined),
  // Readable by JavaScript but outside what the database holds (see storable-time.ts).
  fc.constantFrom(
    "0000-01-01T00:00:00Z",
    "+275760-09-13T00:00:00Z",
    "-000001-01-01T00:00:00Z",
    1e308,
    -8.64e15,
  ),
  fc.constantFrom("0099-12-31T00:00:00Z", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"),
);
const record = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 3 }),
  fc.constantFrom(null, "x", 1, undefined),
  fc.array(fc.integer()),
);
const text = fc.oneof(fc.string({ maxLength: 210 }), fc.constantFrom(null, undefined, 7, ""));
const message = fc.record(
  {
    type: fc.constantFrom("track", "identify", "page", "screen", "group", "alias", "other", undefined),
    messageId: id,
    userId: id,
    anonymousId: id,
    timestamp: time,
    originalTimestamp: time,
    sentAt: time,
    context: record,
    integrations: record,
    properties: record,
    traits: record,
    channel: text,
    event: text,
    name: text,
    category: text,
    groupId: id,
    previousId: id,
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

describe("readEnvelopeFast", () => {
  it("accepts only what the zod schema accepts, and returns the same value", () => {
    fc.assert(
      fc.property(message, (input) => {
        const fast = readEnvelopeFast(input as Record<string, unknown>);
        if (fast === undefined) return; // zod decides; nothing to compare
        const parsed = segmentMessageSchema.safeParse(input);
        expect(parsed.success).toBe(true);
        expect(fast).toEqual(parsed.data);
      }),
      { numRuns: 5_000 },
    );
  });

  it("takes the common messages of real clients", () => {
    const now = new Date().toISOString();
    for (const input of [
      {
        type: "track",
        userId: "u",
        event: "Order Completed",
        properties: {},
        timestamp: now,
        messageId: "m",
        context: {},
      },
      { type: "identify", anonymousId: "a", traits: { email: "a@example.de" }, sentAt: now },
      { type: "page", userId: 42, name: "Home", properties: { url: "x" } },
      { type: "alias", userId: "u", previousId: "a" },
    ]) {
      expect(readEnvelopeFast(input)).toEqual(segmentMessageSchema.parse(input));
    }
  });
});
