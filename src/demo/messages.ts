/**
 * Builders for the raw Segment messages the demo emits. Every message gets a placeholder
 * `messageId` (the simulation numbers them once they are in time order) and an ISO timestamp.
 * Written without object spreads: these run for every one of millions of messages.
 */
import { isoTime } from "./time.js";

/** One raw Segment message as the demo emits it. */
export type DemoMessage = Record<string, unknown> & { type: string; messageId: string };

/** Who sends a message and how: the ids it carries, Segment's `channel`, and the context. */
export interface Sender {
  readonly userId?: string | undefined;
  readonly anonymousId?: string | undefined;
  readonly channel: "browser" | "mobile" | "server";
  /** A fresh `context` object for each message (messages share no mutable parts). */
  readonly context: () => Record<string, unknown>;
}

/** A `track` message. */
export function trackMessage(
  t: number,
  sender: Sender,
  event: string,
  properties: Record<string, unknown>,
): DemoMessage {
  const message = start("track", sender);
  message.event = event;
  message.properties = properties;
  return finish(message, t, sender);
}

/** A `page` message. */
export function pageMessage(
  t: number,
  sender: Sender,
  name: string,
  properties: { path: string; url: string; title: string },
): DemoMessage {
  const message = start("page", sender);
  message.name = name;
  message.properties = properties;
  return finish(message, t, sender);
}

/** An `identify` message. */
export function identifyMessage(t: number, sender: Sender, traits: Record<string, unknown>): DemoMessage {
  const message = start("identify", sender);
  message.traits = traits;
  return finish(message, t, sender);
}

function start(type: string, sender: Sender): DemoMessage {
  const message: DemoMessage = { type, messageId: "" };
  if (sender.userId !== undefined) message.userId = sender.userId;
  if (sender.anonymousId !== undefined) message.anonymousId = sender.anonymousId;
  return message;
}

function finish(message: DemoMessage, t: number, sender: Sender): DemoMessage {
  message.timestamp = isoTime(t);
  message.channel = sender.channel;
  message.context = sender.context();
  return message;
}
