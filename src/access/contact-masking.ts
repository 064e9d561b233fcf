/**
 * Masking for roles without `contacts.read`: e-mail addresses keep their first letter and domain
 * (m***@example.de), phone and card numbers their last two digits, wherever they appear in a
 * response — traits, identifiers, timeline properties.
 */

const EMAIL = /([^\s@"<>:]+)@([^\s@"<>]+\.[a-z]{2,})/gi;
// Phone or card numbers: seven or more digits, possibly with the usual separators.
const NUMBER = /\+?\d[\d ()/-]{5,}\d/g;
/** Identifier kinds whose value is contact data. */
const CONTACT_KINDS = new Set(["email", "phone", "card"]);

export function maskEmail(address: string): string {
  return address.replace(
    EMAIL,
    (_match, local: string, domain: string) => `${local.slice(0, 1)}***@${domain}`,
  );
}

function maskDigits(text: string): string {
  return text.replace(NUMBER, (match) => {
    const total = match.replace(/\D/g, "").length;
    let seen = 0;
    return match.replace(/\d/g, (d) => (++seen > total - 2 ? d : "*"));
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

function maskString(text: string): string {
  const masked = maskEmail(text);
  return ISO_DATE.test(masked) ? masked : maskDigits(masked);
}

/** A deep copy of `value` with contact data masked; identifier values of contact kinds too. */
export function maskContactData<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === "string") return maskString(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // An identifier ({kind, value}): contact kinds always masked, the others (user, anon, device)
  // are pseudonyms and stay as they are.
  const identifierKind = typeof record.kind === "string" ? record.kind : undefined;
  for (const [key, item] of Object.entries(record)) {
    if (identifierKind !== undefined && key === "value" && typeof item === "string")
      out[key] = CONTACT_KINDS.has(identifierKind) ? maskValue(item) : item;
    else out[key] = isPseudonymKey(key) ? item : walk(item);
  }
  return out;
}

/** A contact identifier's value, masked even when it matches neither pattern (short card numbers). */
function maskValue(value: string): string {
  const masked = maskString(value);
  return masked !== value ? masked : `${"*".repeat(Math.max(0, value.length - 2))}${value.slice(-2)}`;
}

/** Ids and times are not contact data, and masking their digits would break links and cursors. */
function isPseudonymKey(key: string): boolean {
  return (
    key === "id" ||
    key.endsWith("Id") ||
    key.endsWith("_id") ||
    key === "nextCursor" ||
    key === "ts" ||
    key === "at" ||
    key.endsWith("At") ||
    key.endsWith("Seen") ||
    key === "key"
  );
}
