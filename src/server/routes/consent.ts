/**
 * Consent API. Admin keys record and read consent, objection (Art. 21) and restriction (Art. 18)
 * and ask the decision (`may`). The preference centre and the one-click unsubscribe are for the
 * customer: they carry no API key, only the signed token from the link in the offer. Double
 * opt-in confirmation links work the same way.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Core } from "../../core.js";
import { CONSENT_METHODS } from "../../privacy/index.js";
import { DIRECT_MARKETING, PURPOSES, type Purpose } from "../../protocol/index.js";
import { actorOf, requireAdmin } from "../auth.js";
import { HttpProblem } from "../http-errors.js";

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
const token = z.object({ token: z.string().min(1).max(500) });

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

  // --- The customer's side: no API key, the signed token is the credential. -----------------

  typed.get(
    "/v1/preferences/:token",
    { schema: { tags: ["preference centre"], summary: "The customer's own consent choices", params: token } },
    async (request) => {
      const { workspaceId, personId } = personOf(core, request.params.token);
      const state = await consent.state(workspaceId, personId);
      return { consent: state.consent, decisions: state.decisions };
    },
  );

  typed.post(
    "/v1/preferences/:token",
    {
      schema: {
        tags: ["preference centre"],
        summary: "The customer changes their choices (true grants, false withdraws)",
        params: token,
        body: z.strictObject({
          purposes: z.partialRecord(purpose, z.boolean()),
          notice: z
            .strictObject({ id: z.string().min(1).max(200), version: z.string().max(100).optional() })
            .optional(),
        }),
      },
    },
    async (request) => {
      const { workspaceId, personId } = personOf(core, request.params.token);
      const purposes = Object.fromEntries(
        Object.entries(request.body.purposes).map(([p, on]) => [p, on ? "granted" : "withdrawn"]),
      );
      const state = await consent.record(
        workspaceId,
        personId,
        { purposes, notice: request.body.notice, method: "preference_centre", proof: proofOf(request) },
        "subject",
      );
      return {
        consent: state.consent,
        decisions: state.decisions,
        confirmations: state.confirmations.length,
      };
    },
  );

  typed.post(
    "/v1/preferences/:token/unsubscribe",
    {
      schema: {
        tags: ["preference centre"],
        summary: "One-click unsubscribe (RFC 8058): withdraws one channel, or every marketing channel",
        params: token,
        querystring: z.object({ purpose: purpose.optional() }),
      },
    },
    async (request) => {
      const { workspaceId, personId } = personOf(core, request.params.token);
      const channels: Purpose[] = request.query.purpose
        ? [request.query.purpose]
        : ["marketing.email", "marketing.sms", "marketing.push"];
      const state = await consent.record(
        workspaceId,
        personId,
        {
          purposes: Object.fromEntries(channels.map((p) => [p, "withdrawn"])),
          method: "unsubscribe_link",
          proof: proofOf(request),
        },
        "subject",
      );
      return { unsubscribed: channels, decisions: state.decisions };
    },
  );

  typed.post(
    "/v1/preferences/:token/objection",
    {
      schema: {
        tags: ["preference centre"],
        summary: "The customer objects to all direct marketing (Art. 21(2)): nothing more on any channel",
        params: token,
      },
    },
    async (request) => {
      const { workspaceId, personId } = personOf(core, request.params.token);
      const state = await consent.object(
        workspaceId,
        personId,
        { scope: "direct_marketing", active: true, reason: "preference centre" },
        "subject",
      );
      return { objections: state.consent.objections, stopped: DIRECT_MARKETING, decisions: state.decisions };
    },
  );

  typed.get(
    "/v1/consent/confirm/:token",
    {
      schema: {
        tags: ["preference centre"],
        summary: "What this double opt-in link confirms (changes nothing)",
        params: token,
      },
    },
    async (request) => consent.pendingConfirmation(request.params.token),
  );

  typed.post(
    "/v1/consent/confirm/:token",
    { schema: { tags: ["preference centre"], summary: "Confirm a double opt-in", params: token } },
    async (request) => consent.confirm(request.params.token, proofOf(request)),
  );
}

function personOf(core: Core, presented: string): { workspaceId: string; personId: string } {
  const opened = core.preferenceTokens.open(presented);
  if (opened === undefined)
    throw new HttpProblem("invalid_preference_link", "this preference link is not valid");
  return opened;
}

/** What the request itself shows about who acted: kept with the consent record as proof. */
function proofOf(request: FastifyRequest): Record<string, unknown> {
  const userAgent = request.headers["user-agent"];
  return { ip: request.ip, ...(userAgent === undefined ? {} : { userAgent }) };
}
