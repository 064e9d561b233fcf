/**
 * Identity fields shared by the orders and contacts readers. A contact known only by e-mail or
 * phone gets the anonymousId `contact-<24 hex of sha256(lower-cased e-mail, else phone digits)>`,
 * so that an order keyed by e-mail and the contact imported from an address book land on the same
 * profile. External ids use Segment's `context.externalIds` shape.
 */
import { sha256Hex } from "./stable-ids.js";

export interface ExternalId {
  id: string;
  type: "email" | "phone" | "loyalty_card_id";
  collection: "users";
  encoding: "none";
}

/** `contact-` + the first 24 hex characters of the SHA-256 of the key. */
export function contactAnonymousId(
  email: string | undefined,
  phoneDigits: string | undefined,
): string | undefined {
  const key = email ?? phoneDigits;
  return key === undefined ? undefined : `contact-${sha256Hex(key, 24)}`;
}

/** `context.externalIds` entries for the identifiers that are present. */
export function externalIds(ids: { email?: string; phone?: string; loyaltyCardId?: string }): ExternalId[] {
  const out: ExternalId[] = [];
  if (ids.email !== undefined) out.push(externalId(ids.email, "email"));
  if (ids.phone !== undefined) out.push(externalId(ids.phone, "phone"));
  if (ids.loyaltyCardId !== undefined) out.push(externalId(ids.loyaltyCardId, "loyalty_card_id"));
  return out;
}

function externalId(id: string, type: ExternalId["type"]): ExternalId {
  return { id, type, collection: "users", encoding: "none" };
}
