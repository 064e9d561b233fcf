/**
 * Format and CSV dialect detection: the file name's extension first (`.gz` looked through), the
 * content second; the CSV delimiter from the header line.
 */
import type { ImportFormat } from "./types.js";

export type Delimiter = "," | ";" | "\t";

const EXTENSIONS: Readonly<Record<string, ImportFormat>> = {
  csv: "csv",
  tsv: "csv",
  tab: "csv",
  txt: "csv",
  ndjson: "ndjson",
  jsonl: "ndjson",
  vcf: "vcard",
  vcard: "vcard",
};

/** `orders.csv.gz` → `csv`; undefined for an extension that says nothing. */
export function formatFromName(path: string): ImportFormat | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, "");
  const ext = /\.([a-z0-9]+)$/.exec(name)?.[1];
  return ext === undefined ? undefined : EXTENSIONS[ext];
}

/** Guesses from the first characters: a vCard starts with BEGIN:VCARD, NDJSON with `{`. */
export function formatFromContent(head: string): ImportFormat {
  const start = head.trimStart();
  if (/^BEGIN:VCARD/i.test(start)) return "vcard";
  if (start.startsWith("{")) return "ndjson";
  return "csv";
}

/** Whether the name says tab-separated (the tie-breaker when the header has no delimiter). */
export function isTabName(path: string): boolean {
  return /\.(tsv|tab)(\.gz)?$/i.test(path);
}

/**
 * The delimiter that occurs most often outside quotes in the header line. Excel's `sep=;` first
 * line wins when present (see `excelSepLine`).
 */
export function sniffDelimiter(headerLine: string, fallback: Delimiter): Delimiter {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "," || char === ";" || char === "\t")) counts[char]++;
  }
  const best = (Object.keys(counts) as Delimiter[]).reduce(
    (a, b) => (counts[b] > counts[a] ? b : a),
    fallback,
  );
  return counts[best] > 0 ? best : fallback;
}

/** The delimiter named by an Excel `sep=;` line, if the file starts with one. */
export function excelSepLine(firstLine: string): Delimiter | undefined {
  const match = /^sep=([,;\t])\s*$/i.exec(firstLine);
  return match?.[1] as Delimiter | undefined;
}

/** The first line of `head` without its line break. */
export function firstLineOf(head: string): string {
  const end = head.search(/\r?\n/);
  return end === -1 ? head : head.slice(0, end);
}
