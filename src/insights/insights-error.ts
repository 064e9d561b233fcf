/** Failures of the analytics jobs and results a caller can act on; the server maps each to a 4xx. */
export type InsightsErrorCode = "analytics_run_in_progress" | "run_not_found" | "invalid_analytics_options";

export class InsightsError extends Error {
  override readonly name = "InsightsError";

  constructor(
    readonly code: InsightsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
