/**
 * One unfolded vCard content line (2.1, 3.0 or 4.0) → name, parameters and decoded value.
 * Tolerant on purpose: vCard 2.1 bare parameters (`TEL;CELL;PREF:`), `ENCODING=QUOTED-PRINTABLE`
 * with any `CHARSET`, groups (`item1.EMAIL`), quoted 4.0 parameter values, and 3.0/4.0 escapes.
 */

export interface VCardProperty {
  /** Upper-case name without its group: `EMAIL`. */
  readonly name: string;
  /** Upper-case keys; TYPE and ENCODING values upper-cased too. Bare 2.1 parameters are TYPEs. */
  readonly params: ReadonlyMap<string, readonly string[]>;
  /** The value as written (still encoded). */
  readonly raw: string;
}

const BARE_ENCODINGS = new Set(["QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"]);

/** Parses `[group.]NAME[;param...]:value`; undefined when the line has no colon. */
export function parseProperty(line: string): VCardProperty | undefined {
  const colon = indexOutsideQuotes(line, ":");
  if (colon === -1) return undefined;
  const [nameWithGroup = "", ...rawParams] = splitOutsideQuotes(line.slice(0, colon), ";");
  const params = new Map<string, string[]>();
  for (const raw of rawParams) {
    const eq = raw.indexOf("=");
    const bare = raw.toUpperCase();
    const key =
      eq === -1 ? (BARE_ENCODINGS.has(bare) ? "ENCODING" : "TYPE") : raw.slice(0, eq).trim().toUpperCase();
    const values = eq === -1 ? [raw] : splitOutsideQuotes(raw.slice(eq + 1), ",").map(unquote);
    const normal = key === "TYPE" || key === "ENCODING" ? values.map((v) => v.trim().toUpperCase()) : values;
    params.set(key, [...(params.get(key) ?? []), ...normal]);
  }
  const name = nameWithGroup
    .slice(nameWithGroup.lastIndexOf(".") + 1)
    .trim()
    .toUpperCase();
  return { name, params, raw: line.slice(colon + 1) };
}

/** Whether the (still folded) line is quoted-printable, so a trailing `=` is a soft line break. */
export function isQuotedPrintableLine(line: string): boolean {
  const colon = indexOutsideQuotes(line, ":");
  return colon !== -1 && /;\s*(ENCODING\s*=\s*)?QUOTED-PRINTABLE\s*(;|$)/i.test(line.slice(0, colon));
}

/** The value as text: quoted-printable decoded in its CHARSET; undefined for BASE64 (photos, keys). */
export function textValue(property: VCardProperty): string | undefined {
  const encoding = property.params.get("ENCODING")?.[0];
  if (encoding === "B" || encoding === "BASE64") return undefined;
  if (encoding !== "QUOTED-PRINTABLE") return property.raw;
  return decodeQuotedPrintable(property.raw, property.params.get("CHARSET")?.[0] ?? "utf-8");
}

/** Splits a structured value (N, ADR, ORG) at unescaped `;` and unescapes each component. */
export function components(text: string): string[] {
  return text.split(/(?<!\\);/).map((part) => unescapeText(part).trim());
}

/** `\n` → newline, `\,` → `,`, `\;` → `;`, `\\` → `\`. */
export function unescapeText(text: string): string {
  return text.replace(/\\([nN,;\\:])/g, (_, char: string) => (char === "n" || char === "N" ? "\n" : char));
}

/** Whether the property has TYPE=`type` (PREF also matches a 4.0 `PREF=1` parameter). */
export function hasType(property: VCardProperty, type: string): boolean {
  if (type === "PREF" && property.params.has("PREF")) return true;
  return property.params.get("TYPE")?.includes(type) ?? false;
}

function decodeQuotedPrintable(text: string, charset: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === "=" ? /^[0-9A-Fa-f]{2}/.exec(text.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(Number.parseInt(hex[0], 16));
      i += 2;
    } else {
      bytes.push(...encoder.encode(text[i]));
    }
  }
  try {
    return new TextDecoder(charset).decode(new Uint8Array(bytes));
  } catch {
    return new TextDecoder("utf-8").decode(new Uint8Array(bytes)); // unknown CHARSET label
  }
}

function indexOutsideQuotes(text: string, char: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === char && !quoted) return i;
  }
  return -1;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let rest = text;
  for (let at = indexOutsideQuotes(rest, separator); at !== -1; at = indexOutsideQuotes(rest, separator)) {
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
