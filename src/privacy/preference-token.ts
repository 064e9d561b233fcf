/**
 * Tokens in the links of every electronic offer: the preference centre and the one-click
 * unsubscribe (RFC 8058). A token names the workspace and the person id (a pseudonym) and is
 * signed with a key derived from the master key, so links cannot be forged or enumerated, need no
 * storage, and keep working for as long as the person exists: an opt-out must never expire.
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

export interface PreferenceTokens {
  issue(workspaceId: string, personId: string): string;
  /** The workspace and person, or `undefined` for a token this system did not issue. */
  open(token: string): { workspaceId: string; personId: string } | undefined;
}

export function createPreferenceTokens(masterKey: Buffer): PreferenceTokens {
  const key = Buffer.from(
    hkdfSync("sha256", masterKey, Buffer.alloc(0), "kundenprofil/preference-links/v1", 32),
  );
  const sign = (payload: string) => createHmac("sha256", key).update(payload).digest().subarray(0, 20);
  return {
    issue(workspaceId, personId) {
      const payload = Buffer.from(JSON.stringify([workspaceId, personId])).toString("base64url");
      return `${payload}.${sign(payload).toString("base64url")}`;
    },
    open(token) {
      const [payload, signature, ...rest] = token.split(".");
      if (payload === undefined || signature === undefined || rest.length > 0) return undefined;
      const given = Buffer.from(signature, "base64url");
      const expected = sign(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const [workspaceId, personId] = JSON.parse(Buffer.from(payload, "base64url").toString()) as unknown[];
        if (typeof workspaceId !== "string" || typeof personId !== "string") return undefined;
        return { workspaceId, personId };
      } catch {
        return undefined;
      }
    },
  };
}
