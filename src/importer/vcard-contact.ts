/**
 * A parsed vCard → contact fields. Where a card has several values the preferred one wins:
 * EMAIL marked PREF, else the first; TEL marked PREF, else CELL, else the first; ADR marked HOME,
 * else PREF, else the first. FN becomes the `name` trait, ORG's first component `company`.
 */
import type { ContactDraft } from "./contact-message.js";
import { components, hasType, textValue, unescapeText, type VCardProperty } from "./vcard-property.js";

/** Contact fields of one card; `line` is the card's BEGIN line. */
export function vcardDraft(line: number, properties: readonly VCardProperty[]): ContactDraft {
  const draft: ContactDraft = { line };
  const [family, given] = structured(pick(properties, "N", []));
  const address = structured(pick(properties, "ADR", ["HOME", "PREF"]));
  set(draft, "lastName", family);
  set(draft, "firstName", given);
  set(draft, "name", text(pick(properties, "FN", [])));
  set(draft, "email", text(pick(properties, "EMAIL", ["PREF"]))?.replace(/^mailto:/i, ""));
  set(draft, "phone", text(pick(properties, "TEL", ["PREF", "CELL"]))?.replace(/^tel:/i, ""));
  set(draft, "birthday", text(pick(properties, "BDAY", [])));
  set(draft, "city", address[3]);
  set(draft, "postalCode", address[5]);
  set(draft, "country", address[6]);
  set(draft, "company", structured(pick(properties, "ORG", []))[0]);
  return draft;
}

/** The first property named `name` having the first of `types` that any has, else the first. */
function pick(
  properties: readonly VCardProperty[],
  name: string,
  types: readonly string[],
): VCardProperty | undefined {
  const named = properties.filter((property) => property.name === name && textValue(property)?.trim());
  for (const type of types) {
    const typed = named.find((property) => hasType(property, type));
    if (typed) return typed;
  }
  return named[0];
}

function text(property: VCardProperty | undefined): string | undefined {
  const value = property === undefined ? undefined : textValue(property);
  return value === undefined ? undefined : unescapeText(value).trim();
}

function structured(property: VCardProperty | undefined): (string | undefined)[] {
  const value = property === undefined ? undefined : textValue(property);
  return value === undefined ? [] : components(value);
}

function set(draft: ContactDraft, key: Exclude<keyof ContactDraft, "line">, value: string | undefined): void {
  if (value !== undefined && value !== "") draft[key] = value;
}
