/** Failures of the profile context a caller can act on; the server maps each code to a 4xx. */
export type ProfileErrorCode =
  | "profile_not_found"
  | "invalid_identifier"
  | "invalid_filter"
  | "invalid_cursor"
  | "merge_not_found"
  | "already_unmerged"
  | "invalid_traits"
  | "computed_trait_exists"
  | "computed_trait_not_found";

export class ProfileError extends Error {
  override readonly name = "ProfileError";
  constructor(
    readonly code: ProfileErrorCode,
    message: string,
  ) {
    super(message);
  }
}
