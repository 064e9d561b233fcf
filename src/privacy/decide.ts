/**
 * The one consent decision every point of use asks (`may(person, purpose)`): segment evaluation
 * for marketing and personalisation, recommendations, exports and every send. Pure, so the rules
 * read in one place:
 * 1. restriction (Art. 18) stops everything but the service the person is owed;
 * 2. an objection (Art. 21) stops its purpose, and one to direct marketing stops all of it,
 *    whatever consent says;
 * 3. purposes that rest on consent need it granted (and confirmed, for e-mail: double opt-in);
 * 4. purposes that rest on contract or legitimate interest go ahead unless the person said no.
 */

import type { ConsentView } from "../profiles/index.js";
import { DIRECT_MARKETING, type Purpose } from "../protocol/index.js";

export type LegalBasis = "consent" | "contract" | "legal_obligation" | "legitimate_interest";

/** The basis each purpose rests on unless the schema registry declares otherwise. */
export const DEFAULT_PURPOSE_BASIS: Readonly<Record<Purpose, LegalBasis>> = {
  service: "contract",
  analytics: "legitimate_interest",
  personalisation: "consent",
  "marketing.email": "consent",
  "marketing.sms": "consent",
  "marketing.push": "consent",
  "advertising.profiling": "consent",
  "sharing.third_party": "consent",
};

export type DecisionReason =
  | "consent_granted"
  | "contract"
  | "legal_obligation"
  | "legitimate_interest"
  | "restricted"
  | "objection"
  | "no_consent"
  | "consent_denied"
  | "consent_withdrawn"
  | "awaiting_confirmation";

export interface Decision {
  purpose: Purpose;
  allowed: boolean;
  reason: DecisionReason;
  basis: LegalBasis;
}

export function decide(
  view: ConsentView,
  purpose: Purpose,
  basis: LegalBasis = DEFAULT_PURPOSE_BASIS[purpose],
): Decision {
  const answer = (allowed: boolean, reason: DecisionReason): Decision => ({
    purpose,
    allowed,
    reason,
    basis,
  });
  if (view.restricted && purpose !== "service") return answer(false, "restricted");
  if (
    view.objections.includes(purpose) ||
    (DIRECT_MARKETING.includes(purpose) && view.objections.includes("direct_marketing"))
  )
    return answer(false, "objection");
  const consent = view.purposes[purpose];
  switch (consent?.status) {
    case "denied":
      return answer(false, "consent_denied");
    case "withdrawn":
      return answer(false, "consent_withdrawn");
    case "pending_confirmation":
      return basis === "consent" ? answer(false, "awaiting_confirmation") : answer(true, basis);
    case "granted":
      return answer(true, basis === "consent" ? "consent_granted" : basis);
    default:
      return basis === "consent" ? answer(false, "no_consent") : answer(true, basis);
  }
}
