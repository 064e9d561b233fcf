/**
 * The profile row's personal data, sealed with a key of the person's own (`person:<id>`): the
 * contact traits (e-mail, phone, names, street) and the trait fold state they come from. The rest
 * of the traits (city, postcode, plan, …) stays in clear, because lists and segments filter on it.
 * Contact search works on blind tokens instead of the text: keyed hashes of every word of the
 * names and e-mail address and of their prefixes from three letters, so `q=muster` finds
 * "Mustermann" without the table holding either.
 */
import type { Kysely, Transaction } from "kysely";
import { mapInSlices } from "../runtime/index.js";
import type { Database } from "../storage/index.js";
import { decrypt, encrypt } from "./field-cipher.js";
import type { SubjectKeys } from "./subject-keys.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Trait names that are contact data; `address` keeps city, postcode and country in clear. */
const CONTACT_TRAITS: ReadonlySet<string> = new Set([
  "email",
  "phone",
  "mobile",
  "firstName",
  "lastName",
  "first_name",
  "last_name",
  "name",
  "username",
]);
const ADDRESS_LINES: readonly string[] = ["street", "line1", "line2"];
const SEARCHED_TRAITS = ["email", "firstName", "lastName", "first_name", "last_name", "name", "username"];
const MIN_PREFIX = 3;
const MAX_PREFIX = 24;

/** Whether a trait path (`email`, `address.street`) is contact data, kept sealed at rest. */
export function isContactTrait(path: string): boolean {
  const [head, line, ...rest] = path.split(".");
  if (rest.length > 0 || head === undefined) return false;
  return line === undefined ? CONTACT_TRAITS.has(head) : head === "address" && ADDRESS_LINES.includes(line);
}

/** What a profile row stores: traits in clear, the sealed part, and the search tokens. */
export interface SealedProfile {
  traits: Record<string, unknown>;
  contact: string | null;
  search: string[];
}

/** The sealed part: contact traits and the fold's trait state. */
export interface ContactPart {
  traits: Record<string, unknown>;
  state: unknown;
}

export interface ContactSealer {
  seal(
    db: Db,
    workspaceId: string,
    profiles: ReadonlyArray<{ id: string; traits: Record<string, unknown>; state: unknown }>,
  ): Promise<SealedProfile[]>;
  /** The sealed parts of these rows, opened (`undefined` where the key is gone). */
  open(
    db: Db,
    workspaceId: string,
    rows: ReadonlyArray<{ id: string; contact: string | null }>,
  ): Promise<Array<ContactPart | undefined>>;
  /** The tokens a contact search for `query` must find (every word of it). */
  searchTokens(workspaceId: string, query: string): string[];
  /** Whether a trait path (`email`, `address.street`) is stored sealed. */
  isSealed(path: string): boolean;
  /** The token an exact filter on a sealed trait looks for (`lastName` = `Muster`). */
  valueToken(workspaceId: string, path: string, value: string): string;
}

/** The data key a person's profile row is sealed with (erasure destroys it with the rest). */
export function personKeySlot(personId: string): string {
  return `person:${personId}`;
}

export function createContactSealer(
  keys: SubjectKeys,
  token: (workspaceId: string, word: string) => string,
): ContactSealer {
  const slot = personKeySlot;
  const aad = (workspaceId: string, personId: string) => `kp/profile/v1|${workspaceId}|${personId}`;
  return {
    async seal(db, workspaceId, profiles) {
      if (profiles.length === 0) return [];
      const found = await keys.ensure(
        db,
        workspaceId,
        profiles.map((p) => slot(p.id)),
      );
      return mapInSlices(profiles, (p) => {
        const { clear, contact } = splitTraits(p.traits);
        const key = found.get(slot(p.id))!;
        const part: ContactPart = { traits: contact, state: p.state };
        const sealed = encrypt(key.key, Buffer.from(JSON.stringify(part)), aad(workspaceId, p.id));
        return {
          traits: clear,
          contact: `v1.${key.id}.${sealed.toString("base64url")}`,
          search: [
            ...[...new Set(searchWords(p.traits).flatMap(prefixes))].map((w) => token(workspaceId, w)),
            ...valueEntries(contact).map(([path, value]) => token(workspaceId, valueWord(path, value))),
          ],
        };
      });
    },
    async open(db, workspaceId, rows) {
      const sealed = rows.filter((r) => r.contact !== null);
      if (sealed.length === 0) return rows.map(() => undefined);
      const found = await keys.find(
        db,
        workspaceId,
        sealed.map((r) => slot(r.id)),
      );
      return mapInSlices(rows, (r) => {
        if (r.contact === null) return undefined;
        const key = found.get(slot(r.id));
        const [version, keyId, body] = r.contact.split(".");
        if (key === undefined || version !== "v1" || keyId !== key.id || body === undefined) return undefined;
        try {
          return JSON.parse(
            decrypt(key.key, Buffer.from(body, "base64url"), aad(workspaceId, r.id)).toString("utf8"),
          ) as ContactPart;
        } catch {
          return undefined;
        }
      });
    },
    searchTokens(workspaceId, query) {
      return words(query).map((w) => token(workspaceId, w.slice(0, MAX_PREFIX)));
    },
    isSealed: isContactTrait,
    valueToken(workspaceId, path, value) {
      return token(workspaceId, valueWord(path, value));
    },
  };
}

/** The contact traits apart from the rest; the street lines of an address go with them. */
export function splitTraits(traits: Record<string, unknown>): {
  clear: Record<string, unknown>;
  contact: Record<string, unknown>;
} {
  const clear: Record<string, unknown> = {};
  const contact: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(traits)) {
    if (CONTACT_TRAITS.has(name)) contact[name] = value;
    else if (name === "address" && value !== null && typeof value === "object" && !Array.isArray(value)) {
      const address = value as Record<string, unknown>;
      const lines = Object.fromEntries(ADDRESS_LINES.filter((l) => l in address).map((l) => [l, address[l]]));
      if (Object.keys(lines).length === 0) clear.address = address;
      else {
        contact.address = lines;
        clear.address = Object.fromEntries(
          Object.entries(address).filter(([k]) => !ADDRESS_LINES.includes(k)),
        );
      }
    } else clear[name] = value;
  }
  return { clear, contact };
}

/** The traits put back together: clear ones, with the opened contact traits over them. */
export function joinTraits(
  clear: Record<string, unknown>,
  contact: Record<string, unknown>,
): Record<string, unknown> {
  const joined: Record<string, unknown> = { ...clear, ...contact };
  const clearAddress = clear.address;
  const lines = contact.address;
  if (
    lines !== null &&
    typeof lines === "object" &&
    clearAddress !== null &&
    typeof clearAddress === "object"
  )
    joined.address = { ...(clearAddress as object), ...(lines as object) };
  return joined;
}

/** Every sealed trait with a text or number value, by path (`email`, `address.street`). */
function valueEntries(contact: Record<string, unknown>): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(contact)) {
    if (typeof value === "string" || typeof value === "number") entries.push([name, String(value)]);
    else if (name === "address" && value !== null && typeof value === "object")
      for (const [line, text] of Object.entries(value))
        if (typeof text === "string") entries.push([`address.${line}`, text]);
  }
  return entries;
}

function valueWord(path: string, value: string): string {
  return `${path}=${value.trim().toLowerCase()}`;
}

function searchWords(traits: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const name of SEARCHED_TRAITS) {
    const value = traits[name];
    if (typeof value !== "string" || value.trim() === "") continue;
    found.push(...words(value));
  }
  return found;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s.,;:@+_\-/()]+/)
    .filter((w) => w.length > 0);
}

function prefixes(word: string): string[] {
  if (word.length <= MIN_PREFIX) return [word];
  const out: string[] = [];
  for (let n = MIN_PREFIX; n <= Math.min(word.length, MAX_PREFIX); n++) out.push(word.slice(0, n));
  return out;
}
