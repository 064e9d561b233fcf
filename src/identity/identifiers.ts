/**
 * Identifiers: what in a message says who it is about, normalised so that one person's
 * "Anna@Example.de " and "anna@example.de" are the same key. Contact kinds (e-mail, phone, card)
 * are keyed by the blind index; user ids, anonymous ids and device ids are pseudonyms and are
 * keyed by their value. An event refers to its person through its strongest key (`filingKey`).
 */
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";
import type { BlindIndex } from "./blind-index.js";
import { type IdentityRules, rankOf } from "./rules.js";

export interface Identifier {
  readonly kind: string;
  /** The normalised value (e-mail lower-cased, phone in E.164, card digits only). */
  readonly value: string;
  /** The lookup key: `user:42`, `anon:…`, or `email#<hmac>` for contact kinds. */
  readonly key: string;
}

const BLIND_KINDS = new Set(["email", "phone", "card"]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Normalises identifiers and checks them against the blocked values. */
export class IdentifierCodec {
  private readonly blocked: Set<string>;
  private readonly patterns: RegExp[];
  readonly rank: (kind: string) => number;
  /** Recent blind-index keys: a customer's card or e-mail recurs in message after message. */
  private readonly recent = new Map<string, string>();

  constructor(
    readonly rules: IdentityRules,
    private readonly blind: BlindIndex,
  ) {
    this.blocked = new Set(rules.blockedValues.map((v) => v.trim().toLowerCase()));
    this.patterns = rules.blockedPatterns.map((p) => new RegExp(p, "i"));
    this.rank = rankOf(rules);
  }

  isBlocked(value: string): boolean {
    const v = value.trim().toLowerCase();
    return this.blocked.has(v) || this.patterns.some((p) => p.test(v));
  }

  /** The identifier, or `undefined` when the value is blocked or not a valid value of its kind. */
  make(kind: string, raw: unknown): Identifier | undefined {
    if (typeof raw !== "string" && typeof raw !== "number") return undefined;
    const value = this.normalise(kind, String(raw));
    if (value === undefined || this.isBlocked(value)) return undefined;
    return { kind, value, key: this.keyOf(kind, value) };
  }

  keyOf(kind: string, normalised: string): string {
    if (!BLIND_KINDS.has(kind)) return `${kind}:${normalised}`;
    const plain = `${kind}:${normalised}`;
    let key = this.recent.get(plain);
    if (key === undefined) {
      key = this.blind(kind, normalised);
      if (this.recent.size >= 20_000) this.recent.clear();
      this.recent.set(plain, key);
    }
    return key;
  }

  normalise(kind: string, raw: string): string | undefined {
    const text = raw.trim();
    switch (kind) {
      case "email": {
        const email = text.toLowerCase();
        return EMAIL.test(email) ? email : undefined;
      }
      case "phone": {
        const phone = parsePhoneNumberFromString(text, this.rules.defaultPhoneRegion as CountryCode);
        return phone?.isValid() ? phone.number : undefined;
      }
      case "card": {
        const card = text.replace(/[\s-]/g, "");
        return /^[0-9A-Za-z]{4,40}$/.test(card) ? card.toUpperCase() : undefined;
      }
      default:
        return text === "" || text.length > 500 ? undefined : text;
    }
  }

  /**
   * Parses `email:anna@example.de`, `user:42`, `card:1234…`, `anon:…`, `phone:+49…`,
   * `device:…` or `ext:<type>:<value>` as the API and CLI accept them.
   */
  parseReference(reference: string): Identifier | undefined {
    const colon = reference.indexOf(":");
    if (colon <= 0) return undefined;
    let kind = reference.slice(0, colon);
    let raw = reference.slice(colon + 1);
    if (kind === "ext") {
      const next = raw.indexOf(":");
      if (next <= 0) return undefined;
      const type = raw.slice(0, next);
      raw = raw.slice(next + 1);
      kind = this.rules.externalIdKinds[type] ?? `ext:${type}`;
    }
    if (!/^[a-z][a-z0-9_]*(:[a-z0-9_]+)?$/.test(kind)) return undefined;
    return this.make(kind, raw);
  }
}

/** The slice of a stored event that identity resolution reads. */
export interface IdentifiedMessage {
  readonly type: string;
  readonly user_id: string | null;
  readonly anonymous_id: string | null;
  readonly traits: Record<string, unknown>;
  readonly properties: Record<string, unknown>;
  readonly context: Record<string, unknown>;
  readonly extra: Record<string, unknown>;
}

/**
 * The key an event is filed under: its strongest identifier by the rules' priority (so a till
 * receipt carrying a loyalty card belongs to the card holder, not to the till); a message whose
 * identifiers are all blocked stands alone under its own message key.
 */
export function filingKey(
  codec: IdentifierCodec,
  identifiers: readonly Identifier[],
  messageKey: string,
): string {
  let best: Identifier | undefined;
  for (const id of identifiers)
    if (best === undefined || codec.rank(id.kind) < codec.rank(best.kind)) best = id;
  return best?.key ?? `message:${messageKey}`;
}

const EMAIL_TRAITS = ["email"];
const PHONE_TRAITS = ["phone", "mobile"];
const CARD_TRAITS = ["loyalty_card_id", "loyaltyCardId", "card_id", "cardId", "loyaltyCard"];

/**
 * Every identifier a message carries. An alias's `previousId` is returned separately: whether it
 * is a user id or an anonymous id is for the graph to say.
 */
export function identifiersOf(
  codec: IdentifierCodec,
  message: IdentifiedMessage,
): { identifiers: Identifier[]; previousId?: string } {
  const found = new Map<string, Identifier>();
  const add = (id: Identifier | undefined) => {
    if (id !== undefined && !found.has(id.key)) found.set(id.key, id);
  };
  if (message.user_id !== null) add(codec.make("user", message.user_id));
  if (message.anonymous_id !== null) add(codec.make("anon", message.anonymous_id));
  const contextTraits = asRecord(message.context.traits);
  for (const traits of [message.traits, contextTraits]) {
    if (traits === undefined) continue;
    for (const name of EMAIL_TRAITS) add(codec.make("email", traits[name]));
    for (const name of PHONE_TRAITS) add(codec.make("phone", traits[name]));
    for (const name of CARD_TRAITS) add(codec.make("card", traits[name]));
  }
  if (message.type === "track") {
    add(codec.make("card", message.properties.loyalty_card_id));
    add(codec.make("card", message.properties.card_id));
  }
  const device = asRecord(message.context.device);
  if (device !== undefined) add(codec.make("device", device.id));
  const externalIds = message.context.externalIds;
  if (Array.isArray(externalIds)) {
    for (const entry of externalIds) {
      const ext = asRecord(entry);
      if (ext === undefined || typeof ext.type !== "string") continue;
      add(codec.make(codec.rules.externalIdKinds[ext.type] ?? `ext:${ext.type}`, ext.id));
    }
  }
  const previousId = message.type === "alias" ? message.extra.previousId : undefined;
  const identifiers = [...found.values()];
  return typeof previousId === "string" && !codec.isBlocked(previousId)
    ? { identifiers, previousId: previousId.trim() }
    : { identifiers };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
