/**
 * Deterministic ids: every imported message's `messageId` is derived from what is in the file,
 * never from time or randomness, so importing the same file twice yields the same ids and the
 * ingest's messageId dedupe stores nothing twice.
 */
import { createHash } from "node:crypto";

/** First `length` hex characters of the SHA-256 of `text` (UTF-8). */
export function sha256Hex(text: string, length = 64): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, length);
}

/** JSON with object keys sorted at every level, so that key order does not change a hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) {
      Object.defineProperty(sorted, key, {
        value: (inner as Record<string, unknown>)[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return sorted;
  });
}
