/**
 * Roles of admin API keys and what each may do. Write keys are not a role: they can only send
 * events for their source and read nothing.
 */
export const ROLES = ["admin", "dpo", "marketer", "analyst", "support"] as const;
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
  "profiles.list",
  "profiles.write",
  "contacts.read",
  "traits.manage",
  "audit.read",
  "consents.read",
  "consents.write",
  "requests.manage",
  "targeting.define",
  "sensitive.approve",
  "retention.run",
  "schema.read",
  "analytics.read",
  "analytics.run",
  "segments.read",
  "audiences.export",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  // Everything but approving sensitive targeting, which is the data protection officer's alone.
  admin: PERMISSIONS.filter((p) => p !== "sensitive.approve"),
  // The data protection officer answers data subject requests and checks the record.
  dpo: [
    "events.read",
    "stats.read",
    "catalogue.read",
    "profiles.read",
    "profiles.list",
    "profiles.write",
    "contacts.read",
    "audit.read",
    "consents.read",
    "consents.write",
    "requests.manage",
    "targeting.define",
    "sensitive.approve",
    "retention.run",
    "schema.read",
    "analytics.read",
    "segments.read",
  ],
  // Marketers work with lists and traits, but see contact data masked (m***@example.de).
  // They see consent state (targeting depends on it) but cannot change it.
  marketer: [
    "stats.read",
    "catalogue.read",
    "profiles.read",
    "profiles.list",
    "traits.manage",
    "consents.read",
    "targeting.define",
    "schema.read",
    "analytics.read",
    "segments.read",
    "audiences.export",
  ],
  // Analysts see aggregates and the catalogue, never raw events (they hold personal data); they run
  // the analytics jobs and read their aggregate results.
  analyst: [
    "stats.read",
    "catalogue.read",
    "schema.read",
    "analytics.read",
    "analytics.run",
    "segments.read",
  ],
  // Support looks up one customer at a time (no lists; every read is audited) and records what the
  // customer asks for on the phone ("no more newsletters").
  support: ["catalogue.read", "profiles.read", "contacts.read", "consents.read", "consents.write"],
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
