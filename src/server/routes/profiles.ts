/**
 * Profile API (admin keys): the 360° view by person id or any identifier, contact lists filtered
 * on any trait or computed trait, rectification, the interaction timeline, identity history and
 * unmerge, and user-defined computed traits.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { can, maskContactData } from "../../access/index.js";
import type { Core } from "../../core.js";
import { SORT_FIELDS } from "../../profiles/index.js";
import { type AdminPrincipal, actorOf, requireAdmin } from "../auth.js";

const reference = z.object({
  id: z
    .string()
    .min(1)
    .max(600)
    .describe("a profile id, or an identifier such as email:anna@example.de, user:42, card:1234, anon:…"),
});
const listQuery = z
  .object({
    sort: z
      .string()
      .max(40)
      .optional()
      .describe(`one of ${Object.keys(SORT_FIELDS).join(", ")}; prefix - for descending (default -lastSeen)`),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
    q: z
      .string()
      .max(200)
      .optional()
      .describe("contact search: words or word beginnings (3+ letters) of names and e-mail address"),
  })
  .catchall(z.union([z.string().max(1000), z.array(z.string().max(1000)).max(20)]))
  .describe(
    "filters: field=value or field[op]=value, op one of eq ne gt gte lt lte in contains exists; fields traits.<name>, computed.<name>, computed.custom.<name>, demographics.<name>",
  );
const timelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
  kind: z
    .string()
    .max(40)
    .optional()
    .describe("only entries of this kind: order, survey, complaint, consent, …"),
});
const rectification = z.strictObject({
  traits: z.record(z.string().min(1).max(200), z.unknown()).describe("new values; null removes a trait"),
  reason: z.string().max(1000).optional(),
});

export function profileRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { profiles } = core;
  // Every read or change of a profile is audited under the person id, never the identifier
  // asked for (which may be an e-mail address): `via` keeps only its kind.
  const audited = (
    principal: AdminPrincipal,
    action: string,
    personId: string,
    reference: string,
    details: Record<string, unknown> = {},
  ) =>
    core.audit.record(principal.workspaceId, {
      actor: actorOf(principal),
      action,
      subject: personId,
      details: { via: referenceKind(reference), ...details },
    });

  typed.get("/v1/profiles", { schema: { tags: ["profiles"], querystring: listQuery } }, async (request) => {
    const principal = await requireAdmin(core.authenticator, request, "profiles.list");
    const { sort, limit, cursor, q, ...filters } = request.query;
    const page = await profiles.list(principal.workspaceId, { sort, limit, cursor, q, filters });
    await core.audit.record(principal.workspaceId, {
      actor: actorOf(principal),
      action: "profile.list",
      subject: null,
      details: { count: page.data.length, filters: Object.keys(filters), search: q !== undefined },
    });
    return shown(principal, page);
  });

  typed.get("/v1/profiles/:id", { schema: { tags: ["profiles"], params: reference } }, async (request) => {
    const principal = await requireAdmin(core.authenticator, request, "profiles.read");
    const view = await profiles.get(principal.workspaceId, request.params.id, (personId) =>
      audited(principal, "profile.read", personId, request.params.id),
    );
    return shown(principal, view);
  });

  typed.patch(
    "/v1/profiles/:id",
    {
      schema: {
        tags: ["profiles"],
        summary: "Rectify traits (Art. 16); recorded with who and why",
        params: reference,
        body: rectification,
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "profiles.write");
      const view = await profiles.rectify(
        principal.workspaceId,
        request.params.id,
        request.body,
        actorOf(principal),
      );
      await audited(principal, "profile.rectify", view.id, request.params.id, {
        traits: Object.keys(request.body.traits),
      });
      return shown(principal, view);
    },
  );

  typed.get(
    "/v1/profiles/:id/timeline",
    { schema: { tags: ["profiles"], params: reference, querystring: timelineQuery } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "profiles.read");
      const timeline = await profiles.timeline(principal.workspaceId, request.params.id, request.query);
      await audited(principal, "profile.timeline", timeline.id, request.params.id);
      return shown(principal, timeline);
    },
  );

  typed.get(
    "/v1/profiles/:id/identity",
    {
      schema: {
        tags: ["profiles"],
        summary: "Merges into and out of this profile, and refused merges",
        params: reference,
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "profiles.read");
      const history = await profiles.history(principal.workspaceId, request.params.id);
      await audited(principal, "profile.identity", history.id, request.params.id);
      return shown(principal, history);
    },
  );

  typed.post(
    "/v1/merges/:mergeId/unmerge",
    {
      schema: {
        tags: ["profiles"],
        summary: "Undo a merge: both persons come back with their own identifiers, events and traits",
        params: z.object({ mergeId: z.string().max(20) }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "profiles.write");
      const result = await profiles.unmerge(
        principal.workspaceId,
        request.params.mergeId,
        actorOf(principal),
      );
      await audited(principal, "profile.unmerge", result.restored, result.restored, {
        mergeId: request.params.mergeId,
        from: result.from,
      });
      return result;
    },
  );

  typed.get("/v1/computed-traits", { schema: { tags: ["profiles"] } }, async (request) => {
    const principal = await requireAdmin(core.authenticator, request, "profiles.read");
    return { computedTraits: await profiles.computedTraits.list(principal.workspaceId) };
  });

  typed.post(
    "/v1/computed-traits",
    {
      schema: {
        tags: ["profiles"],
        summary:
          "Define a computed trait (count, sum, avg, min, max, mostFrequent, first, last, unique) and compute it for every profile",
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "traits.manage");
      // A computed trait is a targeting criterion: counting pharmacy visits infers health.
      const { name, event, property } = request.body;
      await core.sensitivity.check(
        principal.workspaceId,
        {
          kind: "computed_trait",
          name: typeof name === "string" ? name : "",
          events: typeof event === "string" ? [event] : [],
          fields: typeof property === "string" ? [`properties.${property}`] : [],
        },
        actorOf(principal),
      );
      return reply
        .status(201)
        .send(await profiles.computedTraits.define(principal.workspaceId, request.body));
    },
  );

  typed.delete(
    "/v1/computed-traits/:name",
    { schema: { tags: ["profiles"], params: z.object({ name: z.string().max(100) }) } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "traits.manage");
      await profiles.computedTraits.remove(principal.workspaceId, request.params.name);
      return { removed: request.params.name };
    },
  );
}

/** Contact data as the role may see it: in full with `contacts.read`, masked otherwise. */
function shown<T>(principal: AdminPrincipal, value: T): T {
  return can(principal.role, "contacts.read") ? value : maskContactData(value);
}

function referenceKind(reference: string): string {
  const colon = reference.indexOf(":");
  return colon > 0 ? reference.slice(0, colon).toLowerCase() : "id";
}
