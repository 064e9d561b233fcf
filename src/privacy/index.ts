/** Public surface of the privacy context: consent, objection and restriction, and the decision. */
export {
  type Actor,
  CONSENT_METHODS,
  type Confirmation,
  type ConsentChange,
  type ConsentChoice,
  type ConsentLedger,
  type ConsentMethod,
  type ConsentState,
  createConsentLedger,
} from "./consent-ledger.js";
export {
  DEFAULT_PURPOSE_BASIS,
  type Decision,
  type DecisionReason,
  decide,
  type LegalBasis,
} from "./decide.js";
export { createPreferenceTokens, type PreferenceTokens } from "./preference-token.js";
export { PrivacyError, type PrivacyErrorCode } from "./privacy-error.js";
export { createRetention, type Retention, type RetentionRun } from "./retention.js";
export {
  type Approval,
  categoryTags,
  createSensitivityGuard,
  DEFAULT_SENSITIVITY_POLICY,
  SENSITIVE_TAGS,
  type SensitiveReference,
  type SensitiveTag,
  type SensitivityGuard,
  type SensitivityPolicy,
  SPECIAL_CATEGORY_TAGS,
  sensitiveReferences,
  TARGETING_KINDS,
  type TargetingKind,
  type TargetingUse,
} from "./sensitivity.js";
export { exportToCsv, type ProcessingRecord, type SubjectExport } from "./subject-export.js";
export {
  createSubjectRequests,
  type NewRequest,
  REQUEST_KINDS,
  type RequestKind,
  type RequestStatus,
  type SubjectRequest,
  type SubjectRequests,
  VERIFICATIONS,
  type Verification,
} from "./subject-requests.js";
export { createSuppressionList, type SuppressionList } from "./suppression-list.js";
