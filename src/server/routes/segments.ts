/**
 * Segments over HTTP: define (JSON tree or text form), change, remove, preview with a sample
 * (contact data masked for roles without `contacts.read`), members with a cursor, size over time,
 * the enter/exit log, and a recompute. Every definition passes the sensitive-inference guard.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { can, maskContactData } from "../../access/index.js";
import type { Core } from "../../core.js";
import { PURPOSES } from "../../protocol/index.js";
import { type AdminPrincipal, actorOf, requireAdmin } from "../auth.js";

const definitionFields = {
  description: z.string().max(1000).optional(),
  definition: z.unknown().optional().describe("the JSON tree (docs/segment-language.md)"),
  text: z
    .string()
    .max(2_000_000)
    .optional()
    .describe('the text form, e.g. count(Order Completed, last 90d) >= 2 and trait.city = "Bern"'),
};
const reference = z.object({ id: z.string().min(1).max(200).describe("segment id or name") });

export function segmentRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { segments } = core;
  const shown = <T>(principal: AdminPrincipal, value: T): T =>
    can(principal.role, "contacts.read") ? value : maskContactData(value);

  typed.post(
    "/v1/segments",
    {
      schema: {
        tags: ["segments"],
        summary: "Define a segment; it is evaluated at once and kept current",
        body: z.strictObject({ name: z.string().min(1).max(100), ...definitionFields }),
      },
    },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "targeting.define");
      const segment = await segments.define(principal.workspaceId, request.body, actorOf(principal));
      return reply.status(201).send(segment);
    },
  );

  typed.get("/v1/segments", { schema: { tags: ["segments"] } }, async (request) => {
    const principal = await requireAdmin(core.authenticator, request, "segments.read");
    return { segments: await segments.list(principal.workspaceId) };
  });

  typed.get(
    "/v1/segments/templates",
    { schema: { tags: ["segments"], summary: "Ready-made definitions: RFM tiers and CLV value tiers" } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "segments.read");
      return { templates: await segments.templates(principal.workspaceId) };
    },
  );

  typed.get("/v1/segments/:id", { schema: { tags: ["segments"], params: reference } }, async (request) => {
    const principal = await requireAdmin(core.authenticator, request, "segments.read");
    return segments.get(principal.workspaceId, request.params.id);
  });

  typed.put(
    "/v1/segments/:id",
    {
      schema: {
        tags: ["segments"],
        summary: "Change a definition; members are re-evaluated with those of segments using it",
        params: reference,
        body: z.strictObject(definitionFields),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "targeting.define");
      return segments.update(principal.workspaceId, request.params.id, request.body, actorOf(principal));
    },
  );

  typed.delete(
    "/v1/segments/:id",
    { schema: { tags: ["segments"], params: reference } },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "targeting.define");
      await segments.remove(principal.workspaceId, request.params.id, actorOf(principal));
      return reply.status(204).send();
    },
  );

  typed.post(
    "/v1/segments/preview",
    {
      schema: {
        tags: ["segments"],
        summary: "Size and a sample of a definition, without storing anything",
        body: z.strictObject({ ...definitionFields, sample: z.number().int().min(0).max(100).default(10) }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "profiles.list");
      const { sample, ...input } = request.body;
      const preview = await segments.preview(principal.workspaceId, input, actorOf(principal), sample);
      const profiles = await core.profiles.summaries(principal.workspaceId, preview.sample);
      await core.audit.record(principal.workspaceId, {
        actor: actorOf(principal),
        action: "segment.preview",
        subject: null,
        details: { count: preview.count, sample: profiles.length },
      });
      return shown(principal, { ...preview, sample: profiles });
    },
  );

  typed.get(
    "/v1/segments/:id/members",
    {
      schema: {
        tags: ["segments"],
        params: reference,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          cursor: z.string().max(100).optional(),
          profiles: z.stringbool().default(false).describe("include each member's profile summary"),
        }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "profiles.list");
      const { limit, cursor, profiles } = request.query;
      const page = await segments.members(principal.workspaceId, request.params.id, { limit, after: cursor });
      await core.audit.record(principal.workspaceId, {
        actor: actorOf(principal),
        action: "segment.members",
        subject: `segment:${page.segment}`,
        details: { count: page.data.length },
      });
      if (!profiles) return page;
      const summaries = await core.profiles.summaries(
        principal.workspaceId,
        page.data.map((m) => m.personId),
      );
      return shown(principal, { ...page, profiles: summaries });
    },
  );

  typed.get(
    "/v1/segments/:id/sizes",
    { schema: { tags: ["segments"], params: reference } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "segments.read");
      return segments.sizes(principal.workspaceId, request.params.id);
    },
  );

  typed.get(
    "/v1/segments/:id/changes",
    {
      schema: {
        tags: ["segments"],
        summary: "Entries and exits in order (what campaigns trigger on)",
        params: reference,
        querystring: z.object({
          after: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "profiles.list");
      return segments.changes(principal.workspaceId, request.params.id, request.query);
    },
  );

  typed.post(
    "/v1/segments/:id/exports",
    {
      schema: {
        tags: ["segments"],
        summary:
          "Export the audience for a purpose: only members whose consent covers it, at least k of them",
        params: reference,
        body: z.strictObject({
          purpose: z.enum(PURPOSES),
          destination: z.discriminatedUnion("kind", [
            z.strictObject({ kind: z.literal("csv") }),
            z.strictObject({ kind: z.literal("webhook"), url: z.url({ protocol: /^https?$/ }).max(2000) }),
          ]),
          pseudonymise: z
            .boolean()
            .default(false)
            .describe("per-export keyed pseudonyms instead of person ids"),
          fields: z
            .array(
              z
                .string()
                .regex(/^(traits|demographics|computed)(\.[A-Za-z0-9_-]+){1,5}$/)
                .max(200),
            )
            .max(30)
            .default([])
            .describe("profile summary fields to include, e.g. demographics.city, computed.orderCount"),
        }),
      },
    },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "audiences.export");
      const result = await segments.exportAudience(
        principal.workspaceId,
        request.params.id,
        request.body,
        actorOf(principal),
        async (workspaceId, ids) =>
          shown(principal, await core.profiles.summaries(workspaceId, ids)) as unknown as Record<
            string,
            unknown
          >[],
      );
      if (request.body.destination.kind !== "csv") return result;
      const { csv, ...summary } = result;
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("x-kundenprofil-export", JSON.stringify(summary))
        .send(csv);
    },
  );

  typed.post(
    "/v1/segments/:id/recompute",
    { schema: { tags: ["segments"], params: reference } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "targeting.define");
      return { results: await segments.recompute(principal.workspaceId, request.params.id) };
    },
  );
}
