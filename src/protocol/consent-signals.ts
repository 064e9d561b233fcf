/**
 * What a message says about consent, objection and restriction. Consent arrives three ways, all as
 * ordinary messages so that it follows a person through merges and unmerges like any event:
 * Segment's `context.consent.categoryPreferences` (on every event a consent-aware client sends),
 * the `Consent Updated` event (consent API, preference centre, double opt-in confirmation), and the
 * Global Privacy Control flag (`context.gpc`, set from the `Sec-GPC: 1` header). Objections
 * (Art. 21) and restriction (Art. 18) are the `Objection Recorded` and `Processing Restricted` events.
 */

import { isRecord } from "./json-safety.js";

/** The processing purposes every declaration, consent and decision speaks of. */
export const PURPOSES = [
  "service",
  "analytics",
  "personalisation",
  "marketing.email",
  "marketing.sms",
  "marketing.push",
  "advertising.profiling",
  "sharing.third_party",
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Direct marketing in the sense of Art. 21(2): an objection to it covers every one of these. */
export const DIRECT_MARKETING: readonly Purpose[] = [
  "marketing.email",
  "marketing.sms",
  "marketing.push",
  "advertising.profiling",
];

/** What an objection names: one purpose, or direct marketing as a whole. */
export type ObjectionScope = Purpose | "direct_marketing";

export const CONSENT_STATUSES = ["granted", "denied", "withdrawn"] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const CONSENT_EVENTS = {
  updated: "Consent Updated",
  objection: "Objection Recorded",
  restriction: "Processing Restricted",
} as const;

export type ConsentSignal =
  | {
      readonly kind: "consent";
      readonly purpose: Purpose;
      readonly status: ConsentStatus;
      /** A double opt-in confirmation (the click on the link in the confirmation mail). */
      readonly confirmed: boolean;
    }
  | { readonly kind: "objection"; readonly scope: ObjectionScope; readonly active: boolean }
  | { readonly kind: "restriction"; readonly active: boolean };

/**
 * Consent-management platforms name their categories their own way; these common names map to
 * our purposes (case and separators ignored). Names that map to nothing are kept in the event but
 * decide nothing.
 */
const CATEGORY_ALIASES: Readonly<Record<string, readonly Purpose[]>> = {
  necessary: ["service"],
  essential: ["service"],
  strictlynecessary: ["service"],
  analytics: ["analytics"],
  statistics: ["analytics"],
  performance: ["analytics"],
  functional: ["personalisation"],
  personalization: ["personalisation"],
  preferences: ["personalisation"],
  email: ["marketing.email"],
  newsletter: ["marketing.email"],
  sms: ["marketing.sms"],
  push: ["marketing.push"],
  advertising: ["advertising.profiling"],
  targeting: ["advertising.profiling"],
  marketing: ["marketing.email", "marketing.sms", "marketing.push"],
  sharing: ["sharing.third_party"],
  thirdparty: ["sharing.third_party"],
  saleofdata: ["sharing.third_party"],
};

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === "string" && (PURPOSES as readonly string[]).includes(value);
}

/** The purposes a consent category names: our own purpose names, else the aliases. */
export function purposesOfCategory(category: string): readonly Purpose[] {
  if (isPurpose(category)) return [category];
  return CATEGORY_ALIASES[category.toLowerCase().replace(/[^a-z]/g, "")] ?? [];
}

interface SignalSource {
  readonly type: string;
  readonly event: string | null;
  readonly properties: Record<string, unknown>;
  readonly context: Record<string, unknown>;
}

/** Every consent signal a message carries; an empty list (fast) for the ordinary message. */
export function consentSignalsOf(message: SignalSource): ConsentSignal[] {
  const signals: ConsentSignal[] = [];
  const consent = message.context.consent;
  if (isRecord(consent) && isRecord(consent.categoryPreferences)) {
    for (const [category, value] of Object.entries(consent.categoryPreferences)) {
      if (typeof value !== "boolean") continue;
      for (const purpose of purposesOfCategory(category))
        signals.push({ kind: "consent", purpose, status: value ? "granted" : "denied", confirmed: false });
    }
  }
  if (message.context.gpc === true)
    signals.push({ kind: "objection", scope: "sharing.third_party", active: true });
  if (message.type !== "track" || message.event === null) return signals;
  const p = message.properties;
  switch (message.event) {
    case CONSENT_EVENTS.updated:
      if (isPurpose(p.purpose) && isStatus(p.status))
        signals.push({
          kind: "consent",
          purpose: p.purpose,
          status: p.status,
          confirmed: p.method === "double_opt_in",
        });
      break;
    case CONSENT_EVENTS.objection:
      if (isPurpose(p.scope) || p.scope === "direct_marketing")
        signals.push({ kind: "objection", scope: p.scope, active: p.active !== false });
      break;
    case CONSENT_EVENTS.restriction:
      signals.push({ kind: "restriction", active: p.active !== false });
      break;
  }
  return signals;
}

function isStatus(value: unknown): value is ConsentStatus {
  return typeof value === "string" && (CONSENT_STATUSES as readonly string[]).includes(value);
}
