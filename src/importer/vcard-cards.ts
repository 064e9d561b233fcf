/**
 * Streaming vCard splitter: physical lines → unfolded content lines → one item per
 * BEGIN:VCARD … END:VCARD block, numbered by its BEGIN line. Only the properties a contact needs
 * are kept, so a card's embedded photo never accumulates in memory.
 */
import type { TextLine } from "./text-lines.js";
import { isQuotedPrintableLine, parseProperty, type VCardProperty } from "./vcard-property.js";

const WANTED = new Set(["N", "FN", "EMAIL", "TEL", "BDAY", "ADR", "ORG"]);
const MAX_LOGICAL_CHARS = 64 * 1024;
const MAX_PROPERTIES = 500;

export type VCardItem = { line: number; properties: VCardProperty[] } | { line: number; failure: string };

interface LogicalLine {
  line: number;
  text: string;
  wanted: boolean;
  quotedPrintable: boolean;
  /** The last physical line ended in a quoted-printable soft line break. */
  softBreak: boolean;
}

/** Yields every card, or a failure for a card that is not closed before the next BEGIN or the end. */
export async function* readVCards(lines: AsyncIterable<TextLine[]>): AsyncGenerator<VCardItem> {
  let card: { line: number; properties: VCardProperty[] } | undefined;
  for await (const logical of unfold(lines)) {
    const text = logical.text.trim();
    if (/^BEGIN:VCARD$/i.test(text)) {
      if (card) yield unclosed(card.line);
      card = { line: logical.line, properties: [] };
    } else if (/^END:VCARD$/i.test(text)) {
      if (card) yield card;
      card = undefined;
    } else if (card && logical.wanted && card.properties.length < MAX_PROPERTIES) {
      const property = parseProperty(logical.text);
      if (property) card.properties.push(property);
    }
  }
  if (card) yield unclosed(card.line);
}

function unclosed(line: number): VCardItem {
  return { line, failure: `the vCard starting at line ${line} has no END:VCARD` };
}

/** Joins folded lines (leading space or tab) and quoted-printable soft line breaks (trailing `=`). */
async function* unfold(batches: AsyncIterable<TextLine[]>): AsyncGenerator<LogicalLine> {
  let current: LogicalLine | undefined;
  for await (const { line, text } of flatten(batches)) {
    const boundary = /^\s*(BEGIN|END):VCARD\s*$/i.test(text);
    if (current && !boundary && (current.softBreak || /^[ \t]/.test(text))) {
      const more = current.softBreak ? text : text.slice(1);
      if (current.wanted)
        current.text = current.softBreak ? current.text.slice(0, -1) + more : current.text + more;
      if (current.text.length > MAX_LOGICAL_CHARS) current.wanted = false;
      current.softBreak = current.quotedPrintable && text.endsWith("=");
      continue;
    }
    if (current) yield current;
    const quotedPrintable = isQuotedPrintableLine(text);
    current = {
      line,
      text,
      wanted: isWanted(text),
      quotedPrintable,
      softBreak: quotedPrintable && text.endsWith("="),
    };
  }
  if (current) yield current;
}

function isWanted(text: string): boolean {
  const name = /^\s*(?:[\w-]+\.)?([\w-]+)/.exec(text)?.[1]?.toUpperCase() ?? "";
  return WANTED.has(name) || name === "BEGIN" || name === "END";
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}
