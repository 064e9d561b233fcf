/**
 * Builds the Fastify application over a core: body parsing, error mapping, OpenAPI generated
 * from the route schemas, and the route groups. Tests drive it in-process with `app.inject`.
 */
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Core } from "../core.js";
import { HttpProblem, handleError, MAX_PARAM_LENGTH } from "./http-errors.js";
import { registerJsonBodyParser } from "./json-body.js";
import { adminRoutes } from "./routes/admin.js";
import { analyticsRoutes } from "./routes/analytics.js";
import { auditRoutes } from "./routes/audit.js";
import { consentRoutes } from "./routes/consent.js";
import { debuggerRoutes } from "./routes/debugger.js";
import { preferenceCentreRoutes } from "./routes/preference-centre.js";
import { profileRoutes } from "./routes/profiles.js";
import { retentionRoutes } from "./routes/retention.js";
import { schemaRoutes } from "./routes/schema.js";
import { segmentRoutes } from "./routes/segments.js";
import { sensitivityRoutes } from "./routes/sensitivity.js";
import { subjectRequestRoutes } from "./routes/subject-requests.js";
import { trackingRoutes } from "./routes/tracking.js";
import { registerTextGuards } from "./text-guards.js";

/** The API's version, in the OpenAPI document and on `GET /`. */
const API_VERSION = "0.1.0";

export interface AppOptions {
  logger?: boolean | { level: string };
  /**
   * Once shutdown has begun: 503 on /healthz, so a load balancer stops sending, and every
   * response closes its connection.
   */
  isShuttingDown?: () => boolean;
}

export async function buildApp(core: Core, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // One log line per tracking request would cost more than storing the event; failures are
    // logged by the error handler, and /v1/stats counts the rest.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: true,
    // Segment ids and our cursors are short; a 2 KB URL is plenty and keeps logs sane.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A bad percent escape or an over-long path segment fails in the router, before any hook:
    // answered here in the same envelope as every other error, not Fastify's own.
    frameworkErrors: handleError,
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request) => {
    throw new HttpProblem("not_found", `no route ${request.method} ${request.url.split("?")[0]}`);
  });
  registerJsonBodyParser(app);
  registerTextGuards(app);
  if (options.isShuttingDown) {
    const isShuttingDown = options.isShuttingDown;
    // Close keep-alive connections as their last response goes out: Fastify closes only the
    // connections idle when shutdown starts, and one busy then would hold the process until
    // its keep-alive timeout (72 s) runs out.
    app.addHook("onSend", async (_request, reply, payload) => {
      if (isShuttingDown()) reply.header("connection", "close");
      return payload;
    });
  }

  await app.register(swagger, {
    openapi: {
      info: {
        title: "Kundenprofil API",
        version: API_VERSION,
        description: "Segment-compatible collection API and admin API of Kundenprofil.",
      },
      components: {
        securitySchemes: {
          writeKey: {
            type: "http",
            scheme: "basic",
            description: "write key as the username, empty password",
          },
          adminKey: { type: "http", scheme: "bearer", description: "admin API key" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  app.get("/healthz", { schema: { hide: true } }, async (_request, reply) => {
    if (options.isShuttingDown?.()) return reply.status(503).send({ status: "shutting_down" });
    return { status: "ok", backend: core.database.backend };
  });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  // Someone who opens the server's address in a browser learns where to go instead of a 404.
  app.get("/", { schema: { hide: true } }, async () => ({
    name: "Kundenprofil",
    version: API_VERSION,
    openapi: "/openapi.json",
    health: "/healthz",
  }));

  trackingRoutes(app, core);
  debuggerRoutes(app, core);
  adminRoutes(app, core);
  profileRoutes(app, core);
  auditRoutes(app, core);
  schemaRoutes(app, core);
  consentRoutes(app, core);
  preferenceCentreRoutes(app, core);
  subjectRequestRoutes(app, core);
  sensitivityRoutes(app, core);
  retentionRoutes(app, core);
  analyticsRoutes(app, core);
  segmentRoutes(app, core);
  return app;
}
