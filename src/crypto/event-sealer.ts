/**
 * Which parts of a stored event are personal data, and sealing them with the subject's key: the
 * traits as a whole, the context's personal parts (address, user agent, device, location, page,
 * identifiers) and the event properties that hold contact data, identifiers, free text or a
 * position. What stays in clear is what the system queries and aggregates: event names, time,
 * product ids, categories, prices, search terms, consent signals, and the pseudonymous
 * user/anonymous ids that key the identity graph (contact identifiers are keyed by blind index).
 * A sealed value is `{"$sealed": "v1.<keyId>.<nonce‖ciphertext‖tag>"}`; its AAD names the
 * workspace, identifier, source, message and field, so it opens only where it was written.
 */
import { decrypt, encrypt } from "./field-cipher.js";
import type { SubjectKey } from "./subject-keys.js";

export const SEALED_CONTEXT_FIELDS: readonly string[] = [
  "ip",
  "traits",
  "userAgent",
  "location",
  "device",
  "externalIds",
  "page",
];
export const SEALED_PROPERTIES: ReadonlySet<string> = new Set([
  "email",
  "phone",
  "address",
  "first_name",
  "last_name",
  "description",
  "body",
  "title",
  "comment",
  "message",
  "text",
  "note",
  "responses",
  "answer",
  "serial_number",
  "latitude",
  "longitude",
  "loyalty_card_id",
  "card_id",
]);

export interface SealableEvent {
  workspace_id: string;
  source_id: string;
  message_id: string;
  identity_key: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  traits: Record<string, unknown>;
}

type Parts = Pick<SealableEvent, "properties" | "context" | "traits">;

/** A copy of the event's personal parts, sealed with `key`; the event itself is not changed. */
export function sealEvent(event: SealableEvent, key: SubjectKey): Parts {
  const seal = (field: string, value: unknown) => sealValue(key, aadOf(event, field), value);
  let properties = event.properties;
  for (const name of Object.keys(properties)) {
    if (!SEALED_PROPERTIES.has(name) || properties[name] === undefined || properties[name] === null) continue;
    if (properties === event.properties) properties = { ...properties };
    properties[name] = seal(`properties.${name}`, properties[name]);
  }
  let context = event.context;
  for (const name of SEALED_CONTEXT_FIELDS) {
    if (context[name] === undefined || context[name] === null) continue;
    if (context === event.context) context = { ...context };
    context[name] = seal(`context.${name}`, context[name]);
  }
  const traits = Object.keys(event.traits).length === 0 ? event.traits : seal("traits", event.traits);
  return { properties, context, traits: traits as Record<string, unknown> };
}

/**
 * The event's personal parts opened with `key`. A part that does not open (its key destroyed by
 * erasure, or tampered with) comes back as `null`, and `unreadable` says so.
 */
export function openEvent(
  event: SealableEvent,
  key: SubjectKey | undefined,
): Parts & { unreadable: boolean } {
  let unreadable = false;
  const open = (field: string, value: unknown) => {
    if (!isSealed(value)) return value;
    const opened = key === undefined ? undefined : openValue(key, aadOf(event, field), value.$sealed);
    if (opened === undefined) unreadable = true;
    return opened === undefined ? null : opened;
  };
  const properties = openFields(event.properties, "properties", open);
  const context = openFields(event.context, "context", open);
  const traits = isSealed(event.traits)
    ? ((open("traits", event.traits) ?? {}) as Record<string, unknown>)
    : event.traits;
  return { properties, context, traits, unreadable };
}

export function isSealed(value: unknown): value is { $sealed: string } {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as Record<string, unknown>).$sealed === "string" &&
    Object.keys(value).length === 1
  );
}

function openFields(
  fields: Record<string, unknown>,
  prefix: string,
  open: (field: string, value: unknown) => unknown,
): Record<string, unknown> {
  let result = fields;
  for (const [name, value] of Object.entries(fields)) {
    if (!isSealed(value)) continue;
    if (result === fields) result = { ...fields };
    result[name] = open(`${prefix}.${name}`, value);
  }
  return result;
}

function aadOf(event: SealableEvent, field: string): string {
  return `kp/field/v1|${event.workspace_id}|${event.identity_key}|${event.source_id}|${event.message_id}|${field}`;
}

export function sealValue(key: SubjectKey, aad: string, value: unknown): { $sealed: string } {
  const sealed = encrypt(key.key, Buffer.from(JSON.stringify(value)), aad);
  return { $sealed: `v1.${key.id}.${sealed.toString("base64url")}` };
}

/** The value, or `undefined` when it was sealed with another key or does not authenticate. */
export function openValue(key: SubjectKey, aad: string, sealed: string): unknown {
  const [version, keyId, body] = sealed.split(".");
  if (version !== "v1" || keyId !== key.id || body === undefined) return undefined;
  try {
    return JSON.parse(decrypt(key.key, Buffer.from(body, "base64url"), aad).toString("utf8"));
  } catch {
    return undefined;
  }
}
