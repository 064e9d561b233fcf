/**
 * The words a declaration is written in: data categories (with the Art. 9 special categories),
 * processing purposes, legal bases, sensitivities and policies for undeclared fields. The purpose
 * names are the protocol's, the same the consent ledger speaks of.
 */
import { PURPOSES, type Purpose } from "../protocol/index.js";

export const SPECIAL_CATEGORIES = [
  "health",
  "religion",
  "ethnicity",
  "political_opinion",
  "sexual_orientation",
  "biometric",
  "genetic",
  "trade_union",
] as const;

export const DATA_CATEGORIES = [
  "contact",
  "identifier",
  "demographic",
  "behaviour.purchase",
  "behaviour.web",
  "location",
  "attitude",
  "financial",
  "free_text",
  /** Device and library details (user agent, locale, app version). */
  "technical",
  /** Consent, objection and restriction records, kept to demonstrate them (Art. 7(1)). */
  "consent_record",
  ...SPECIAL_CATEGORIES,
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];
export type SpecialCategory = (typeof SPECIAL_CATEGORIES)[number];

export function isSpecialCategory(category: DataCategory): category is SpecialCategory {
  return (SPECIAL_CATEGORIES as readonly string[]).includes(category);
}

/** The purposes consent is given for: one list for declarations, the consent ledger and decisions. */
export { PURPOSES, type Purpose };

/** What each purpose means, as the record of processing (Art. 30) states it. */
export const PURPOSE_DESCRIPTIONS: Readonly<Record<Purpose, string>> = {
  service: "providing what the customer asked for: orders, delivery, customer account, loyalty card, support",
  analytics: "aggregate analysis of sales and use of the shop (no decisions about individuals)",
  personalisation: "tailoring the shop, recommendations and offers to the individual customer",
  "marketing.email": "direct marketing by e-mail (newsletters, offers, surveys)",
  "marketing.sms": "direct marketing by SMS",
  "marketing.push": "direct marketing by app push notification",
  "advertising.profiling": "profiling for online advertising (audiences, lookalikes)",
  "sharing.third_party": "disclosure to third parties for their own purposes",
};

/** Art. 6(1) GDPR, points (a) to (f). */
export const LAWFUL_BASES = [
  "consent",
  "contract",
  "legal_obligation",
  "vital_interest",
  "public_task",
  "legitimate_interest",
] as const;

/**
 * Art. 9(2) conditions for special categories. Only `explicit_consent` (point a) lets such data in
 * at ingest: the others (employment, health care, legal claims, …) do not describe what a
 * customer data platform does, and are accepted in declarations only so a record can name them.
 */
export const SPECIAL_CATEGORY_CONDITIONS = [
  "explicit_consent",
  "employment_social_security",
  "vital_interest_incapable",
  "not_for_profit_body",
  "made_public_by_subject",
  "legal_claims",
  "substantial_public_interest",
  "health_care",
  "public_health",
  "archiving_research_statistics",
] as const;

export const LEGAL_BASES = [...LAWFUL_BASES, ...SPECIAL_CATEGORY_CONDITIONS] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** Articles the record cites for each legal basis. */
export const LEGAL_BASIS_ARTICLES: Readonly<Record<LegalBasis, string>> = {
  consent: "Art. 6(1)(a)",
  contract: "Art. 6(1)(b)",
  legal_obligation: "Art. 6(1)(c)",
  vital_interest: "Art. 6(1)(d)",
  public_task: "Art. 6(1)(e)",
  legitimate_interest: "Art. 6(1)(f)",
  explicit_consent: "Art. 9(2)(a)",
  employment_social_security: "Art. 9(2)(b)",
  vital_interest_incapable: "Art. 9(2)(c)",
  not_for_profit_body: "Art. 9(2)(d)",
  made_public_by_subject: "Art. 9(2)(e)",
  legal_claims: "Art. 9(2)(f)",
  substantial_public_interest: "Art. 9(2)(g)",
  health_care: "Art. 9(2)(h)",
  public_health: "Art. 9(2)(i)",
  archiving_research_statistics: "Art. 9(2)(j)",
};

export const SENSITIVITIES = ["low", "medium", "high"] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** Sensitivity where neither the field nor its category's defaults state one. */
export function defaultSensitivity(category: DataCategory): Sensitivity {
  if (isSpecialCategory(category)) return "high";
  switch (category) {
    case "contact":
    case "identifier":
    case "location":
    case "financial":
    case "free_text":
      return "medium";
    default:
      return "low";
  }
}

/** What happens to a field nobody declared: removed and reported, the message refused, or kept and counted. */
export const POLICIES = ["strip", "reject", "keep"] as const;
export type Policy = (typeof POLICIES)[number];
