/** `--type contacts` from a `.vcf` file: one `identify` per card (see vcard-contact, contact-message). */
import { contactRows } from "./contact-message.js";
import { textLines } from "./text-lines.js";
import type { ImportRow } from "./types.js";
import { readVCards } from "./vcard-cards.js";
import { vcardDraft } from "./vcard-contact.js";

/** Reads every card of a vCard text stream. */
export async function* readVCardContacts(text: AsyncIterable<string>): AsyncGenerator<ImportRow> {
  for await (const card of readVCards(textLines(text))) {
    if ("failure" in card)
      yield { kind: "error", line: card.line, code: "invalid_vcard", error: card.failure };
    else yield* contactRows(vcardDraft(card.line, card.properties));
  }
}
