/**
 * The audit log holds pseudonyms only: it is kept longer than the data it describes and survives
 * erasure, so a plaintext e-mail address or phone number in it would outlive the person's
 * right to be forgotten. Entries are checked before they are written.
 */

const EMAIL = /[^\s@"]+@[^\s@"]+\.[a-z]{2,}/i;
// A whole string of seven or more digits with the separators phone numbers are written with.
const PHONE = /^\+?[\d ()/-]{7,}$/;
// Profile ids are UUIDs; one made only of digits and dashes is still not a phone number.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Identifier references whose value is personal data: `email:…`, `phone:…`, `card:…`. */
const PERSONAL_REFERENCE = /^(email|phone|card):/i;

// A calendar day (a campaign named 2026-06-01) has the digits and dashes of a phone number.
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class AuditPiiError extends Error {}

/**
 * Whether a string looks like contact data: an e-mail address, a phone number, or a reference
 * such as `email:…`. Names that users choose (segments, campaigns) end up in audit entries, so
 * their routes refuse such names up front with this test rather than fail on writing the entry.
 */
export function looksLikeContactData(value: string): boolean {
  if (EMAIL.test(value) || PERSONAL_REFERENCE.test(value)) return true;
  return PHONE.test(value) && !UUID.test(value) && !DAY.test(value);
}

export function assertPseudonymous(value: unknown, path = "details"): void {
  if (typeof value === "string") {
    if (looksLikeContactData(value))
      throw new AuditPiiError(`${path} looks like personal data; audit entries hold pseudonyms only`);
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) assertPseudonymous(item, `${path}[${i}]`);
    return;
  }
  if (value !== null && typeof value === "object")
    for (const [key, item] of Object.entries(value)) assertPseudonymous(item, `${path}.${key}`);
}
