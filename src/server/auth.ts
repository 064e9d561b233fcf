/**
 * Who is calling: a write key (HTTP Basic username with an empty password, or `writeKey` in the
 * body, as Segment's clients send it) for the tracking API, an admin key (`Authorization: Bearer`)
 * with a role for everything else. A write key can read nothing.
 */
import type { FastifyRequest } from "fastify";
import { type Authenticator, can, type Permission, type Principal } from "../access/index.js";
import { HttpProblem } from "./http-errors.js";

export type WritePrincipal = Extract<Principal, { kind: "write" }>;
export type AdminPrincipal = Extract<Principal, { kind: "admin" }>;

export async function requireWriteKey(
  auth: Authenticator,
  request: FastifyRequest,
  body: unknown,
): Promise<WritePrincipal> {
  const key = basicUsername(request.headers.authorization) ?? bodyWriteKey(body);
  if (!key)
    throw new HttpProblem(
      "no_write_key",
      "send the write key as the HTTP Basic username or as writeKey in the body",
    );
  const principal = await auth.authenticate(key);
  if (principal?.kind !== "write") throw new HttpProblem("invalid_write_key", "unknown or revoked write key");
  return principal;
}

export async function requireAdmin(
  auth: Authenticator,
  request: FastifyRequest,
  permission: Permission,
): Promise<AdminPrincipal> {
  const header = request.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new HttpProblem("unauthorized", "send an admin API key as Authorization: Bearer <key>");
  const principal = await auth.authenticate(match[1]!);
  if (!principal) throw new HttpProblem("unauthorized", "unknown or revoked API key");
  if (principal.kind !== "admin") throw new HttpProblem("forbidden", "a write key can only send data");
  if (!can(principal.role, permission)) {
    throw new HttpProblem("forbidden", `role ${principal.role} may not ${permission.replace(".", " ")}`);
  }
  return principal;
}

/** How an admin key appears in the audit log: by its id, never the key itself. */
export function actorOf(principal: AdminPrincipal): string {
  return `key:${principal.keyId}`;
}

function basicUsername(header: string | undefined): string | undefined {
  const match = header ? /^Basic\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return user || undefined;
}

function bodyWriteKey(body: unknown): string | undefined {
  const key =
    body !== null && typeof body === "object" ? (body as Record<string, unknown>).writeKey : undefined;
  return typeof key === "string" && key ? key : undefined;
}
