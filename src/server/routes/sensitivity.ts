/**
 * The sensitive-inference guard over HTTP: campaign and segment tools ask before they target
 * (`targeting-check`), and the data protection officer approves the few sensitive uses that rest
 * on explicit consent. Refusals answer 422 with what was sensitive and why; every attempt is audited.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { looksLikeContactData } from "../../audit/index.js";
import type { Core } from "../../core.js";
import { TARGETING_KINDS } from "../../privacy/index.js";
import { actorOf, requireAdmin } from "../auth.js";

// What a check names is audited, and audit entries hold pseudonyms only.
const pseudonymous = (text: z.ZodString) =>
  text.refine((value) => !looksLikeContactData(value), "must not be an e-mail address or phone number");
const names = z
  .array(pseudonymous(z.string().min(1).max(300)))
  .max(200)
  .optional();
const use = z.strictObject({
  kind: z.enum(TARGETING_KINDS),
  name: pseudonymous(z.string().min(1).max(200)),
  categories: names.describe("product category paths or names, e.g. Drogerie > Baby"),
  events: names,
  fields: names.describe("traits.x or properties.x"),
  productTags: names,
});

export function sensitivityRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const guard = core.sensitivity;

  typed.post(
    "/v1/privacy/targeting-check",
    {
      schema: {
        tags: ["privacy"],
        summary:
          "May this segment, campaign or recommendation target on what it refers to? 422 when sensitive",
        body: use,
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "targeting.define");
      return {
        allowed: true,
        ...(await guard.check(principal.workspaceId, request.body, actorOf(principal))),
      };
    },
  );

  typed.get(
    "/v1/privacy/sensitivity-policy",
    { schema: { tags: ["privacy"], summary: "Which categories, events and fields count as sensitive" } },
    async (request) => {
      await requireAdmin(core.authenticator, request, "catalogue.read");
      return guard.policy;
    },
  );

  typed.get(
    "/v1/privacy/sensitive-approvals",
    { schema: { tags: ["privacy"], summary: "The DPO's approvals of sensitive targeting" } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "sensitive.approve");
      return { approvals: await guard.approvals(principal.workspaceId) };
    },
  );

  typed.post(
    "/v1/privacy/sensitive-approvals",
    {
      schema: {
        tags: ["privacy"],
        summary: "Approve one sensitive use on explicit consent (Art. 9(2)(a)); DPO only",
        body: use.extend({
          legalBasis: z.literal("explicit_consent"),
          note: z.string().max(2000).optional(),
        }),
      },
    },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "sensitive.approve");
      const { legalBasis, note, ...approved } = request.body;
      return reply
        .status(201)
        .send(await guard.approve(principal.workspaceId, approved, { legalBasis, note }, actorOf(principal)));
    },
  );

  typed.delete(
    "/v1/privacy/sensitive-approvals/:id",
    { schema: { tags: ["privacy"], summary: "Revoke an approval", params: z.object({ id: z.uuid() }) } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "sensitive.approve");
      return guard.revoke(principal.workspaceId, request.params.id, actorOf(principal));
    },
  );
}
