/**
 * Merge rules: which identifier kinds outrank which, how many of a kind one person may hold, which
 * values never identify anybody, and which kinds must not join two identified persons. They are
 * configuration (`KUNDENPROFIL_IDENTITY_RULES` names a JSON file); the defaults suit a shop with a
 * web shop, an app, a loyalty card and imported contact lists.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

export interface IdentityRules {
  /** Kinds from strongest to weakest; the strongest identifier of an event picks the surviving person. */
  readonly priority: readonly string[];
  /** At most this many identifiers of a kind per person; a merge or link that would exceed it is refused. */
  readonly limits: Readonly<Record<string, number>>;
  /** Values (compared case-insensitively, after trimming) that never identify a person. */
  readonly blockedValues: readonly string[];
  /** Regular expressions (case-insensitive) for further values that never identify anybody. */
  readonly blockedPatterns: readonly string[];
  /** Kinds that mark a person as identified (the identified guard). */
  readonly identifiedKinds: readonly string[];
  /** Kinds that never join two persons who are each identified differently (shared devices). */
  readonly guardedKinds: readonly string[];
  /** Region for phone numbers written without a country code (ISO 3166 alpha-2). */
  readonly defaultPhoneRegion: string;
  /** `context.externalIds[].type` → identifier kind; other types become `ext:<type>`. */
  readonly externalIdKinds: Readonly<Record<string, string>>;
}

export const DEFAULT_IDENTITY_RULES: IdentityRules = {
  priority: ["user", "email", "card", "phone", "device", "anon"],
  limits: { user: 1, email: 5, card: 3, phone: 3, device: 20, anon: 100 },
  blockedValues: [
    "",
    "null",
    "undefined",
    "nil",
    "none",
    "nan",
    "anonymous",
    "unknown",
    "n/a",
    "-1",
    "[object object]",
    "test",
    "test@test.de",
    "test@test.com",
    "test@example.com",
    "test@example.de",
    "noreply@example.com",
  ],
  // All-zero ids ("0", "0000", "00000000-0000-0000-0000-000000000000") and the shop's test inboxes.
  blockedPatterns: ["^[0\\s:-]*$", "^(test|qa|dummy)[+.@]"],
  identifiedKinds: ["user", "card"],
  guardedKinds: ["anon", "device"],
  defaultPhoneRegion: "DE",
  externalIdKinds: {
    loyalty_card: "card",
    card: "card",
    email: "email",
    phone: "phone",
    user_id: "user",
    device_id: "device",
  },
};

const kind = z.string().regex(/^[a-z][a-z0-9_]*(:[a-z0-9_]+)?$/, "kinds are lower-case words such as email");

const rulesSchema = z.strictObject({
  priority: z.array(kind).min(1).optional(),
  limits: z.record(kind, z.number().int().positive()).optional(),
  blockedValues: z.array(z.string()).optional(),
  blockedPatterns: z.array(z.string()).optional(),
  identifiedKinds: z.array(kind).optional(),
  guardedKinds: z.array(kind).optional(),
  defaultPhoneRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, "an ISO 3166 alpha-2 code such as DE")
    .optional(),
  externalIdKinds: z.record(z.string(), kind).optional(),
});

/** Rank of a kind (lower is stronger); kinds the priority list omits rank with `device`. */
export function rankOf(rules: IdentityRules): (kind: string) => number {
  const order = new Map(rules.priority.map((kind, i) => [kind, i]));
  const unknown = order.get("device") ?? rules.priority.length;
  return (kind) => order.get(kind) ?? unknown;
}

export class IdentityRulesError extends Error {
  override readonly name = "IdentityRulesError";
}

/** Defaults overridden by whatever `overrides` sets; a bad value names itself. */
export function identityRules(overrides: unknown = {}): IdentityRules {
  const parsed = rulesSchema.safeParse(overrides);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IdentityRulesError(`identity rules: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  const rules: IdentityRules = { ...DEFAULT_IDENTITY_RULES };
  for (const [key, value] of Object.entries(parsed.data))
    if (value !== undefined) Object.assign(rules, { [key]: value });
  for (const pattern of rules.blockedPatterns) {
    try {
      new RegExp(pattern, "i");
    } catch {
      throw new IdentityRulesError(
        `identity rules: blockedPatterns: ${JSON.stringify(pattern)} is not a regular expression`,
      );
    }
  }
  return rules;
}

export function loadIdentityRules(path: string | undefined): IdentityRules {
  if (path === undefined || path === "") return DEFAULT_IDENTITY_RULES;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new IdentityRulesError(`identity rules ${path}: ${(error as Error).message}`);
  }
  return identityRules(json);
}
