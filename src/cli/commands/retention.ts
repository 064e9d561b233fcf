/** `kundenprofil retention run`: delete now what the declared retention periods let expire. */
import { Command } from "commander";
import { connectCli } from "../connect.js";
import { emit, stdoutOutput, table } from "../output.js";

export function retentionCommand(): Command {
  const retention = new Command("retention").description(
    "retention per data category, from the schema declarations (the server also runs it on a schedule)",
  );
  retention
    .command("run")
    .description("delete expired events and fields and long-inactive customers")
    .option("--dry-run", "only report what is due")
    .option("--json", "print JSON")
    .action(async (o: { dryRun?: boolean; json?: boolean }) => {
      const backend = await connectCli();
      try {
        const run = await backend.runRetention(Boolean(o.dryRun));
        emit(stdoutOutput(Boolean(o.json)), run, () => {
          const rows = [
            ...run.events.map((e) => ({
              what: "events",
              rule: e.rule,
              retention: e.retention,
              count: e.count,
            })),
            ...run.fields.map((f) => ({
              what: "fields",
              rule: f.rule,
              retention: f.retention,
              count: f.count,
            })),
          ];
          const verb = run.dryRun ? "due" : "removed";
          return [
            rows.length === 0
              ? "No events or fields have expired."
              : table(rows, ["what", "rule", "retention", "count"]),
            `Customers inactive beyond the longest retention period ${verb}: ${run.profilesRemoved}.`,
          ].join("\n");
        });
      } finally {
        await backend.close();
      }
    });
  return retention;
}
