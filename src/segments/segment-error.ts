/** Failures of the segment service a caller can act on; the server maps each code to a 4xx. */
import type { SegmentIssue } from "./segment-issue.js";

export type SegmentErrorCode =
  | "invalid_segment_definition"
  | "invalid_segment"
  | "segment_not_found"
  | "segment_exists"
  | "segment_in_use"
  | "audience_too_small"
  | "audience_destination_failed";

export class SegmentError extends Error {
  override readonly name = "SegmentError";

  constructor(
    readonly code: SegmentErrorCode,
    message: string,
    readonly issues: readonly SegmentIssue[] = [],
  ) {
    super(message);
  }
}
