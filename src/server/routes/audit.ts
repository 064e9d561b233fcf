/**
 * Audit API (admin keys with `audit.read`): the entries, a verification of the whole chain, and
 * signed checkpoints to export and keep outside the system.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Core } from "../../core.js";
import { requireAdmin } from "../auth.js";
import { HttpProblem } from "../http-errors.js";

const listQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).describe("entries after this sequence number"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  subject: z.string().max(200).optional().describe("only entries about this pseudonym (profile id, key id)"),
  action: z.string().max(100).optional().describe("only this action, e.g. profile.read"),
});
const signedCheckpoint = z.strictObject({
  workspaceId: z.string().max(100),
  seq: z.number().int().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string().max(40),
  signature: z.string().max(200),
});
const verifyBody = z
  .strictObject({
    checkpoints: z
      .array(signedCheckpoint)
      .max(10_000)
      .default([])
      .describe("exported checkpoints to check the chain against, besides the stored ones"),
  })
  .default({ checkpoints: [] });

export function auditRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get("/v1/audit", { schema: { tags: ["audit"], querystring: listQuery } }, async (request) => {
    const principal = await requireAdmin(core.authenticator, request, "audit.read");
    return core.audit.list(principal.workspaceId, request.query);
  });

  typed.post(
    "/v1/audit/verify",
    {
      schema: {
        tags: ["audit"],
        summary: "Walk the hash chain and check every checkpoint: any edit, deletion or reordering shows",
        body: verifyBody,
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "audit.read");
      return core.audit.verify(principal.workspaceId, request.body.checkpoints);
    },
  );

  typed.post(
    "/v1/audit/checkpoints",
    {
      schema: {
        tags: ["audit"],
        summary: "Sign the current head of the chain (Ed25519); keep the result outside the system",
      },
    },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "audit.read");
      const checkpoint = await core.audit.checkpoint(principal.workspaceId);
      if (checkpoint === null) throw new HttpProblem("not_found", "the audit log is still empty");
      return reply.status(201).send({ checkpoint, publicKey: core.audit.publicKeyPem });
    },
  );

  typed.get("/v1/audit/public-key", { schema: { tags: ["audit"] } }, async (request) => {
    await requireAdmin(core.authenticator, request, "audit.read");
    return { publicKey: core.audit.publicKeyPem };
  });
}
