/**
 * `kundenprofil schema validate|show`: check a declaration directory before deploying it, and show
 * what a source's messages are checked against. Both read the files directly (no database), so
 * they work on a machine without a server and on a directory that is not live yet.
 */
import { Command } from "commander";
import {
  declarationFor,
  type FieldDeclaration,
  formatProblem,
  loadSchemaRegistry,
  readSchemaRegistry,
  type SourceDeclaration,
  schemaDirectory,
} from "../../registry/index.js";
import { emit, stdoutOutput, table } from "../output.js";

export function schemaCommand(): Command {
  const schema = new Command("schema").description(
    "field declarations per source (privacy as code): validate a directory, show a source's declaration",
  );

  schema
    .command("validate [dir]")
    .description(
      "check every declaration file; exit 1 listing every problem (default: KUNDENPROFIL_SCHEMA_DIR)",
    )
    .option("--json", "print JSON")
    .action((dir: string | undefined, o: { json?: boolean }) => {
      const directory = dir ?? schemaDirectory(process.env.KUNDENPROFIL_SCHEMA_DIR);
      const load = readSchemaRegistry(directory);
      const declarations = load.ok ? [...load.registry.declarations.keys()].sort() : [];
      const problems = load.ok ? [] : load.problems;
      const refused = load.ok ? [...load.registry.declarations.values()].flatMap(refusedFields) : [];
      emit(stdoutOutput(Boolean(o.json)), { ok: load.ok, directory, declarations, problems, refused }, () =>
        load.ok
          ? [
              `${directory}: valid (${declarations.length} declaration${declarations.length === 1 ? "" : "s"}: ${declarations.join(", ")}).`,
              ...refused.map((r) => `  note: ${r}`),
            ].join("\n")
          : [
              `${directory}: ${problems.length} problem${problems.length === 1 ? "" : "s"}`,
              ...problems.map((p) => `  ${formatProblem(p)}`),
            ].join("\n"),
      );
      if (!load.ok) process.exitCode = 1;
    });

  schema
    .command("show [source]")
    .description("the effective declaration of a source (its own file, else default.json), or of every file")
    .option("--dir <dir>", "declaration directory (default: KUNDENPROFIL_SCHEMA_DIR, else ./schemas)")
    .option("--json", "print JSON")
    .action((source: string | undefined, o: { dir?: string; json?: boolean }) => {
      const registry = loadSchemaRegistry(o.dir ?? schemaDirectory(process.env.KUNDENPROFIL_SCHEMA_DIR));
      const out = stdoutOutput(Boolean(o.json));
      if (source === undefined) {
        const declarations = [...registry.declarations.values()];
        emit(out, { directory: registry.directory, declarations }, () =>
          declarations.map(describeDeclaration).join("\n\n"),
        );
        return;
      }
      const declaration = declarationFor(registry, source);
      const own = registry.declarations.has(source);
      emit(out, { source, own, declaration }, () =>
        [
          own ? "" : `Source ${source} has no declaration of its own: ${declaration.file} applies.\n`,
          describeDeclaration(declaration),
        ].join(""),
      );
    });
  return schema;
}

function describeDeclaration(d: SourceDeclaration): string {
  const lines = [`${d.source} (${d.file}): policy ${d.policy} for undeclared fields`];
  if (d.description !== undefined) lines.push(d.description);
  if (d.controller !== undefined) lines.push(`controller: ${d.controller}`);
  if (d.dataSubjects.length > 0) lines.push(`data subjects: ${d.dataSubjects.join("; ")}`);
  if (d.recipients.length > 0) lines.push(`recipients: ${d.recipients.map((r) => r.name).join("; ")}`);
  lines.push("", table(d.fields.map(fieldRow), FIELD_COLUMNS));
  return lines.join("\n");
}

const FIELD_COLUMNS = ["field", "event", "category", "purposes", "retention", "sensitivity", "note"] as const;

function fieldRow(f: FieldDeclaration): Record<string, string> {
  return {
    field: f.path,
    event: f.event ?? "",
    category: f.category,
    purposes: f.purposes.map((p) => `${p.purpose}:${p.legalBasis}`).join(" "),
    retention: f.retention,
    sensitivity: f.sensitivity,
    note: f.refused ? "REFUSED at ingest (Art. 9 without explicit_consent)" : "",
  };
}

function refusedFields(d: SourceDeclaration): string[] {
  return d.fields
    .filter((f) => f.refused)
    .map(
      (f) =>
        `${d.file}: ${f.path} is ${f.category} data (Art. 9) without explicit_consent for every purpose: messages carrying it are refused`,
    );
}
