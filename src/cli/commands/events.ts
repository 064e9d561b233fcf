/** `kundenprofil events` and `kundenprofil stats`: the live event debugger from the terminal. */
import { Command } from "commander";
import { isStorableTime, STORABLE_TIME_RANGE } from "../../protocol/index.js";
import { connectCli } from "../connect.js";
import { limitOption } from "../options.js";
import { emit, stdoutOutput, table } from "../output.js";

interface EventsOptions {
  source?: string;
  type?: string;
  event?: string;
  user?: string;
  anonymous?: string;
  since?: string;
  limit: number;
  json?: boolean;
}

export function eventsCommand(): Command {
  return new Command("events")
    .description("recent stored events, newest first")
    .option("--source <id>", "only this source")
    .option("--type <type>", "identify, track, page, screen, group or alias")
    .option("--event <name>", 'track event name, e.g. "Order Completed"')
    .option("--user <userId>", "only this userId")
    .option("--anonymous <anonymousId>", "only this anonymousId")
    .option("--since <time>", "ISO-8601 time")
    .addOption(limitOption(20))
    .option("--json", "print JSON")
    .action(async (o: EventsOptions) => {
      const backend = await connectCli();
      try {
        const since = o.since === undefined ? undefined : new Date(o.since);
        if (since && !isStorableTime(since.getTime()))
          throw new Error(`--since: not a time ${STORABLE_TIME_RANGE}: ${o.since}`);
        const events = await backend.listEvents({
          source: o.source,
          type: o.type,
          event: o.event,
          userId: o.user,
          anonymousId: o.anonymous,
          since,
          limit: o.limit,
        });
        emit(stdoutOutput(Boolean(o.json)), { events }, () =>
          table(
            events.map((e) => ({ ...e, name: e.event ?? e.extra.name ?? "" })),
            ["id", "receivedAt", "source", "type", "name", "userId", "anonymousId", "messageId"],
          ),
        );
      } finally {
        await backend.close();
      }
    });
}

export function statsCommand(): Command {
  return new Command("stats")
    .description(
      "accepted, rejected and deduplicated messages per source and type, and undeclared fields stripped or kept",
    )
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const backend = await connectCli();
      try {
        const rows = await backend.stats();
        emit(stdoutOutput(Boolean(o.json)), { bySourceAndType: rows }, () =>
          rows.length === 0
            ? "No messages received yet."
            : table(rows as unknown as Record<string, unknown>[], [
                "source",
                "type",
                "accepted",
                "rejected",
                "deduplicated",
                "strippedFields",
                "undeclaredFields",
              ]),
        );
      } finally {
        await backend.close();
      }
    });
}
