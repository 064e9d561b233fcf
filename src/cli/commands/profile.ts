/**
 * `kundenprofil profile show|list|timeline|identity|unmerge`: the 360° view, contact lists, the
 * interaction timeline and merge history from the terminal.
 */
import { Command } from "commander";
import type { ProfileView } from "../../profiles/index.js";
import { connectCli } from "../connect.js";
import { limitOption } from "../options.js";
import { emit, stdoutOutput, table } from "../output.js";
import { type Progress, startProgress } from "../progress.js";

export function profileCommand(): Command {
  const profile = new Command("profile").description(
    "customer profiles: show, list, timeline, identity history, unmerge",
  );

  profile
    .command("show")
    .description("one profile by id or identifier (email:anna@example.de, user:42, card:1234, anon:…)")
    .argument("<identifier>", "profile id or kind:value")
    .option("--json", "print JSON")
    .action(async (reference: string, o: { json?: boolean }) => {
      const backend = await connectCli();
      try {
        const view = await backend.getProfile(reference);
        emit(stdoutOutput(Boolean(o.json)), view, () => describeProfile(view));
      } finally {
        await backend.close();
      }
    });

  profile
    .command("list")
    .description(
      "profiles matching filters, e.g. --where computed.orderCount[gte]=3 --where traits.plan=premium",
    )
    .option(
      "--where <filter...>",
      "field=value or field[op]=value (op: eq ne gt gte lt lte in contains exists)",
    )
    .option("--q <text>", "words or word beginnings (3+ letters) of names and e-mail address")
    .option(
      "--sort <field>",
      "lastSeen, firstSeen, revenue, orderCount, eventCount; prefix - for descending",
      "-lastSeen",
    )
    .addOption(limitOption(20))
    .option("--json", "print JSON")
    .action(async (o: { where?: string[]; q?: string; sort: string; limit: number; json?: boolean }) => {
      const filters: Record<string, string[]> = {};
      for (const clause of o.where ?? []) {
        const eq = clause.indexOf("=");
        if (eq <= 0) throw new Error(`--where ${clause}: use field=value or field[op]=value`);
        const field = clause.slice(0, eq);
        filters[field] = [...(filters[field] ?? []), clause.slice(eq + 1)];
      }
      const backend = await connectCli();
      try {
        const page = await backend.listProfiles({ filters, q: o.q, sort: o.sort, limit: o.limit });
        emit(stdoutOutput(Boolean(o.json)), page, () =>
          page.data.length === 0
            ? "No matching profiles."
            : table(
                page.data.map((p) => ({
                  id: p.id,
                  name: [p.traits.firstName, p.traits.lastName].filter(Boolean).join(" "),
                  city: p.demographics.city,
                  orders: p.computed.orderCount,
                  revenue: p.computed.revenue,
                  lastSeen: p.computed.lastSeen,
                })),
                ["id", "name", "city", "orders", "revenue", "lastSeen"],
              ),
        );
      } finally {
        await backend.close();
      }
    });

  profile
    .command("timeline")
    .description("a profile's interactions, newest first")
    .argument("<identifier>", "profile id or kind:value")
    .addOption(limitOption(30))
    .option("--json", "print JSON")
    .action(async (reference: string, o: { limit: number; json?: boolean }) => {
      const backend = await connectCli();
      try {
        const { entries } = await backend.timeline(reference, o.limit);
        emit(stdoutOutput(Boolean(o.json)), { entries }, () =>
          table(
            entries.map((e) => ({ ...e, what: e.event ?? e.type })),
            ["at", "kind", "channel", "what", "source"],
          ),
        );
      } finally {
        await backend.close();
      }
    });

  profile
    .command("identity")
    .description("merges into and out of a profile, and merges the rules refused")
    .argument("<identifier>", "profile id or kind:value")
    .option("--json", "print JSON")
    .action(async (reference: string, o: { json?: boolean }) => {
      const backend = await connectCli();
      try {
        const history = await backend.identityHistory(reference);
        emit(stdoutOutput(Boolean(o.json)), history, () =>
          [
            `Merges (undo one with: kundenprofil profile unmerge <id>)`,
            history.merges.length === 0
              ? "  none"
              : table(
                  history.merges.map((m) => ({ ...m, undone: m.unmergedAt ?? "" })),
                  ["id", "winner", "loser", "rule", "reason", "at", "undone"],
                ),
            "",
            "Refused merges",
            history.conflicts.length === 0
              ? "  none"
              : table(history.conflicts as unknown as Record<string, unknown>[], [
                  "otherPersonId",
                  "rule",
                  "at",
                ]),
          ].join("\n"),
        );
      } finally {
        await backend.close();
      }
    });

  profile
    .command("unmerge")
    .description("undo a merge: both persons come back with their own identifiers, events and traits")
    .argument("<mergeId>", "the merge's id (see profile identity)")
    .option("--json", "print JSON")
    .action(async (mergeId: string, o: { json?: boolean }) => {
      const backend = await connectCli();
      try {
        const result = await backend.unmerge(mergeId);
        emit(
          stdoutOutput(Boolean(o.json)),
          result,
          () =>
            `Merge ${result.mergeId} undone: profile ${result.restored} is back with ${result.identifiers} identifier(s), separate from ${result.from}.`,
        );
      } finally {
        await backend.close();
      }
    });

  profile
    .command("rebuild")
    .description(
      "forget the identity graph and profiles and replay every stored event (after a bulk load or a rule change; unmerges are forgotten too)",
    )
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const backend = await connectCli();
      let progress: Progress | undefined;
      try {
        const started = Date.now();
        const result = await backend.rebuildProfiles((done, total) => {
          progress ??= startProgress(total, "events", !o.json && process.stderr.isTTY === true);
          progress.update(done);
        });
        progress?.stop();
        const seconds = (Date.now() - started) / 1000;
        emit(
          stdoutOutput(Boolean(o.json)),
          { ...result, seconds },
          () =>
            `Replayed ${result.events} events into ${result.profiles} profiles in ${seconds.toFixed(1)} s.`,
        );
      } finally {
        await backend.close();
      }
    });

  return profile;
}

function describeProfile(view: ProfileView): string {
  const t = view.traits;
  const c = view.computed as Record<string, unknown>;
  const d = view.demographics;
  const name = [t.firstName, t.lastName].filter(Boolean).join(" ") || String(t.name ?? "(no name)");
  const lines = [
    `${name}  —  profile ${view.id}${view.mergedFrom ? ` (merged from ${view.mergedFrom})` : ""}`,
    "",
    "Identifiers",
    table(view.identifiers as unknown as Record<string, unknown>[], ["kind", "value", "firstSeen", "source"]),
    "",
    `Demographics: ${
      Object.entries(d)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "none"
    }`,
    "",
    "Behaviour",
    `  first seen ${c.firstSeen}, last seen ${c.lastSeen}, ${c.eventCount} events`,
    `  ${c.orderCount} orders, revenue ${c.revenue}, average order ${c.averageOrderValue ?? "–"}, every ${c.purchaseIntervalDays ?? "–"} days`,
    `  favourite category ${c.favouriteCategory ?? "–"}, store ${c.favouriteStore ?? "–"}, channel ${c.favouriteChannel ?? "–"}`,
    `  usually ${c.usualWeekday ?? "–"} around ${c.usualHour ?? "–"}h; RFM ${(c.rfm as { code?: string } | null)?.code ?? "–"}`,
    `  loyalty points ${c.loyaltyPoints}; NPS ${c.latestNps ?? "–"}, satisfaction ${c.latestSatisfaction ?? "–"}; open complaints ${c.openComplaints}`,
    "",
    "Traits",
    ...Object.entries(t).map(([k, v]) => `  ${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`),
  ];
  return lines.join("\n");
}
