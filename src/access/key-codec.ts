/** Generates API keys and the hashes they are stored as (keys are random, so SHA-256 suffices). */
import { createHash, randomBytes } from "node:crypto";
import type { ApiKeyKind } from "../storage/index.js";

const PREFIX: Record<ApiKeyKind, string> = { write: "kpw_", admin: "kpa_" };

export function generateKey(kind: ApiKeyKind): string {
  return PREFIX[kind] + randomBytes(24).toString("base64url");
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** What may be shown later to recognise a key without revealing it. */
export function keyPrefix(key: string): string {
  return `${key.slice(0, 8)}…`;
}
