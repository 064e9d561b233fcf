/** Failures of the privacy context a caller can act on; the server maps each code to a 4xx. */
export type PrivacyErrorCode =
  | "profile_not_found"
  | "invalid_consent"
  | "confirmation_not_found"
  | "confirmation_expired"
  | "invalid_preference_link"
  | "request_not_found"
  | "request_closed"
  | "invalid_request_details"
  | "sensitive_targeting_refused"
  | "nothing_to_approve"
  | "approval_not_found";

export class PrivacyError extends Error {
  override readonly name = "PrivacyError";
  constructor(
    readonly code: PrivacyErrorCode,
    message: string,
  ) {
    super(message);
  }
}
