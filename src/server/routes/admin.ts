/** Admin API: sources, keys, the product catalogue and bulk message import (used by the CLI). */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  createKey,
  ensureSource,
  keyScope,
  listKeys,
  listSources,
  ROLES,
  revokeKey,
  SOURCE_ID_PATTERN,
} from "../../access/index.js";
import { getProduct, listProducts, upsertProducts } from "../../catalogue/index.js";
import type { Core } from "../../core.js";
import { productSchema } from "../../protocol/index.js";
import { actorOf, requireAdmin } from "../auth.js";
import { HttpProblem } from "../http-errors.js";
import { CHECKS_EACH_MESSAGE } from "../text-guards.js";

const sourceId = z.string().regex(SOURCE_ID_PATTERN, "source ids are lower-case letters, digits, - and _");
const keyBody = z.discriminatedUnion("type", [
  z.object({ type: z.literal("write"), source: sourceId, label: z.string().max(200).optional() }),
  z.object({ type: z.literal("admin"), role: z.enum(ROLES), label: z.string().max(200).optional() }),
]);
const productQuery = z.object({
  category: z.string().max(500).optional().describe('category path prefix, e.g. "Bekleidung > Jacken"'),
  brand: z.string().max(200).optional(),
  tag: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const importBody = z.object({
  source: sourceId,
  messages: z.array(z.unknown()).max(10_000),
});

export function adminRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const db = core.database.db;

  typed.get("/v1/sources", { schema: { tags: ["admin"] } }, async (request) => {
    const principal = await requireAdmin(core.authenticator, request, "sources.manage");
    return { sources: await listSources(db, principal.workspaceId) };
  });
  typed.post(
    "/v1/sources",
    {
      schema: {
        tags: ["admin"],
        body: z.object({
          id: sourceId,
          name: z.string().max(200).optional(),
          kind: z.string().max(50).optional(),
        }),
      },
    },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "sources.manage");
      const { id, name, kind } = request.body;
      return reply.status(201).send(
        await ensureSource(db, principal.workspaceId, {
          id,
          ...(name ? { name } : {}),
          ...(kind ? { kind } : {}),
        }),
      );
    },
  );

  typed.get("/v1/keys", { schema: { tags: ["admin"] } }, async (request) => {
    const principal = await requireAdmin(core.authenticator, request, "keys.manage");
    return { keys: await listKeys(db, principal.workspaceId) };
  });
  typed.post(
    "/v1/keys",
    { schema: { tags: ["admin"], summary: "Create a key; the key is shown once", body: keyBody } },
    async (request, reply) => {
      const principal = await requireAdmin(core.authenticator, request, "keys.manage");
      const body = request.body;
      const created = await createKey(
        db,
        principal.workspaceId,
        body.type === "write"
          ? { type: "write", source: body.source, ...(body.label ? { label: body.label } : {}) }
          : { type: "admin", role: body.role, ...(body.label ? { label: body.label } : {}) },
      );
      await core.audit.record(principal.workspaceId, {
        actor: actorOf(principal),
        action: "key.create",
        subject: `key:${created.id}`,
        details: keyScope(body),
      });
      return reply.status(201).send(created);
    },
  );
  typed.delete(
    "/v1/keys/:id",
    { schema: { tags: ["admin"], params: z.object({ id: z.string().max(100) }) } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "keys.manage");
      if (!(await revokeKey(db, principal.workspaceId, request.params.id))) {
        throw new HttpProblem("not_found", `no live key with id ${request.params.id}`);
      }
      core.authenticator.forget();
      await core.audit.record(principal.workspaceId, {
        actor: actorOf(principal),
        action: "key.revoke",
        subject: `key:${request.params.id}`,
      });
      return { revoked: request.params.id };
    },
  );

  typed.get(
    "/v1/products",
    { schema: { tags: ["catalogue"], querystring: productQuery } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "catalogue.read");
      const { category, ...rest } = request.query;
      const products = await listProducts(db, principal.workspaceId, {
        ...rest,
        category: category ? category.split(/\s*>\s*/).filter(Boolean) : undefined,
      });
      return {
        products,
        nextCursor: products.length === request.query.limit ? (products.at(-1)?.id ?? null) : null,
      };
    },
  );
  typed.get(
    "/v1/products/:id",
    { schema: { tags: ["catalogue"], params: z.object({ id: z.string().max(200) }) } },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "catalogue.read");
      const product = await getProduct(db, principal.workspaceId, request.params.id);
      if (!product) throw new HttpProblem("not_found", `no product with id ${request.params.id}`);
      return product;
    },
  );
  typed.post(
    "/v1/products",
    {
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        tags: ["catalogue"],
        summary: "Insert or replace products by id",
        body: z.array(productSchema).max(10_000),
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "catalogue.write");
      return { upserted: await upsertProducts(db, principal.workspaceId, request.body) };
    },
  );

  typed.post(
    "/v1/import/messages",
    {
      config: CHECKS_EACH_MESSAGE,
      bodyLimit: 32 * 1024 * 1024,
      schema: { tags: ["admin"], summary: "Bulk import: ingest messages into a source", body: importBody },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "data.import");
      await ensureSource(db, principal.workspaceId, { id: request.body.source, kind: "import" });
      const results = await core.ingestor.ingest(
        request.body.messages,
        { workspaceId: principal.workspaceId, sourceId: request.body.source, receivedAt: new Date() },
        { maxMessageBytes: Number.POSITIVE_INFINITY },
      );
      return { results };
    },
  );
}
