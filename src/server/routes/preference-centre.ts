/**
 * The customer's own side of consent: the preference centre, the one-click unsubscribe (RFC 8058)
 * and the double opt-in confirmation. No API key: the signed token from the link in the offer is
 * the credential, and every change is recorded with the request's address and user agent as proof.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Core } from "../../core.js";
import { DIRECT_MARKETING, PURPOSES, type Purpose } from "../../protocol/index.js";
import { HttpProblem } from "../http-errors.js";

const purpose = z.enum(PURPOSES);
const token = z.object({ token: z.string().min(1).max(500) });

export function preferenceCentreRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { consent } = core;

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

  // A one-click unsubscribe (RFC 8058) is a form post ("List-Unsubscribe=One-Click"): this one
  // route reads forms, in a scope of its own, while the rest of the API takes JSON only.
  void app.register(async (scope) => {
    scope.removeContentTypeParser("application/x-www-form-urlencoded");
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.withTypeProvider<ZodTypeProvider>().post(
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
  });

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
