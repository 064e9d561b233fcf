/**
 * `kundenprofil ropa`: the record of processing activities (Art. 30 GDPR) generated from the
 * declarations, as Markdown or CSV (or the structured record as JSON).
 */
import { Command, Option } from "commander";
import {
  loadSchemaRegistry,
  recordsOfProcessing,
  ropaCsv,
  ropaMarkdown,
  schemaDirectory,
} from "../../registry/index.js";
import { emit, stdoutOutput } from "../output.js";

export function ropaCommand(): Command {
  return new Command("ropa")
    .description("record of processing activities (Art. 30 GDPR) from the schema declarations")
    .addOption(new Option("--format <format>", "document format").choices(["md", "csv"]).default("md"))
    .option("--dir <dir>", "declaration directory (default: KUNDENPROFIL_SCHEMA_DIR, else ./schemas)")
    .option("--json", "print the record as JSON instead")
    .action((o: { format: "md" | "csv"; dir?: string; json?: boolean }) => {
      const registry = loadSchemaRegistry(o.dir ?? schemaDirectory(process.env.KUNDENPROFIL_SCHEMA_DIR));
      const record = recordsOfProcessing(registry);
      const out = stdoutOutput(Boolean(o.json));
      if (!o.json && o.format === "csv") {
        // CSV ends every line in CRLF itself; stdoutOutput would add a bare LF.
        process.stdout.write(ropaCsv(record));
        return;
      }
      emit(out, record, () => ropaMarkdown(record));
    });
}
