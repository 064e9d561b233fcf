/**
 * PostgreSQL text cannot hold a NUL byte or a lone surrogate, so a URL or body carrying one would
 * fail inside a query as a 500. These hooks refuse them first, with a 400 that names the place.
 * Routes whose body is messages mark themselves with {@link CHECKS_EACH_MESSAGE}: the ingest
 * pipeline checks each message on its own, so a batch keeps its good messages.
 */
import type { FastifyInstance } from "fastify";
import { findInvalidString } from "../protocol/index.js";
import { HttpProblem } from "./http-errors.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The body is messages, each checked and stored or rejected on its own. */
    checksEachMessage?: boolean;
  }
}

/** Route `config` of the collection and import routes. */
export const CHECKS_EACH_MESSAGE = { checksEachMessage: true } as const;

export function registerTextGuards(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    if (/%00/i.test(request.url))
      throw new HttpProblem("invalid_request", "the URL contains a NUL character (%00)");
  });
  // Any other body is refused whole, before a route stores part of it.
  app.addHook("preValidation", async (request) => {
    if (request.body === undefined || request.routeOptions.config.checksEachMessage) return;
    const issue = findInvalidString(request.body);
    if (issue) throw new HttpProblem("invalid_string", issue.message, { path: issue.path });
  });
}
