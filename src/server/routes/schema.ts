/**
 * Schema registry API: the effective field declarations the server enforces at ingest, for every
 * declaration file and per source. Declarations hold no personal data.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { listSources, SOURCE_ID_PATTERN } from "../../access/index.js";
import type { Core } from "../../core.js";
import { DEFAULT_DECLARATION, declarationFor } from "../../registry/index.js";
import { requireAdmin } from "../auth.js";

const sourceParams = z.object({
  source: z.string().regex(SOURCE_ID_PATTERN, "source ids are lower-case letters, digits, - and _"),
});

export function schemaRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    "/v1/schema",
    {
      schema: {
        tags: ["schema"],
        summary: "Every declaration (default included) and which one governs each known source",
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "schema.read");
      const sources = await listSources(core.database.db, principal.workspaceId);
      return {
        declarations: [...core.schemas.declarations.values()],
        sources: sources.map((s) => ({
          id: s.id,
          declaration: core.schemas.declarations.has(s.id) ? s.id : DEFAULT_DECLARATION,
        })),
      };
    },
  );

  typed.get(
    "/v1/schema/:source",
    {
      schema: {
        tags: ["schema"],
        summary: "The declaration a source's messages are checked against (its own, else the default)",
        params: sourceParams,
      },
    },
    async (request) => {
      await requireAdmin(core.authenticator, request, "schema.read");
      const { source } = request.params;
      return {
        source,
        own: core.schemas.declarations.has(source),
        declaration: declarationFor(core.schemas, source),
      };
    },
  );
}
