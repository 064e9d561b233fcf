/**
 * Data subject requests over HTTP. Staff (admin, DPO) open and carry out requests, stating how
 * they verified the person; the customer can ask through their preference link, which is itself
 * the verification (it reached them in their own mailbox). Exports are built on demand and never
 * written to disk, so there is no export file to forget at erasure.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Core } from "../../core.js";
import { exportToCsv, REQUEST_KINDS, type SubjectExport, VERIFICATIONS } from "../../privacy/index.js";
import { actorOf, requireAdmin } from "../auth.js";
import { HttpProblem } from "../http-errors.js";

const format = z.enum(["json", "csv"]).default("json");
const newRequest = z.strictObject({
  kind: z.enum(REQUEST_KINDS),
  subject: z.string().min(1).max(600).describe("profile id or identifier such as email:anna@example.de"),
  verification: z.enum(VERIFICATIONS).describe("how the person's identity was checked"),
  details: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("rectification: {traits}; restriction: {active}; objection: {scope}"),
  execute: z.boolean().default(true).describe("carry it out now (default) or only record it as received"),
});
const requestId = z.object({ id: z.uuid() });
const selfService = z.strictObject({
  kind: z.enum(["access", "portability", "erasure", "restriction", "objection"]),
  confirm: z.literal("erase").optional().describe('an erasure must be confirmed with "erase"'),
});

export function subjectRequestRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { requests } = core;

  typed.post(
    "/v1/subject-requests",
    {
      schema: {
        tags: ["data subject requests"],
        summary:
          "Open a request (access, portability, rectification, erasure, restriction, objection) and carry it out",
        body: newRequest,
        querystring: z.object({ format }),
      },
    },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "requests.manage");
      const { execute, ...wanted } = request.body;
      const actor = actorOf(principal);
      if (!execute)
        return reply.status(201).send({ request: await requests.open(principal.workspaceId, wanted, actor) });
      const done = await requests.submit(principal.workspaceId, wanted, actor);
      return sendResult(reply.status(201), done, request.query.format);
    },
  );

  typed.get(
    "/v1/subject-requests",
    {
      schema: {
        tags: ["data subject requests"],
        summary: "Requests with status and deadline, soonest due first",
        querystring: z.object({ status: z.enum(["received", "completed", "rejected"]).optional() }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "requests.manage");
      return { requests: await requests.list(principal.workspaceId, request.query) };
    },
  );

  typed.get(
    "/v1/subject-requests/:id",
    { schema: { tags: ["data subject requests"], params: requestId } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "requests.manage");
      return requests.get(principal.workspaceId, request.params.id);
    },
  );

  typed.post(
    "/v1/subject-requests/:id/execute",
    {
      schema: {
        tags: ["data subject requests"],
        summary: "Carry out a received request",
        params: requestId,
        querystring: z.object({ format }),
        body: z.strictObject({ details: z.record(z.string(), z.unknown()).optional() }).nullish(),
      },
    },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "requests.manage");
      const done = await requests.execute(
        principal.workspaceId,
        request.params.id,
        actorOf(principal),
        request.body?.details,
      );
      return sendResult(reply, done, request.query.format);
    },
  );

  typed.post(
    "/v1/subject-requests/:id/reject",
    {
      schema: {
        tags: ["data subject requests"],
        summary: "Refuse a request (e.g. identity could not be verified), with the reason",
        params: requestId,
        body: z.strictObject({ reason: z.string().min(1).max(2000) }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "requests.manage");
      return requests.reject(
        principal.workspaceId,
        request.params.id,
        request.body.reason,
        actorOf(principal),
      );
    },
  );

  typed.post(
    "/v1/preferences/:token/requests",
    {
      schema: {
        tags: ["preference centre"],
        summary: "The customer's own request, verified by their preference link",
        params: z.object({ token: z.string().min(1).max(500) }),
        querystring: z.object({ format }),
        body: selfService,
      },
    },
    async (request, reply) => {
      const opened = core.preferenceTokens.open(request.params.token);
      if (opened === undefined)
        throw new HttpProblem("invalid_preference_link", "this preference link is not valid");
      if (request.body.kind === "erasure" && request.body.confirm !== "erase")
        throw new HttpProblem("invalid_request", 'confirm an erasure with "confirm": "erase"');
      const done = await requests.submit(
        opened.workspaceId,
        {
          kind: request.body.kind,
          subject: opened.personId,
          verification: "preference_link",
          channel: "self_service",
        },
        "subject",
      );
      return sendResult(reply.status(201), done, request.query.format);
    },
  );
}

function sendResult(
  reply: FastifyReply,
  done: { request: unknown; export?: SubjectExport },
  format: "json" | "csv",
): FastifyReply {
  if (done.export !== undefined && format === "csv")
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="subject-export-${done.export.requestId}.csv"`)
      .send(exportToCsv(done.export));
  return reply.send(done);
}
