/** The live event debugger: recent stored events with filters, and ingest counters per source. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Core } from "../../core.js";
import { listEvents } from "../../ingest/index.js";
import { isStorableTime, STORABLE_TIME_RANGE } from "../../protocol/index.js";
import { actorOf, requireAdmin } from "../auth.js";

const eventsQuery = z.object({
  source: z.string().max(200).optional(),
  type: z.enum(["identify", "track", "page", "screen", "group", "alias"]).optional(),
  event: z.string().max(200).optional(),
  userId: z.string().max(500).optional(),
  anonymousId: z.string().max(500).optional(),
  since: z.iso
    .datetime({ offset: true })
    .refine((value) => isStorableTime(Date.parse(value)), `must be a time ${STORABLE_TIME_RANGE}`)
    .optional()
    .describe("ISO-8601 time; events received at or after it"),
  before: z.coerce.number().int().positive().optional().describe("cursor from nextCursor"),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

export function debuggerRoutes(app: FastifyInstance, core: Core): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    "/v1/events",
    {
      schema: { tags: ["debugger"], summary: "Recent stored events, newest first", querystring: eventsQuery },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "events.read");
      const { since, ...rest } = request.query;
      const events = await listEvents(
        core.database.db,
        principal.workspaceId,
        { ...rest, since: since ? new Date(since) : undefined },
        core.eventCrypto,
      );
      // Raw events hold personal data: the read is audited with the filters used, not their values.
      await core.audit.record(principal.workspaceId, {
        actor: actorOf(principal),
        action: "events.read",
        subject: null,
        details: { count: events.length, filters: Object.keys(request.query).filter((k) => k !== "limit") },
      });
      const last = events.at(-1);
      return { events, nextCursor: events.length === request.query.limit && last ? last.id : null };
    },
  );

  typed.get(
    "/v1/stats",
    {
      schema: {
        tags: ["debugger"],
        summary:
          "Accepted, rejected and deduplicated messages per source and type, and the undeclared fields stripped or kept",
      },
    },
    async (request) => {
      const principal = await requireAdmin(core.authenticator, request, "stats.read");
      const rows = await core.stats.read(principal.workspaceId);
      const totals = rows.reduce(
        (sum, r) => ({
          accepted: sum.accepted + r.accepted,
          rejected: sum.rejected + r.rejected,
          deduplicated: sum.deduplicated + r.deduplicated,
          strippedFields: sum.strippedFields + r.strippedFields,
          undeclaredFields: sum.undeclaredFields + r.undeclaredFields,
        }),
        { accepted: 0, rejected: 0, deduplicated: 0, strippedFields: 0, undeclaredFields: 0 },
      );
      return { totals, bySourceAndType: rows };
    },
  );
}
