/**
 * Analytics over HTTP: start the jobs on the stored data and follow their runs, read the basket
 * rules, "customers also bought" per product, complementary pairs and placement suggestions, and
 * per person the recommendations and the predicted value and purchase timing.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Core } from "../../core.js";
import { JOBS } from "../../insights/index.js";
import { actorOf, requireAdmin } from "../auth.js";

const level = z.enum(["product", "category"]).default("product");
const limit = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const ratio = z.number().gt(0).max(1);
const runRequest = z.strictObject({
  jobs: z
    .array(z.enum(JOBS))
    .min(1)
    .max(JOBS.length)
    .default([...JOBS]),
  wait: z.boolean().default(false).describe("answer when the jobs are done instead of at once (202)"),
  basket: z
    .strictObject({
      support: ratio.optional(),
      confidence: ratio.optional(),
      minCount: z.number().int().min(1).max(1_000_000).optional(),
      maxLength: z.number().int().min(2).max(10).optional(),
    })
    .optional(),
  clv: z
    .strictObject({
      horizonWeeks: z.number().int().min(1).max(520).optional(),
      annualDiscountRate: z.number().min(0).max(1).optional(),
    })
    .optional(),
});
const person = z.object({ id: z.string().min(1).max(600) });

export function analyticsRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { insights } = core;

  typed.post(
    "/v1/analytics/runs",
    { schema: { tags: ["analytics"], summary: "Run analytics jobs on the stored data", body: runRequest } },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "analytics.run");
      const { jobs, wait, basket, clv } = request.body;
      const options = { actor: actorOf(principal), ...(basket ? { basket } : {}), ...(clv ? { clv } : {}) };
      if (wait) return { runs: await insights.run(principal.workspaceId, jobs, options) };
      const runs = await insights.start(principal.workspaceId, jobs, options);
      return reply.status(202).send({ runs });
    },
  );

  typed.get(
    "/v1/analytics/runs",
    {
      schema: {
        tags: ["analytics"],
        querystring: z.object({ job: z.enum(JOBS).optional(), limit: limit(20, 200) }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "analytics.read");
      return { runs: await insights.runs(principal.workspaceId, request.query) };
    },
  );

  typed.get(
    "/v1/analytics/runs/:id",
    { schema: { tags: ["analytics"], params: z.object({ id: z.string().min(1).max(100) }) } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "analytics.read");
      return insights.getRun(principal.workspaceId, request.params.id);
    },
  );

  typed.get(
    "/v1/analytics/rules",
    {
      schema: {
        tags: ["analytics"],
        summary: "Association rules of the last basket run",
        querystring: z.object({
          level,
          sort: z.enum(["lift", "confidence", "support", "leverage"]).default("lift"),
          limit: limit(100, 5_000),
          minLift: z.coerce.number().min(0).optional(),
          minConfidence: z.coerce.number().min(0).max(1).optional(),
          item: z.string().min(1).max(200).optional().describe("only rules with this item in the antecedent"),
        }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "analytics.read");
      return { rules: await insights.rules(principal.workspaceId, request.query) };
    },
  );

  typed.get(
    "/v1/analytics/pairs",
    {
      schema: {
        tags: ["analytics"],
        summary: "Items usually bought together, for complementary-item campaigns",
        querystring: z.object({
          level,
          minLift: z.coerce.number().min(0).default(1.2),
          limit: limit(50, 1_000),
        }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "analytics.read");
      const { level: at, ...options } = request.query;
      return { pairs: await insights.complementaryPairs(principal.workspaceId, at, options) };
    },
  );

  typed.get(
    "/v1/analytics/placement",
    {
      schema: {
        tags: ["analytics"],
        summary: "Pairs to place near each other (strong lift, enough baskets)",
        querystring: z.object({
          level,
          minLift: z.coerce.number().min(0).default(2),
          minCount: z.coerce.number().int().min(1).default(2),
          limit: limit(50, 1_000),
        }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "analytics.read");
      const { level: at, ...options } = request.query;
      return { suggestions: await insights.placement(principal.workspaceId, at, options) };
    },
  );

  typed.get(
    "/v1/products/:id/also-bought",
    {
      schema: {
        tags: ["analytics"],
        summary: "Customers who bought this also bought (rules X ⇒ Y of the last basket run)",
        params: z.object({ id: z.string().min(1).max(200) }),
        querystring: z.object({ level, limit: limit(10, 100) }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "catalogue.read");
      const { level: at, limit: n } = request.query;
      return {
        item: request.params.id,
        alsoBought: await insights.alsoBought(principal.workspaceId, at, request.params.id, n),
      };
    },
  );

  typed.get(
    "/v1/profiles/:id/recommendations",
    {
      schema: {
        tags: ["analytics", "profiles"],
        summary: "Personalised top-N (consent to personalisation), else the bestsellers",
        params: person,
        querystring: z.object({ limit: limit(10, 100) }),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "profiles.read");
      const { id } = await core.profiles.resolve(principal.workspaceId, request.params.id);
      return insights.recommendations(principal.workspaceId, id, {
        limit: request.query.limit,
        onDecided: (personalised) =>
          core.audit.record(principal.workspaceId, {
            actor: actorOf(principal),
            action: "profile.recommendations",
            subject: id,
            details: { personalised },
          }),
      });
    },
  );

  typed.get(
    "/v1/profiles/:id/predictions",
    {
      schema: {
        tags: ["analytics", "profiles"],
        summary: "Predicted value (CLV, P(alive), churn risk, tier) and purchase timing per category",
        params: person,
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "profiles.read");
      const view = await core.profiles.get(principal.workspaceId, request.params.id, (personId) =>
        core.audit.record(principal.workspaceId, {
          actor: actorOf(principal),
          action: "profile.predictions",
          subject: personId,
        }),
      );
      const predicted = (view.computed.predicted ?? {}) as Record<string, unknown>;
      return { id: view.id, value: predicted.value ?? null, timing: predicted.timing ?? {} };
    },
  );
}
