/**
 * A contact read from a CSV row or a vCard → one `identify` message with snake_case traits.
 * The messageId is `import-contact-<key hash>-<content hash>`: the first part comes from the
 * natural key (customer id, else e-mail, else phone digits), the second from the message itself,
 * so re-importing the same file repeats every id while an edited contact (new phone number) is a
 * new message instead of being dropped by the ingest's dedupe as an old one. No timestamp is set
 * unless the file has one: a contact list has no event time, and "now" would break idempotency.
 */
import { contactAnonymousId, externalIds } from "./identity.js";
import { isEmptyDate, parseCalendarDate, parseDateTime } from "./parse-values.js";
import { canonicalJson, sha256Hex } from "./stable-ids.js";
import type { ImportRow } from "./types.js";

/** Raw, trimmed contact fields as found in the file. */
export interface ContactDraft {
  line: number;
  customerId?: string;
  cardId?: string;
  firstName?: string;
  lastName?: string;
  name?: string;
  email?: string;
  phone?: string;
  birthday?: string;
  city?: string;
  postalCode?: string;
  country?: string;
  company?: string;
  timestamp?: string;
}

type ErrorRow = Extract<ImportRow, { kind: "error" }>;

/** The message for a contact, preceded by nothing and followed by error rows for dropped fields. */
export function contactRows(draft: ContactDraft): ImportRow[] {
  const errors: ErrorRow[] = [];
  const problem = (code: string, error: string): undefined => {
    errors.push({ kind: "error", line: draft.line, code, error });
  };
  const email = checkEmail(draft.email);
  if (draft.email !== undefined && email === undefined)
    problem("invalid_email", `${JSON.stringify(draft.email)} is not an e-mail address`);
  const digits = draft.phone?.replace(/\D/g, "");
  const phone = digits !== undefined && digits.length >= 3 ? draft.phone : undefined;
  if (draft.phone !== undefined && phone === undefined)
    problem("invalid_phone", `${JSON.stringify(draft.phone)} is not a phone number`);
  if (draft.customerId === undefined && email === undefined && phone === undefined) {
    const why = errors.map((e) => `; ${e.error}`).join("");
    return [
      {
        kind: "error",
        line: draft.line,
        code: "no_identifier",
        error: `contact has no e-mail, phone or customer id${why}`,
      },
    ];
  }
  const birthday = checkBirthday(draft.birthday, problem);
  const timestamp = draft.timestamp === undefined ? undefined : parseDateTime(draft.timestamp);
  if (draft.timestamp !== undefined && timestamp === undefined)
    problem("invalid_timestamp", `${JSON.stringify(draft.timestamp)} is not a date`);
  const phoneId = phone === undefined ? undefined : `${phone.startsWith("+") ? "+" : ""}${digits}`;
  const message = buildMessage(
    draft,
    { email, phone, phoneId, birthday, timestamp },
    phone === undefined ? undefined : digits,
  );
  return [{ kind: "message", line: draft.line, message }, ...errors];
}

interface Checked {
  email: string | undefined;
  phone: string | undefined;
  phoneId: string | undefined;
  birthday: string | undefined;
  timestamp: string | undefined;
}

function buildMessage(
  draft: ContactDraft,
  checked: Checked,
  digits: string | undefined,
): Record<string, unknown> {
  const traits = compact({
    first_name: draft.firstName,
    last_name: draft.lastName,
    name: draft.name,
    email: checked.email,
    phone: checked.phone,
    birthday: checked.birthday,
    city: draft.city,
    postal_code: draft.postalCode,
    country: draft.country,
    company: draft.company,
  });
  const ids = externalIds(
    compact({ email: checked.email, phone: checked.phoneId, loyaltyCardId: draft.cardId }),
  );
  const identity =
    draft.customerId === undefined
      ? { anonymousId: contactAnonymousId(checked.email, digits) }
      : { userId: draft.customerId };
  const body = {
    ...identity,
    ...(checked.timestamp === undefined ? {} : { timestamp: checked.timestamp }),
    traits,
    ...(ids.length === 0 ? {} : { context: { externalIds: ids } }),
  };
  const key =
    draft.customerId !== undefined
      ? `id:${draft.customerId}`
      : checked.email !== undefined
        ? `email:${checked.email}`
        : `phone:${digits}`;
  const messageId = `import-contact-${sha256Hex(key, 24)}-${sha256Hex(canonicalJson(body), 8)}`;
  return { type: "identify", messageId, ...body };
}

function checkEmail(raw: string | undefined): string | undefined {
  const email = raw
    ?.trim()
    .replace(/^mailto:/i, "")
    .toLowerCase();
  return email !== undefined && /^[^\s@]+@[^\s@]+$/.test(email) ? email : undefined;
}

function checkBirthday(
  raw: string | undefined,
  problem: (code: string, error: string) => undefined,
): string | undefined {
  if (raw === undefined || isEmptyDate(raw)) return undefined;
  return (
    parseCalendarDate(raw) ??
    problem("invalid_birthday", `birthday ${JSON.stringify(raw)} is not a date with a year`)
  );
}

function compact<T extends Record<string, string | undefined>>(record: T): { [K in keyof T]?: string } {
  const out: { [K in keyof T]?: string } = {};
  for (const key of Object.keys(record) as (keyof T)[]) {
    const value = record[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
