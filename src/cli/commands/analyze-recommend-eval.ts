/**
 * `kundenprofil analyze recommend-eval FILE --split-date DATE`: reads a line-item CSV (UCI Online
 * Retail layout by default, .csv or .csv.gz) and runs the recommenders' temporal-split offline
 * evaluation, printing hit rate, precision, recall and NDCG at k per recommender and baseline.
 * `--test-end` closes the test period, so that earlier folds can be run as backtests.
 * Rows without a customer, cancellations (invoice starting with C) and quantities ≤ 0 are skipped.
 * `--ceilings` adds recommenders told the test period's bestsellers: what no real one can beat.
 */
import { createReadStream } from "node:fs";
import { pipeline, type Readable, type Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { Command, Option } from "commander";
import { parse } from "csv-parse";
import {
  ceilingRecommenders,
  defaultRecommenders,
  type EvaluationReport,
  evaluateRecommenders,
  type Purchase,
  temporalSplit,
} from "../../analytics/recommend/index.js";

/** Where the command writes; injectable for tests. */
export interface RecommendEvalOutput {
  readonly write: (text: string) => void;
}

/** Column names of the line-item CSV. */
export interface LineItemColumns {
  readonly invoice: string;
  readonly item: string;
  readonly quantity: string;
  readonly date: string;
  readonly price: string;
  readonly customer: string;
}

/** What was read, and why rows were skipped. */
export interface LineItemLoad {
  readonly purchases: Purchase[];
  readonly rows: number;
  readonly skipped: { noCustomer: number; cancelled: number; nonPositiveQuantity: number; badDate: number };
}

type LoadResult = { ok: true; load: LineItemLoad } | { ok: false; message: string };

/** `2011-09-01`, `2011-09-01 08:26:00` (taken as UTC, as the data set's wall clock) or `9/1/2011 8:26`. */
export function parseLineItemDate(text: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}/.test(text);
  if (iso)
    return Date.parse(`${text.trim().replace(" ", "T")}${/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? "" : "Z"}`);
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?/.exec(text.trim());
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4] ?? 0), Number(m[5] ?? 0));
}

/** CSV records of a plain or gzipped file; read and gunzip errors reject the iteration. */
function readCsv(file: string, delimiter: string): AsyncIterable<string[]> {
  const parser = parse({ delimiter, bom: true, relax_column_count: true });
  const stages: (Readable | Transform)[] = [createReadStream(file)];
  if (file.endsWith(".gz")) stages.push(createGunzip());
  // pipeline destroys the parser with the first error of any stage, so it surfaces in the loop.
  pipeline([...stages, parser], () => {});
  return parser;
}

type ColumnIndex = Record<keyof LineItemColumns, number>;

function columnIndex(header: readonly string[], columns: LineItemColumns): ColumnIndex | string {
  const keys = Object.keys(columns) as (keyof LineItemColumns)[];
  const missing = keys.filter((key) => !header.includes(columns[key])).map((key) => columns[key]);
  if (missing.length > 0) return `missing column(s): ${missing.join(", ")}`;
  return Object.fromEntries(keys.map((key) => [key, header.indexOf(columns[key])])) as ColumnIndex;
}

/** One CSV record as a purchase, or the name of the skip rule it falls under. */
function toPurchase(record: readonly string[], at: ColumnIndex): Purchase | keyof LineItemLoad["skipped"] {
  const customerId = record[at.customer]?.trim() ?? "";
  const orderId = record[at.invoice] ?? "";
  const quantity = Number(record[at.quantity]);
  const time = parseLineItemDate(record[at.date] ?? "");
  if (customerId === "") return "noCustomer";
  if (orderId.startsWith("C")) return "cancelled";
  if (!(quantity > 0)) return "nonPositiveQuantity";
  if (Number.isNaN(time)) return "badDate";
  const price = Number(record[at.price]);
  return { customerId, itemId: record[at.item] ?? "", time, quantity, price, orderId };
}

/** Streams the CSV into purchases (customer = CustomerID, item = StockCode, order = InvoiceNo). */
export async function loadLineItems(
  file: string,
  columns: LineItemColumns,
  delimiter = ",",
): Promise<LoadResult> {
  const purchases: Purchase[] = [];
  const skipped = { noCustomer: 0, cancelled: 0, nonPositiveQuantity: 0, badDate: 0 };
  let rows = 0;
  let at: ColumnIndex | undefined;
  for await (const record of readCsv(file, delimiter)) {
    if (!at) {
      const index = columnIndex(record, columns);
      if (typeof index === "string") return { ok: false, message: index };
      at = index;
      continue;
    }
    rows++;
    const purchase = toPurchase(record, at);
    if (typeof purchase === "string") skipped[purchase]++;
    else purchases.push(purchase);
  }
  return { ok: true, load: { purchases, rows, skipped } };
}

const fmt = (x: number): string => x.toFixed(4);
const day = (time: number): string => new Date(time).toISOString().slice(0, 10);

/**
 * Each recommender's measures divided by the popularity baseline's of the same run: the figure the
 * analytics issue sets its target in. Empty without a popularity row; null where the baseline is 0.
 */
export function ratiosToPopularity(
  report: EvaluationReport,
): Record<string, Record<"hitRate" | "precision" | "recall" | "ndcg", number | null>> {
  const base = report.results.find((r) => r.name === "popularity");
  if (base === undefined) return {};
  const ratio = (x: number, y: number) => (y > 0 ? x / y : null);
  return Object.fromEntries(
    report.results.map((r) => [
      r.name,
      {
        hitRate: ratio(r.hitRate, base.hitRate),
        precision: ratio(r.precision, base.precision),
        recall: ratio(r.recall, base.recall),
        ndcg: ratio(r.ndcg, base.ndcg),
      },
    ]),
  );
}

/** Plain-text table of a report. */
export function formatEvaluationTable(
  report: EvaluationReport,
  load: LineItemLoad,
  time: { readonly loadSeconds: number; readonly seconds: number },
): string {
  const k = report.k;
  const ratios = ratiosToPopularity(report);
  const times = (x: number | null | undefined) => (x == null ? "–" : `${x.toFixed(2)}×`);
  const header = [
    "recommender",
    `hit@${k}`,
    `prec@${k}`,
    `recall@${k}`,
    `ndcg@${k}`,
    "hit ÷ pop",
    "ndcg ÷ pop",
    "build ms",
    "p99 ms",
  ];
  const rows = report.results.map((r) => [
    r.name,
    fmt(r.hitRate),
    fmt(r.precision),
    fmt(r.recall),
    fmt(r.ndcg),
    times(ratios[r.name]?.hitRate),
    times(ratios[r.name]?.ndcg),
    r.buildMs.toFixed(0),
    r.p99Ms.toFixed(2),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  const s = load.skipped;
  return [
    `rows ${load.rows}, used ${load.purchases.length} (skipped: no customer ${s.noCustomer}, cancelled ${s.cancelled}, quantity<=0 ${s.nonPositiveQuantity}, bad date ${s.badDate})`,
    `split ${day(report.splitTime)}${report.testEndTime === null ? "" : `, test until ${day(report.testEndTime)}`}: train ${report.trainLines} lines, test ${report.testLines} lines; ${report.customersEvaluated} customers evaluated, ${report.meanTargets.toFixed(1)} target items each on average`,
    `protocol: ${report.protocol}; replenishable: ${report.replenishable} (${report.replenishableItems} items)`,
    "",
    line(header),
    ...rows.map(line),
    "",
    `read ${time.loadSeconds.toFixed(1)} s, total ${time.seconds.toFixed(1)} s`,
    "",
  ].join("\n");
}

interface EvalOptions extends Record<`${keyof LineItemColumns}Column`, string> {
  readonly splitDate: string;
  readonly testEnd?: string;
  readonly k: string;
  readonly json?: boolean;
  readonly delimiter: string;
  readonly replenishable: "catalogue" | "repeat-purchases";
  readonly ceilings?: boolean;
}

function columnsFrom(o: EvalOptions): LineItemColumns {
  return {
    invoice: o.invoiceColumn,
    item: o.itemColumn,
    quantity: o.quantityColumn,
    date: o.dateColumn,
    price: o.priceColumn,
    customer: o.customerColumn,
  };
}

async function runRecommendEval(command: Command, file: string, o: EvalOptions, output: RecommendEvalOutput) {
  const started = performance.now();
  const splitTime = parseLineItemDate(o.splitDate);
  const k = Number(o.k);
  const testEndTime = o.testEnd === undefined ? undefined : parseLineItemDate(o.testEnd);
  if (Number.isNaN(splitTime)) command.error(`invalid --split-date: ${o.splitDate}`);
  if (testEndTime !== undefined && !(testEndTime > splitTime))
    command.error(`invalid --test-end: ${o.testEnd} (a date after --split-date)`);
  if (!Number.isInteger(k) || k < 1) command.error(`invalid --k: ${o.k}`);
  const loaded = await loadLineItems(file, columnsFrom(o), o.delimiter).catch(
    (error: unknown): LoadResult => ({
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    }),
  );
  if (!loaded.ok) return command.error(`${file}: ${loaded.message}`);
  const loadSeconds = (performance.now() - started) / 1000;
  const { purchases } = loaded.load;
  const ceilings = o.ceilings
    ? ceilingRecommenders(temporalSplit(purchases, splitTime, testEndTime).test)
    : [];
  const report = evaluateRecommenders(purchases, {
    splitTime,
    ...(testEndTime === undefined ? {} : { testEndTime }),
    k,
    replenishable: o.replenishable,
    recommenders: [...defaultRecommenders(), ...ceilings],
  });
  const seconds = (performance.now() - started) / 1000;
  if (!o.json) return output.write(formatEvaluationTable(report, loaded.load, { loadSeconds, seconds }));
  const { purchases: _all, ...load } = loaded.load;
  const json = {
    file,
    load: { ...load, used: purchases.length },
    loadSeconds,
    seconds,
    ...report,
    ratiosToPopularity: ratiosToPopularity(report),
  };
  output.write(`${JSON.stringify(json, null, 2)}\n`);
}

/**
 * The `recommend-eval` command; mount it under `analyze`.
 *
 * @example
 * await analyzeRecommendEvalCommand({ write: (t) => out.push(t) }).parseAsync(["data.csv.gz", "--split-date", "2011-09-01", "--json"], { from: "user" });
 */
export function analyzeRecommendEvalCommand(
  output: RecommendEvalOutput = { write: (t) => process.stdout.write(t) },
): Command {
  const command = new Command("recommend-eval")
    .description("offline evaluation of the recommenders with a temporal split on a line-item CSV")
    .argument("<file>", "line-item CSV (.csv or .csv.gz), UCI Online Retail layout by default")
    .requiredOption("--split-date <date>", "first day of the test period, e.g. 2011-09-01")
    .option("--test-end <date>", "first day after the test period (default: the end of the data)")
    .option("--k <k>", "list length", "10")
    .addOption(
      new Option(
        "--replenishable <from>",
        "what may be offered again although owned: catalogue tags, or also items bought repeatedly in the training period",
      )
        .choices(["catalogue", "repeat-purchases"])
        .default("catalogue"),
    )
    .option(
      "--ceilings",
      "also score lists told the test period's bestsellers (upper bounds, not recommenders)",
    )
    .option("--json", "print JSON instead of a table")
    .option("--delimiter <char>", "field delimiter", ",")
    .addOption(new Option("--invoice-column <name>", "invoice / order id column").default("InvoiceNo"))
    .addOption(new Option("--item-column <name>", "item id column").default("StockCode"))
    .addOption(new Option("--quantity-column <name>", "quantity column").default("Quantity"))
    .addOption(new Option("--date-column <name>", "timestamp column").default("InvoiceDate"))
    .addOption(new Option("--price-column <name>", "unit price column").default("UnitPrice"))
    .addOption(new Option("--customer-column <name>", "customer id column").default("CustomerID"));
  return command.action((file: string, o: EvalOptions) => runRecommendEval(command, file, o, output));
}
