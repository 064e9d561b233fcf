/**
 * messageIds for imported events: a message's own messageId is kept; one without gets
 * `import-event-<24 hex of sha256(canonical JSON of the message)>`, so key order and whitespace
 * do not matter and re-importing the same file repeats the id. Two identical events without ids
 * (same user, time and properties) are therefore one event.
 */
import { canonicalJson, sha256Hex } from "./stable-ids.js";

/** Returns `message` unchanged when it has a usable messageId, else a copy with a derived one. */
export function withMessageId(message: Record<string, unknown>): Record<string, unknown> {
  const id = message.messageId;
  if ((typeof id === "string" && id.trim() !== "") || (typeof id === "number" && Number.isFinite(id)))
    return message;
  const rest = { ...message };
  delete rest.messageId;
  return { ...rest, messageId: `import-event-${sha256Hex(canonicalJson(rest), 24)}` };
}
