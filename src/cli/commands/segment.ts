/**
 * `kundenprofil segment preview|create|list|members|recompute`: segments from the terminal, in
 * the text form (docs/segment-language.md), e.g.
 *   kundenprofil segment preview 'count(Order Completed, last 90d) >= 2 and trait.address.city = "Bern"' --json
 */
import { Command } from "commander";
import { connectCli } from "../connect.js";
import { limitOption, wholeNumberOption } from "../options.js";
import { emit, stdoutOutput, table } from "../output.js";

export function segmentCommand(): Command {
  const segment = new Command("segment").description(
    "segments: preview a definition, define one, list them, page through members",
  );

  segment
    .command("preview")
    .description("size and a sample of a definition, without storing anything")
    .argument(
      "<definition>",
      "the text form, e.g. 'exists(Order Completed, last 30d) and consent(\"marketing.email\")'",
    )
    .addOption(wholeNumberOption("--sample <n>", "how many members to show", 10, { min: 0, max: 100 }))
    .option("--json", "print JSON")
    .action(async (text: string, o: { sample: number; json?: boolean }) => {
      const backend = await connectCli();
      try {
        const preview = await backend.previewSegment(text, o.sample);
        emit(stdoutOutput(Boolean(o.json)), preview, () =>
          [
            `${preview.text}`,
            `${preview.count} member${preview.count === 1 ? "" : "s"}`,
            preview.sample.length === 0
              ? ""
              : table(
                  preview.sample.map((p) => ({
                    id: p.id,
                    city: p.demographics.city,
                    orders: p.computed.orderCount,
                    revenue: p.computed.revenue,
                  })),
                  ["id", "city", "orders", "revenue"],
                ),
          ].join("\n"),
        );
      } finally {
        await backend.close();
      }
    });

  segment
    .command("create")
    .description("define a segment; it is evaluated at once and kept current")
    .argument("<name>")
    .argument("<definition>", "the text form")
    .option("--description <text>")
    .option("--json", "print JSON")
    .action(async (name: string, text: string, o: { description?: string; json?: boolean }) => {
      const backend = await connectCli();
      try {
        const created = await backend.defineSegment(name, text, o.description);
        emit(
          stdoutOutput(Boolean(o.json)),
          created,
          () => `${created.name}: ${created.size} members (${created.id})`,
        );
      } finally {
        await backend.close();
      }
    });

  segment
    .command("list")
    .description("every segment with its size")
    .option("--json", "print JSON")
    .action(async (o: { json?: boolean }) => {
      const backend = await connectCli();
      try {
        const segments = await backend.listSegments();
        emit(stdoutOutput(Boolean(o.json)), { segments }, () =>
          segments.length === 0
            ? "No segments yet."
            : table(
                segments.map((s) => ({
                  name: s.name,
                  size: s.size,
                  evaluated: s.evaluatedAt,
                  definition: s.text,
                })),
                ["name", "size", "evaluated", "definition"],
              ),
        );
      } finally {
        await backend.close();
      }
    });

  segment
    .command("members")
    .description("the members of a segment, by person id")
    .argument("<segment>", "name or id")
    .addOption(limitOption(100))
    .option("--cursor <id>", "continue after this person id")
    .option("--json", "print JSON")
    .action(async (reference: string, o: { limit: number; cursor?: string; json?: boolean }) => {
      const backend = await connectCli();
      try {
        const page = await backend.segmentMembers(reference, { limit: o.limit, cursor: o.cursor });
        emit(stdoutOutput(Boolean(o.json)), page, () =>
          [
            table(page.data, ["personId", "since"]),
            page.nextCursor ? `more: --cursor ${page.nextCursor}` : "",
          ].join("\n"),
        );
      } finally {
        await backend.close();
      }
    });

  segment
    .command("recompute")
    .description("evaluate a segment (or all) for everyone now")
    .argument("[segment]", "name or id; all when left out")
    .option("--json", "print JSON")
    .action(async (reference: string | undefined, o: { json?: boolean }) => {
      const backend = await connectCli();
      try {
        const results = await backend.recomputeSegments(reference);
        emit(stdoutOutput(Boolean(o.json)), { results }, () => table(results, ["name", "entered", "exited"]));
      } finally {
        await backend.close();
      }
    });
  return segment;
}
