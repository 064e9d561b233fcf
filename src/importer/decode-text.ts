/**
 * Bytes → text. Honours byte-order marks (and drops them), and in `auto` mode reads UTF-8 until a
 * chunk is not valid UTF-8, then decodes that chunk and the rest as Windows-1252: Outlook and
 * Excel write "CSV" in the ANSI code page, and such bytes are almost never valid UTF-8 by accident.
 */
import type { ImportEncoding } from "./types.js";

/** Decodes a byte stream chunk by chunk; multi-byte characters split across chunks are kept whole. */
export async function* decodeText(
  bytes: AsyncIterable<Uint8Array>,
  encoding: ImportEncoding,
): AsyncGenerator<string> {
  let decode: ((chunk: Uint8Array, last: boolean) => string) | undefined;
  for await (const chunk of bytes) {
    let body = chunk;
    if (decode === undefined) {
      const bom = detectBom(chunk);
      body = chunk.subarray(bom?.length ?? 0);
      decode = makeDecoder(bom?.encoding ?? encoding);
    }
    const text = decode(body, false);
    if (text !== "") yield text;
  }
  const tail = decode?.(new Uint8Array(0), true) ?? "";
  if (tail !== "") yield tail;
}

function detectBom(chunk: Uint8Array): { encoding: ImportEncoding; length: number } | undefined {
  if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (chunk[0] === 0xff && chunk[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  return undefined;
}

function makeDecoder(encoding: ImportEncoding): (chunk: Uint8Array, last: boolean) => string {
  if (encoding === "auto") return autoDecoder();
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  return (chunk, last) => decoder.decode(chunk, { stream: !last });
}

/** UTF-8 with a one-way switch to Windows-1252 at the first chunk that fails strict decoding. */
function autoDecoder(): (chunk: Uint8Array, last: boolean) => string {
  const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const cp1252 = new TextDecoder("windows-1252");
  let carry: Uint8Array = new Uint8Array(0);
  let fallback = false;
  return (chunk, last) => {
    if (fallback) return cp1252.decode(chunk);
    const bytes = carry.length === 0 ? chunk : concat(carry, chunk);
    const cut = last ? bytes.length : completeUtf8Length(bytes);
    carry = bytes.slice(cut);
    try {
      return utf8.decode(bytes.subarray(0, cut));
    } catch {
      fallback = true;
      return cp1252.decode(bytes);
    }
  };
}

/** Length of the prefix of `bytes` that does not end inside a multi-byte UTF-8 sequence. */
export function completeUtf8Length(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
