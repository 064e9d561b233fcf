/**
 * `kundenprofil analyze clv FILE …`: reads a transaction file (CSV or whitespace-separated,
 * optionally .gz), builds the calibration summary and fits BG/NBD, Pareto/NBD and, with an
 * amount column, Gamma-Gamma; prints parameters, log-likelihoods, boundary warnings and fit
 * times (and the hold-out forecast when a hold-out end is given). File reading lives here; the
 * models are in `src/analytics/clv`.
 */
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { Command, Option } from "commander";
import { parse } from "csv-parse";
import {
  bgNbdModel,
  type CustomerRfm,
  DATE_FORMATS,
  type DateFormat,
  type FitResult,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  type Period,
  type PurchaseModel,
  paretoNbdModel,
  parseDay,
  type SkippedRows,
  summariseTransactions,
  transactionsFromRows,
} from "../../analytics/clv/index.js";

/** Something text can be written to. */
export interface TextSink {
  write(text: string): unknown;
}

/** Output sinks, `process.stdout` / `process.stderr` by default (tests pass their own). */
export interface AnalyzeClvIo {
  readonly stdout?: TextSink;
  readonly stderr?: TextSink;
}

/** How to split a file into rows of cells. */
export interface TableFormat {
  readonly format: "csv" | "whitespace";
  readonly delimiter: string;
}

interface ClvCliOptions {
  readonly customer: string;
  readonly date: string;
  readonly amount?: string;
  readonly calibrationEnd: string;
  readonly holdoutEnd?: string;
  readonly period: Period;
  readonly dateFormat: DateFormat;
  readonly format: "csv" | "whitespace";
  readonly delimiter: string;
  readonly header: boolean;
  readonly columns?: string;
  readonly json?: boolean;
}

const HELP_EXAMPLES = `
Columns are named by the header row, by --columns, or by 1-based position (--customer 1).

Examples:
  # UCI-style CSV with a header
  kundenprofil analyze clv orders.csv.gz --customer CustomerID --date InvoiceDate --amount Amount \\
    --calibration-end 2011-06-30
  # CDNOW_sample.txt: whitespace-separated, no header (id, sample id, yyyymmdd, CDs, dollars)
  kundenprofil analyze clv CDNOW_sample.txt --format whitespace --no-header \\
    --columns id,sample,date,cds,amount --customer id --date date --amount amount \\
    --calibration-end 1997-09-30 --holdout-end 1998-06-30`;

/**
 * The `clv` command; mount it under `analyze`.
 *
 * @example
 * await analyzeClvCommand({ stdout: { write: (t) => out.push(t) } }).parseAsync([file, "--customer", "1", …], { from: "user" });
 */
export function analyzeClvCommand(io: AnalyzeClvIo = {}): Command {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const command = new Command("clv")
    .description("fit BG/NBD, Pareto/NBD and Gamma-Gamma CLV models to a transaction file")
    .argument("<file>", "transactions: .csv or whitespace-separated text, optionally .gz")
    .requiredOption("--customer <col>", "customer id column")
    .requiredOption("--date <col>", "purchase date column")
    .option("--amount <col>", "transaction value column (enables Gamma-Gamma)")
    .requiredOption("--calibration-end <date>", "last day of the calibration period (YYYY-MM-DD)")
    .option("--holdout-end <date>", "last day of a hold-out period, to compare forecasts with actuals")
    .addOption(
      new Option("--period <unit>", "time unit of the models").choices(["week", "day"]).default("week"),
    )
    .addOption(
      new Option("--date-format <f>", "date layout in the file").choices(DATE_FORMATS).default("auto"),
    )
    .addOption(new Option("--format <f>", "file layout").choices(["csv", "whitespace"]).default("csv"))
    .option("--delimiter <char>", "CSV field delimiter", ",")
    .option("--no-header", "the file has no header row")
    .option("--columns <names>", "comma-separated column names (replaces the header row's names)")
    .option("--json", "print JSON instead of text")
    .addHelpText("after", HELP_EXAMPLES);
  command.configureOutput({ writeOut: (t) => stdout.write(t), writeErr: (t) => stderr.write(t) });
  return command.action(async (file: string, options: ClvCliOptions) => {
    const prepared = await prepare(file, options);
    if (!prepared.ok) return command.error(`error: ${prepared.message}`, { exitCode: prepared.exitCode });
    const report = analyse(prepared.meta.customers, options.amount !== undefined);
    const { meta } = prepared;
    stdout.write(
      options.json ? `${JSON.stringify(jsonReport(meta, report), null, 2)}\n` : textReport(meta, report),
    );
  });
}

type Prepared = { ok: true; meta: Meta } | { ok: false; message: string; exitCode: number };

/** Parses the dates, reads the file and builds the calibration summary. */
async function prepare(file: string, options: ClvCliOptions): Promise<Prepared> {
  const calibrationEnd = parseDay(options.calibrationEnd, "iso");
  const holdoutEnd = options.holdoutEnd === undefined ? undefined : parseDay(options.holdoutEnd, "iso");
  if (calibrationEnd === undefined) return usage(`invalid --calibration-end ${options.calibrationEnd}`);
  if (holdoutEnd === undefined && options.holdoutEnd !== undefined) {
    return usage(`invalid --holdout-end ${options.holdoutEnd}`);
  }
  const loaded = await loadRows(file, options).catch((e: unknown) => ({ error: e }));
  if ("error" in loaded) {
    const { error } = loaded;
    if (error instanceof ColumnError) return usage(error.message);
    return { ok: false, message: `cannot read ${file}: ${(error as Error).message}`, exitCode: 2 };
  }
  const { transactions, skipped } = transactionsFromRows(loaded.rows, {
    customer: 0,
    date: 1,
    ...(options.amount === undefined ? {} : { amount: 2 }),
    dateFormat: options.dateFormat,
  });
  const period = options.period;
  const summary = summariseTransactions(transactions, {
    calibrationEnd,
    period,
    ...(holdoutEnd === undefined ? {} : { holdoutEnd }),
  });
  if (!summary.ok) return usage(summary.issues.map((i) => i.message).join("; "));
  const { customers, calibrationTransactions, excludedAfterCalibration } = summary;
  const rows = loaded.rows.length;
  const meta = {
    file,
    rows,
    used: transactions.length,
    skipped,
    period,
    customers,
    calibrationTransactions,
    excludedAfterCalibration,
  };
  return { ok: true, meta };
}

function usage(message: string): Prepared {
  return { ok: false, message, exitCode: 1 };
}

/** Rows of `[customer, date, amount?]` cells, selected by column name or position. */
async function loadRows(file: string, options: ClvCliOptions): Promise<{ rows: string[][] }> {
  const wanted = [options.customer, options.date, ...(options.amount === undefined ? [] : [options.amount])];
  const given = options.columns?.split(",").map((c) => c.trim());
  let at = options.header ? undefined : resolve(wanted, given ?? []);
  const rows: string[][] = [];
  for await (const cells of readTableRows(file, options)) {
    if (at === undefined) {
      at = resolve(wanted, given ?? cells.map((c) => c.trim()));
      continue;
    }
    rows.push(at.map((i) => cells[i] ?? ""));
  }
  return { rows };
}

/** A column option that names no column: a usage error, not an I/O one. */
class ColumnError extends Error {}

function resolve(wanted: readonly string[], names: readonly string[]): number[] {
  return wanted.map((w) => {
    const byName = names.indexOf(w);
    if (byName >= 0) return byName;
    if (/^\d+$/.test(w) && Number(w) >= 1) return Number(w) - 1;
    throw new ColumnError(
      `no column "${w}" (columns: ${names.length > 0 ? names.join(", ") : "by position only"})`,
    );
  });
}

/**
 * Streams a CSV (csv-parse) or whitespace-separated file as arrays of cells; `.gz` files are
 * decompressed on the fly. Blank lines are skipped.
 */
export async function* readTableRows(file: string, format: TableFormat): AsyncGenerator<string[]> {
  const handle = await open(file); // fails here, with the OS's message, if the file is unreadable
  const raw: Readable = handle.createReadStream();
  const input = file.endsWith(".gz") ? pipeline(raw, createGunzip(), () => {}) : raw;
  if (format.format === "csv") {
    const options = {
      delimiter: format.delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    };
    const parser = pipeline(input, parse(options), () => {});
    for await (const record of parser as AsyncIterable<string[]>) yield record;
    return;
  }
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    const trimmed = line.trim();
    if (trimmed !== "") yield trimmed.split(/\s+/);
  }
}

interface ModelReport {
  readonly bgNbd: FitResult<object>;
  readonly paretoNbd: FitResult<object>;
  readonly gammaGamma?: FitResult<object>;
  readonly holdout?: { actual: number; bgNbd?: number; paretoNbd?: number };
}

function analyse(customers: readonly CustomerRfm[], withSpend: boolean): ModelReport {
  const bgNbd = fitBgNbd(customers);
  const paretoNbd = fitParetoNbd(customers);
  const gammaGamma = withSpend ? fitGammaGamma(customers) : undefined;
  const holdout = holdoutForecast(customers, {
    ...(bgNbd.ok ? { bgNbd: bgNbdModel(bgNbd.params) } : {}),
    ...(paretoNbd.ok ? { paretoNbd: paretoNbdModel(paretoNbd.params) } : {}),
  });
  return {
    bgNbd,
    paretoNbd,
    ...(gammaGamma === undefined ? {} : { gammaGamma }),
    ...(holdout === undefined ? {} : { holdout }),
  };
}

function holdoutForecast(customers: readonly CustomerRfm[], models: Record<string, PurchaseModel>) {
  const length = customers[0]?.holdoutLength;
  if (length === undefined) return undefined;
  const actual = customers.reduce((sum, c) => sum + (c.holdoutFrequency ?? 0), 0);
  const predicted = Object.entries(models).map(([name, model]) => [
    name,
    customers.reduce((sum, c) => sum + model.conditionalExpectedTransactions(c, length), 0),
  ]);
  return { actual, ...Object.fromEntries(predicted) };
}

interface Meta {
  readonly file: string;
  readonly rows: number;
  readonly used: number;
  readonly skipped: SkippedRows;
  readonly period: Period;
  readonly customers: readonly CustomerRfm[];
  readonly calibrationTransactions: number;
  readonly excludedAfterCalibration: number;
}

function jsonReport(meta: Meta, report: ModelReport) {
  const { customers, ...rest } = meta;
  const { holdout, ...models } = report;
  const repeatCustomers = customers.filter((c) => c.frequency > 0).length;
  return { ...rest, customers: customers.length, repeatCustomers, models, ...(holdout ? { holdout } : {}) };
}

const MODEL_NAMES = { bgNbd: "BG/NBD", paretoNbd: "Pareto/NBD", gammaGamma: "Gamma-Gamma" } as const;

function textReport(meta: Meta, report: ModelReport): string {
  const { skipped } = meta;
  const repeaters = meta.customers.filter((c) => c.frequency > 0).length;
  const lines = [
    `${meta.file}: ${meta.rows} rows, ${meta.used} used (skipped: no customer ${skipped.missingCustomer}, bad date ${skipped.badDate}, bad amount ${skipped.badAmount})`,
    `${meta.customers.length} customers (${repeaters} repeat buyers, ${meta.excludedAfterCalibration} first seen after calibration), ${meta.calibrationTransactions} purchase days, periods: ${meta.period}`,
    "",
  ];
  for (const key of ["bgNbd", "paretoNbd", "gammaGamma"] as const) {
    const fit = report[key];
    if (fit !== undefined) lines.push(...fitLines(MODEL_NAMES[key], fit));
  }
  const h = report.holdout;
  if (h !== undefined) {
    const forecast = (v: number | undefined) => (v === undefined ? "–" : v.toFixed(1));
    lines.push(
      `hold-out transactions: actual ${h.actual}, BG/NBD ${forecast(h.bgNbd)}, Pareto/NBD ${forecast(h.paretoNbd)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function fitLines(name: string, fit: FitResult<object>): string[] {
  if (!fit.ok) return [`${name.padEnd(12)} not fitted: ${fit.issues.map((i) => i.message).join("; ")}`];
  const params = Object.entries(fit.params)
    .map(([k, v]) => `${k} ${Number(v).toPrecision(6)}`)
    .join("  ");
  const status = fit.converged ? "converged" : "NOT converged";
  const head = `${name.padEnd(12)} ${params}  LL ${fit.logLikelihood.toFixed(4)}  ${fit.iterations} iterations, ${status}, ${(fit.elapsedMs / 1000).toFixed(2)} s`;
  return [head, ...fit.warnings.map((w) => `${"".padEnd(12)} warning: ${w}`)];
}
