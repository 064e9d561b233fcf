/**
 * The Segment HTTP Tracking API: /v1/identify, /track, /page, /screen, /group, /alias and /batch,
 * plus the settings document browser clients fetch. A 200 means every message is committed;
 * a batch with invalid messages stores the valid ones and answers 400 listing the others.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Core } from "../../core.js";
import type { MessageResult } from "../../ingest/index.js";
import { isRecord, isStorableTime, MESSAGE_TYPES, type MessageType, timeMs } from "../../protocol/index.js";
import { requireWriteKey } from "../auth.js";
import { HttpProblem } from "../http-errors.js";
import { MAX_BODY_BYTES } from "../json-body.js";
import { CHECKS_EACH_MESSAGE } from "../text-guards.js";

const SINGLE_MESSAGE_BYTES = 32 * 1024;
const MAX_BATCH_MESSAGES = 2_500;

// Documentation only: messages are validated one by one so that one bad message spoils nothing else.
const messageDoc = z.object({
  userId: z.string().optional(),
  anonymousId: z.string().optional(),
  messageId: z.string().optional(),
  timestamp: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});
const batchDoc = z.object({
  batch: z.array(z.record(z.string(), z.unknown())),
  sentAt: z.string().optional(),
});
const passThrough = () => (data: unknown) => ({ value: data });

export function trackingRoutes(app: FastifyInstance, core: Core): void {
  for (const type of MESSAGE_TYPES) {
    app.post(
      `/v1/${type}`,
      {
        config: CHECKS_EACH_MESSAGE,
        bodyLimit: SINGLE_MESSAGE_BYTES,
        schema: { tags: ["tracking"], summary: `Segment ${type} call`, body: messageDoc },
        validatorCompiler: passThrough,
      },
      async (request, reply) => {
        const results = await ingestFrom(core, request, [request.body], type);
        return reply.status(200).send(summarise(results, "single"));
      },
    );
  }

  app.post(
    "/v1/batch",
    {
      config: CHECKS_EACH_MESSAGE,
      bodyLimit: MAX_BODY_BYTES,
      schema: { tags: ["tracking"], summary: "Segment batch of up to 500 KB", body: batchDoc },
      validatorCompiler: passThrough,
    },
    async (request, reply) => {
      const body = request.body;
      const batch =
        body !== null && typeof body === "object" ? (body as Record<string, unknown>).batch : undefined;
      if (!Array.isArray(batch))
        throw new HttpProblem("invalid_body", "the body must be an object with a batch array");
      if (batch.length > MAX_BATCH_MESSAGES) {
        throw new HttpProblem("batch_too_large", `a batch holds at most ${MAX_BATCH_MESSAGES} messages`);
      }
      const results = await ingestFrom(
        core,
        request,
        withBatchDefaults(body as Record<string, unknown>, batch),
      );
      return reply.status(200).send(summarise(results, "batch"));
    },
  );

  app.get<{ Params: { writeKey: string } }>(
    "/v1/projects/:writeKey/settings",
    { schema: { tags: ["tracking"], summary: "Settings for browser clients (analytics.js)" } },
    async (request) => {
      const principal = await core.authenticator.authenticate(request.params.writeKey);
      if (principal?.kind !== "write")
        throw new HttpProblem("invalid_write_key", "unknown or revoked write key");
      const host = request.headers.host ?? "localhost";
      return {
        integrations: {
          "Segment.io": {
            apiKey: request.params.writeKey,
            apiHost: `${host}/v1`,
            protocol: request.protocol,
          },
        },
        plan: { track: { __default: { enabled: true } }, identify: { __default: { enabled: true } } },
        edgeFunction: {},
        analyticsNextEnabled: true,
      };
    },
  );
}

async function ingestFrom(
  core: Core,
  request: FastifyRequest,
  messages: unknown[],
  defaultType?: MessageType,
): Promise<MessageResult[]> {
  const principal = await requireWriteKey(core.authenticator, request, request.body);
  const sentAt = parseSentAt(request.body);
  return core.ingestor.ingest(
    messages,
    {
      workspaceId: principal.workspaceId,
      sourceId: principal.sourceId,
      receivedAt: new Date(),
      sentAt,
      ip: request.ip,
      // Global Privacy Control: recorded with each message as an objection to sharing.
      gpc: request.headers["sec-gpc"] === "1",
    },
    defaultType ? { defaultType } : {},
  );
}

/** Batch-level context and integrations apply to every message that does not set its own. */
function withBatchDefaults(body: Record<string, unknown>, batch: unknown[]): unknown[] {
  const context = isRecord(body.context) ? body.context : undefined;
  const integrations = isRecord(body.integrations) ? body.integrations : undefined;
  if (!context && !integrations) return batch;
  return batch.map((message) => {
    if (!isRecord(message)) return message;
    const merged: Record<string, unknown> = { ...message };
    if (context) merged.context = { ...context, ...(isRecord(message.context) ? message.context : {}) };
    if (integrations && message.integrations === undefined) merged.integrations = integrations;
    return merged;
  });
}

/** The batch's `sentAt`; one that cannot be read, or is out of range, is ignored as if absent. */
function parseSentAt(body: unknown): Date | undefined {
  const value = isRecord(body) ? body.sentAt : undefined;
  if (typeof value !== "string") return undefined;
  const ms = timeMs(value);
  return isStorableTime(ms) ? new Date(ms) : undefined;
}

/**
 * A single call fails with its message's own code; a batch with `invalid_messages` and the list.
 * Fields the source's declaration stripped are listed per message (`stripped`, only when there
 * are any); Segment's clients ignore the extra key.
 */
function summarise(results: MessageResult[], shape: "single" | "batch"): Record<string, unknown> {
  const rejected = results.filter((r) => r.status === "rejected");
  const stored = results.filter((r) => r.status === "stored").length;
  const duplicates = results.filter((r) => r.status === "duplicate").length;
  const stripped = strippedFields(results);
  if (rejected.length === 0) return { success: true, stored, duplicates, ...stripped };
  const first = rejected[0]!;
  throw new HttpProblem(
    shape === "single" ? first.issue.code : "invalid_messages",
    shape === "single"
      ? first.issue.message
      : `${rejected.length} of ${results.length} messages were rejected (the others were stored); first: message ${first.index}: ${first.issue.message}`,
    {
      stored,
      duplicates,
      ...stripped,
      rejected: rejected.slice(0, 100).map((r) => ({
        index: r.index,
        messageId: r.messageId,
        code: r.issue.code,
        path: r.issue.path,
        message: r.issue.message,
      })),
    },
  );
}

function strippedFields(results: MessageResult[]): { stripped?: unknown[] } {
  const stripped = results.flatMap((r) =>
    r.status !== "rejected" && r.stripped !== undefined
      ? [{ index: r.index, messageId: r.messageId, fields: r.stripped }]
      : [],
  );
  return stripped.length === 0 ? {} : { stripped };
}
