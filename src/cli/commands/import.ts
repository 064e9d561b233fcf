/**
 * `kundenprofil import FILE --type orders|contacts|events|products`: streams the file through the
 * ingest pipeline in batches (constant memory), shows progress, and reports every row it could
 * not take with its line number. Message ids are derived from the rows, so importing the same file
 * again stores nothing twice.
 */
import { createWriteStream } from "node:fs";
import { Command, Option } from "commander";
import { ImportError, type ImportRow, type ImportType, openImport } from "../../importer/index.js";
import { type Product, productSchema } from "../../protocol/index.js";
import type { CliBackend } from "../cli-backend.js";
import { connectCli } from "../connect.js";
import { sourceOption } from "../options.js";
import { emit, stdoutOutput } from "../output.js";
import { startProgress } from "../progress.js";

const BATCH = 500;

export interface ImportSummary {
  file: string;
  type: ImportType;
  source: string;
  rows: number;
  stored: number;
  duplicates: number;
  products: number;
  errors: number;
  errorReport?: string;
  seconds: number;
}

interface RowError {
  line: number;
  code: string;
  error: string;
}

export function importCommand(): Command {
  return new Command("import")
    .description("import a CSV, NDJSON or vCard file (optionally .gz) through the ingest pipeline")
    .argument("<file>", "file to import")
    .addOption(
      new Option("--type <type>", "what the file holds")
        .choices(["orders", "contacts", "events", "products"])
        .makeOptionMandatory(),
    )
    .addOption(sourceOption("source the data is attributed to", "import"))
    .option("--errors <file>", "write the per-row error report (NDJSON) here")
    .option("--json", "print a JSON summary")
    .action(
      async (file: string, o: { type: ImportType; source: string; errors?: string; json?: boolean }) => {
        const backend = await connectCli();
        try {
          const summary = await runImport(backend, file, o.type, o.source, {
            errorReport: o.errors,
            progress: !o.json,
          });
          emit(stdoutOutput(Boolean(o.json)), summary, () => describe(summary));
          if (summary.errors > 0) process.exitCode = 1;
        } finally {
          await backend.close();
        }
      },
    );
}

export async function runImport(
  backend: CliBackend,
  file: string,
  type: ImportType,
  source: string,
  options: { errorReport?: string | undefined; progress?: boolean } = {},
): Promise<ImportSummary> {
  const started = Date.now();
  const reader = await openImport(file, type);
  const progress = startProgress(
    reader.totalBytes,
    "bytes",
    options.progress !== false && process.stderr.isTTY === true,
  );
  const report = options.errorReport ? createWriteStream(options.errorReport) : undefined;
  const summary: ImportSummary = {
    file,
    type,
    source,
    rows: 0,
    stored: 0,
    duplicates: 0,
    products: 0,
    errors: 0,
    seconds: 0,
  };
  const recordError = (error: RowError) => {
    summary.errors++;
    report?.write(`${JSON.stringify(error)}\n`);
  };
  let messages: Array<{ line: number; message: Record<string, unknown> }> = [];
  let products: Product[] = [];

  const flush = async () => {
    if (messages.length > 0) {
      const batch = messages;
      messages = [];
      const results = await backend.ingest(
        source,
        batch.map((m) => m.message),
      );
      for (const result of results) {
        if (result.status === "rejected") {
          recordError({
            line: batch[result.index]!.line,
            code: result.issue.code,
            error: result.issue.message,
          });
        } else if (result.status === "stored") summary.stored++;
        else summary.duplicates++;
      }
    }
    if (products.length > 0) {
      summary.products += await backend.upsertProducts(products);
      products = [];
    }
    progress.update(reader.bytesRead);
  };

  try {
    for await (const row of reader as AsyncIterable<ImportRow>) {
      summary.rows++;
      if (row.kind === "error") recordError({ line: row.line, code: row.code, error: row.error });
      else if (row.kind === "message") messages.push({ line: row.line, message: row.message });
      else {
        const parsed = productSchema.safeParse(row.product);
        if (parsed.success) products.push(parsed.data);
        else
          recordError({
            line: row.line,
            code: "invalid_product",
            error: parsed.error.issues[0]?.message ?? "invalid",
          });
      }
      if (messages.length >= BATCH || products.length >= BATCH) await flush();
    }
    await flush();
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    // The file broke off (a truncated gzip, a disk error): keep what was read before it, and say so.
    await flush();
    const kept = summary.stored + summary.duplicates;
    const products = summary.products > 0 ? ` and ${summary.products} products` : "";
    throw new ImportError(
      error.code,
      `${error.message}; the ${kept} messages${products} before that point are stored (${summary.duplicates} of the messages already were), and importing the complete file again adds only the rest`,
      { cause: error },
    );
  } finally {
    progress.stop();
    if (report) await new Promise<void>((resolve) => report.end(resolve));
  }
  summary.seconds = (Date.now() - started) / 1000;
  if (options.errorReport) summary.errorReport = options.errorReport;
  return summary;
}

function describe(s: ImportSummary): string {
  return [
    `Imported ${s.file} as ${s.type} into source ${s.source} in ${s.seconds.toFixed(1)} s:`,
    `  ${s.rows} records read, ${s.stored} messages stored, ${s.duplicates} already present, ${s.products} products upserted`,
    s.errors === 0
      ? "  no errors"
      : `  ${s.errors} rows rejected${s.errorReport ? ` (report: ${s.errorReport})` : " (use --errors FILE for the report)"}`,
  ].join("\n");
}
