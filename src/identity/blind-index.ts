/**
 * Blind index: contact identifiers (e-mail, phone, card number) are looked up by an HMAC of
 * their normalised value, so the lookup key reveals nothing without the key, which is derived
 * from the master key per workspace.
 */
import { createHmac, hkdfSync } from "node:crypto";

export type BlindIndex = (kind: string, normalised: string) => string;

export function createBlindIndex(masterKey: Buffer, workspaceId: string): BlindIndex {
  const key = Buffer.from(
    hkdfSync("sha256", masterKey, Buffer.alloc(0), `kundenprofil/blind-index/v1/${workspaceId}`, 32),
  );
  return (kind, normalised) =>
    `${kind}#${createHmac("sha256", key).update(`${kind}:${normalised}`).digest("base64url").slice(0, 32)}`;
}
