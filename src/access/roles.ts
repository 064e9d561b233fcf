/**
 * Roles of admin API keys and what each may do. Write keys are not a role: they can only send
 * events for their source and read nothing.
 */
export const ROLES = ["admin", "analyst"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "events.read",
  "stats.read",
  "keys.manage",
  "sources.manage",
  "data.import",
  "catalogue.read",
  "catalogue.write",
  "profiles.read",
  "profiles.write",
  "traits.manage",
  "audit.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  // Analysts see aggregates and the catalogue, never raw events (they hold personal data).
  analyst: ["stats.read", "catalogue.read"],
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
