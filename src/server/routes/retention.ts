/**
 * Retention over HTTP: the plan the declarations imply, and a run (the server also runs it on a
 * schedule). A dry run reports what is due without deleting anything.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Core } from "../../core.js";
import { requireAdmin } from "../auth.js";

export function retentionRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    "/v1/retention/plan",
    {
      schema: {
        tags: ["privacy"],
        summary: "What is deleted when, per source and event, from the declarations",
      },
    },
    async (request) => {
      await requireAdmin(core.authenticator, request, "retention.run");
      return core.retention.plan;
    },
  );

  typed.post(
    "/v1/retention/run",
    {
      schema: {
        tags: ["privacy"],
        summary: "Delete expired events and fields and long-inactive customers now",
        querystring: z.object({ dryRun: z.stringbool().default(false) }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "retention.run");
      return core.retention.run(principal.workspaceId, { dryRun: request.query.dryRun });
    },
  );
}
