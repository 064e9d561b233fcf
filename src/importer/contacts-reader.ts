/** `--type contacts` from CSV or flat NDJSON: one row per person → `identify` (see contact-message). */
import type { ContactField } from "./contact-fields.js";
import { type ContactDraft, contactRows } from "./contact-message.js";
import { TabularRow, type TabularSource } from "./tabular-rows.js";
import type { ImportRow } from "./types.js";

const DRAFT_FIELDS: readonly [Exclude<keyof ContactDraft, "line">, ContactField][] = [
  ["customerId", "customer_id"],
  ["cardId", "card_id"],
  ["firstName", "first_name"],
  ["lastName", "last_name"],
  ["name", "name"],
  ["email", "email"],
  ["phone", "phone"],
  ["birthday", "birthday"],
  ["city", "city"],
  ["postalCode", "postal_code"],
  ["country", "country"],
  ["company", "company"],
  ["timestamp", "timestamp"],
];

/** Reads contacts from rows whose header was matched against `CONTACT_FIELDS`. */
export async function* readContacts(source: TabularSource<ContactField>): AsyncGenerator<ImportRow> {
  for await (const batch of source.batches) {
    yield* batch.flatMap((row) => (row instanceof TabularRow ? contactRows(draftOf(row)) : [row]));
  }
}

function draftOf(row: TabularRow<ContactField>): ContactDraft {
  const draft: ContactDraft = { line: row.line };
  for (const [key, field] of DRAFT_FIELDS) {
    const value = row.text(field);
    if (value !== undefined) draft[key] = value;
  }
  return draft;
}
