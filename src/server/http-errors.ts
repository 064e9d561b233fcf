/**
 * The one place where failures become HTTP statuses. Routes throw `HttpProblem` with a code; the
 * error handler also translates Fastify's own errors (body limits, content types, schema
 * validation) so every client mistake is a 4xx that names the problem and nothing leaks as a 5xx.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { IngestIssue } from "../ingest/index.js";
import { InsightsError, type InsightsErrorCode } from "../insights/index.js";
import { PrivacyError, type PrivacyErrorCode } from "../privacy/index.js";
import { ProfileError, type ProfileErrorCode } from "../profiles/index.js";
import { SegmentError, type SegmentErrorCode } from "../segments/index.js";

export type ProblemCode =
  | "invalid_json"
  | "invalid_body"
  | "invalid_request"
  | "unsupported_media_type"
  | "unsupported_encoding"
  | "batch_too_large"
  | "message_too_large"
  | "invalid_messages"
  | "no_write_key"
  | "invalid_write_key"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "unavailable"
  | ProfileErrorCode
  | PrivacyErrorCode
  | InsightsErrorCode
  | SegmentErrorCode
  | IngestIssue["code"];

export class HttpProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function statusOf(code: ProblemCode): number {
  switch (code) {
    case "invalid_json":
    case "invalid_body":
    case "invalid_request":
    case "unsupported_encoding":
    case "batch_too_large":
    case "message_too_large":
    case "invalid_messages":
    case "not_an_object":
    case "unknown_type":
    case "no_user_anon_id":
    case "invalid_field":
    case "invalid_event_properties":
    case "too_deep":
    case "forbidden_key":
    case "invalid_string":
    case "invalid_identifier":
    case "invalid_filter":
    case "invalid_cursor":
    case "invalid_traits":
    case "undeclared_field":
    case "special_category_refused":
    case "invalid_consent":
    case "invalid_request_details":
    case "nothing_to_approve":
    case "invalid_analytics_options":
    case "invalid_segment_definition":
    case "invalid_segment":
      return 400;
    case "no_write_key":
    case "invalid_write_key":
    case "unauthorized":
      return 401;
    case "forbidden":
      return 403;
    case "not_found":
    case "profile_not_found":
    case "merge_not_found":
    case "computed_trait_not_found":
    case "confirmation_not_found":
    case "invalid_preference_link":
    case "request_not_found":
    case "approval_not_found":
    case "run_not_found":
    case "segment_not_found":
      return 404;
    case "confirmation_expired":
      return 410;
    case "already_unmerged":
    case "computed_trait_exists":
    case "request_closed":
    case "analytics_run_in_progress":
    case "segment_exists":
    case "segment_in_use":
      return 409;
    case "unsupported_media_type":
      return 415;
    case "sensitive_targeting_refused":
    case "audience_too_small":
      return 422;
    case "audience_destination_failed":
      return 502;
    case "unavailable":
      return 503;
    default:
      return assertNever(code);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${String(value)}`);
}

export function problemBody(problem: HttpProblem): Record<string, unknown> {
  return { success: false, code: problem.code, message: problem.message, ...problem.details };
}

/** The longest path segment the router takes (ids, cursors and Segment ids are far shorter). */
export const MAX_PARAM_LENGTH = 500;

/** Fastify error handler: known problems as they are, framework errors mapped, the rest 500 + log. */
export function handleError(
  error: FastifyError | HttpProblem | ProfileError | PrivacyError | InsightsError | SegmentError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const problem =
    error instanceof HttpProblem
      ? error
      : error instanceof SegmentError
        ? new HttpProblem(error.code, error.message, error.issues.length > 0 ? { issues: error.issues } : {})
        : error instanceof ProfileError || error instanceof PrivacyError || error instanceof InsightsError
          ? new HttpProblem(error.code, error.message)
          : fromFastifyError(error);
  if (problem) {
    void reply.status(statusOf(problem.code)).send(problemBody(problem));
    return;
  }
  request.log.error({ err: error }, "unhandled error");
  void reply.status(500).send({ success: false, code: "internal_error", message: "internal error" });
}

function fromFastifyError(error: FastifyError): HttpProblem | undefined {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0];
    const where = first?.instancePath
      ? `${error.validationContext ?? "request"}${first.instancePath.replaceAll("/", ".")}`
      : (error.validationContext ?? "request");
    return new HttpProblem("invalid_request", `${where}: ${first?.message ?? "invalid"}`);
  }
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new HttpProblem("batch_too_large", "request body is larger than the limit for this endpoint");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new HttpProblem("unsupported_media_type", "send JSON (Content-Type: application/json)");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new HttpProblem("invalid_json", "the request body is empty");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new HttpProblem("invalid_json", error.message);
    case "FST_ERR_MAX_PARAM_LENGTH":
      // Fastify's message repeats the whole path.
      return new HttpProblem(
        "invalid_request",
        `a path segment is longer than ${MAX_PARAM_LENGTH} characters`,
      );
    default:
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return new HttpProblem("invalid_request", error.message);
      }
      return undefined;
  }
}
