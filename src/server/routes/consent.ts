/**
 * Consent API for admin keys: record and read consent, objection (Art. 21) and restriction
 * (Art. 18), ask the decision (`may`), and issue the tokens for double opt-in and for the
 * customer's preference links (their side is preference-centre.ts).
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Core } from "../../core.js";
import { CONSENT_METHODS } from "../../privacy/index.js";
import { PURPOSES } from "../../protocol/index.js";
import { actorOf, requireAdmin } from "../auth.js";

const reference = z.object({ id: z.string().min(1).max(600) });
const purpose = z.enum(PURPOSES);
const choice = z.enum(["granted", "denied", "withdrawn"]);
const consentChange = z.strictObject({
  purposes: z.partialRecord(purpose, choice).describe("purpose → granted, denied or withdrawn"),
  notice: z
    .strictObject({ id: z.string().min(1).max(200), version: z.string().max(100).optional() })
    .optional()
    .describe("the privacy notice the person was shown"),
  method: z.enum(CONSENT_METHODS).default("api"),
  proof: z.record(z.string(), z.unknown()).optional().describe("how consent was given (form, wording, …)"),
});
const objection = z.strictObject({
  scope: z.enum([...PURPOSES, "direct_marketing"]),
  active: z.boolean().default(true),
  reason: z.string().max(2000).optional(),
});
const restriction = z.strictObject({
  active: z.boolean().default(true),
  reason: z.string().max(2000).optional(),
});

export function consentRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { consent } = core;

  typed.get(
    "/v1/profiles/:id/consent",
    {
      schema: {
        tags: ["consent"],
        summary: "Current consent, objections, restriction and decisions",
        params: reference,
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "consents.read");
      const state = await consent.state(principal.workspaceId, request.params.id);
      await core.audit.record(principal.workspaceId, {
        actor: actorOf(principal),
        action: "consent.read",
        subject: state.id,
        details: {},
      });
      return state;
    },
  );

  typed.get(
    "/v1/profiles/:id/consent/history",
    {
      schema: {
        tags: ["consent"],
        summary: "Every consent change with source and proof (Art. 7(1))",
        params: reference,
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "consents.read");
      const history = await consent.history(principal.workspaceId, request.params.id);
      await core.audit.record(principal.workspaceId, {
        actor: actorOf(principal),
        action: "consent.history",
        subject: history.id,
        details: {},
      });
      return history;
    },
  );

  typed.post(
    "/v1/profiles/:id/consent",
    {
      schema: {
        tags: ["consent"],
        summary: "Record consent per purpose; an e-mail grant returns a double opt-in confirmation token",
        params: reference,
        body: consentChange,
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "consents.write");
      return consent.record(principal.workspaceId, request.params.id, request.body, actorOf(principal));
    },
  );

  typed.post(
    "/v1/profiles/:id/consent/withdraw",
    {
      schema: {
        tags: ["consent"],
        summary: "Withdraw consent for every purpose (or those named) in one call",
        params: reference,
        body: z.strictObject({ purposes: z.array(purpose).min(1).optional() }).nullish(),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "consents.write");
      return consent.withdraw(
        principal.workspaceId,
        request.params.id,
        request.body?.purposes,
        actorOf(principal),
      );
    },
  );

  typed.get(
    "/v1/profiles/:id/may/:purpose",
    {
      schema: {
        tags: ["consent"],
        summary: "May this person's data be used for this purpose now? With the reason",
        params: reference.extend({ purpose }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "consents.read");
      return consent.may(principal.workspaceId, request.params.id, request.params.purpose);
    },
  );

  typed.post(
    "/v1/profiles/:id/objection",
    {
      schema: {
        tags: ["consent"],
        summary: "Record or lift an objection (Art. 21)",
        params: reference,
        body: objection,
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "consents.write");
      return consent.object(principal.workspaceId, request.params.id, request.body, actorOf(principal));
    },
  );

  typed.post(
    "/v1/profiles/:id/restriction",
    {
      schema: {
        tags: ["consent"],
        summary: "Restrict processing or lift it (Art. 18)",
        params: reference,
        body: restriction,
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "consents.write");
      return consent.restrict(principal.workspaceId, request.params.id, request.body, actorOf(principal));
    },
  );

  typed.post(
    "/v1/profiles/:id/consent/confirmation",
    {
      schema: {
        tags: ["consent"],
        summary: "A new double opt-in token for the confirmation mail",
        params: reference,
        body: z.strictObject({ purpose }),
      },
    },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "consents.write");
      return reply
        .status(201)
        .send(
          await consent.requestConfirmation(principal.workspaceId, request.params.id, request.body.purpose),
        );
    },
  );

  typed.post(
    "/v1/profiles/:id/preference-link",
    {
      schema: {
        tags: ["consent"],
        summary: "The token for this person's preference centre and unsubscribe links",
        params: reference,
      },
    },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "consents.write");
      const { id } = await core.profiles.resolve(principal.workspaceId, request.params.id);
      const issued = core.preferenceTokens.issue(principal.workspaceId, id);
      return reply.status(201).send({
        token: issued,
        preferenceCentre: `/v1/preferences/${issued}`,
        unsubscribe: `/v1/preferences/${issued}/unsubscribe`,
      });
    },
  );
}
