/**
 * `kundenprofil analyze basket FILE`: reads transactions from a basket-format or tabular CSV file
 * (optionally gzipped), mines frequent itemsets and association rules with the arules-compatible
 * FP-Growth of `src/analytics/basket`, and prints a summary with the top rules or, with `--json`,
 * one JSON object. This module owns only file reading, option parsing and output formatting.
 */
import { createReadStream, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { pipeline, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { Command, InvalidArgumentError, Option } from "commander";
import { parse } from "csv-parse";
import {
  type AprioriResult,
  type AssociationRule,
  type BasketSeparator,
  groupTabularRecords,
  mineAssociationRules,
  readBasketLines,
  ruleToJson,
} from "../../analytics/basket/index.js";

/** Where the command writes; the narrowest part of a stream it needs. */
export interface TextSink {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

/** Output sinks, `process.stdout` / `process.stderr` by default (tests pass their own). */
export interface AnalyzeBasketIo {
  readonly stdout?: TextSink;
  readonly stderr?: TextSink;
}

interface BasketCliOptions {
  format: "basket" | "tabular";
  separator: "auto" | BasketSeparator;
  support: number;
  confidence: number;
  minLen: number;
  maxLen: number;
  tidCol: string;
  itemCol: string;
  header: boolean;
  top: number;
  json: boolean;
}

/** Files above this size get a progress line on stderr (when stderr is a terminal). */
const PROGRESS_MIN_BYTES = 16 * 1024 * 1024;

/**
 * The `basket` command, to be mounted under `analyze`.
 *
 * @example
 * program.command("analyze").addCommand(analyzeBasketCommand());
 * // kundenprofil analyze basket groceries.csv --support 0.001 --confidence 0.5 --json
 */
export function analyzeBasketCommand(io: AnalyzeBasketIo = {}): Command {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const command: Command = new Command("basket")
    .description("frequent itemsets and association rules (FP-Growth, same results as R arules)")
    .argument("<file>", "transactions file (.gz accepted)")
    .addOption(
      new Option("--format <format>", "input format").choices(["basket", "tabular"]).default("basket"),
    )
    .addOption(
      new Option("--separator <separator>", "basket format: item separator")
        .choices(["auto", "comma", "whitespace"])
        .default("auto"),
    )
    .requiredOption("--support <s>", "minimum support, in (0, 1]", parseNumber)
    .requiredOption("--confidence <c>", "minimum confidence, in [0, 1]", parseNumber)
    .option(
      "--min-len <n>",
      "minimum rule length |lhs| + |rhs| (1 admits {} => {y}, as arules)",
      parseInteger,
      1,
    )
    .option("--max-len <n>", "maximum itemset and rule length", parseInteger, 10)
    .option("--tid-col <column>", "tabular: transaction-id column (header name or position from 1)", "1")
    .option("--item-col <column>", "tabular: item column (header name or position from 1)", "2")
    .option("--no-header", "tabular: the CSV has no header row")
    .option("--top <n>", "rules shown in the table", parseInteger, 20)
    .option("--json", "print one JSON object instead of the table", false);
  command.configureOutput({ writeOut: (text) => stdout.write(text), writeErr: (text) => stderr.write(text) });
  command.action(async (file: string, options: BasketCliOptions) => {
    const started = performance.now();
    let transactions: string[][];
    try {
      transactions = await readTransactions(file, options, stderr);
    } catch (error) {
      command.error(`error: cannot read ${file}: ${(error as Error).message}`, { exitCode: 2 });
    }
    const read = performance.now();
    const result = mineAssociationRules(transactions, {
      support: options.support,
      confidence: options.confidence,
      minLength: options.minLen,
      maxLength: options.maxLen,
    });
    if (!result.ok) {
      command.error(`error: ${result.issues.map((issue) => issue.message).join("; ")}`, { exitCode: 1 });
    }
    const timing = { readMs: read - started, miningMs: performance.now() - read, totalMs: 0 };
    timing.totalMs = performance.now() - started;
    const report = { file, transactions, result: result.value, timing, options };
    stdout.write(options.json ? `${JSON.stringify(jsonReport(report))}\n` : humanReport(report));
  });
  return command;
}

function parseNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number)) throw new InvalidArgumentError("not a number");
  return number;
}

function parseInteger(value: string): number {
  const number = parseNumber(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError("not a positive integer");
  return number;
}

async function readTransactions(
  file: string,
  options: BasketCliOptions,
  stderr: TextSink,
): Promise<string[][]> {
  const input = openInput(file, stderr);
  if (options.format === "basket") {
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    return readBasketLines(lines, options.separator === "auto" ? undefined : options.separator);
  }
  const records = parse({ bom: true, relax_column_count: true, skip_empty_lines: true });
  // pipeline, unlike pipe, hands a read or gunzip error on to the parser, so it rejects the loop.
  pipeline(input, records, () => {});
  return groupTabularRecords(withColumns(records, options), { transactionColumn: 0, itemColumn: 1 });
}

/** A file stream, gunzipped for `.gz`, reporting progress for big files on a terminal. */
function openInput(file: string, stderr: TextSink): Readable {
  const size = statSync(file).size;
  const raw = createReadStream(file);
  if (size >= PROGRESS_MIN_BYTES && stderr.isTTY) {
    let read = 0;
    let last = 0;
    raw.on("data", (chunk) => {
      read += chunk.length;
      const now = Date.now();
      if (now - last < 200 && read < size) return;
      last = now;
      stderr.write(`\rreading ${file}: ${Math.round((100 * read) / size)}% of ${(size / 1e6).toFixed(1)} MB`);
    });
    raw.on("end", () => stderr.write("\r\x1b[2K"));
  }
  if (!file.endsWith(".gz")) return raw;
  const gunzip = createGunzip();
  pipeline(raw, gunzip, () => {});
  return gunzip;
}

/** Reduces each CSV record to [transaction id, item], resolving header names on the first row. */
async function* withColumns(records: AsyncIterable<string[]>, options: BasketCliOptions) {
  let columns: [number, number] | undefined;
  for await (const record of records) {
    if (columns === undefined) {
      columns = [
        columnIndex(options.tidCol, record, options.header),
        columnIndex(options.itemCol, record, options.header),
      ];
      if (options.header) continue;
    }
    yield [record[columns[0]] ?? "", record[columns[1]] ?? ""];
  }
}

/** A header name, or a position counted from 1 as `analyze clv` counts them (and cut and awk). */
function columnIndex(spec: string, firstRow: readonly string[], header: boolean): number {
  const named = header ? firstRow.findIndex((name) => name.trim() === spec) : -1;
  if (named >= 0) return named;
  const position = /^\d+$/.test(spec) ? Number(spec) : 0;
  if (position >= 1 && position <= firstRow.length) return position - 1;
  if (header && position === 0)
    throw new Error(`column "${spec}" is not in the header (${firstRow.join(", ")})`);
  throw new Error(`column ${spec}: the rows have ${firstRow.length} columns, counted from 1`);
}

interface Report {
  readonly file: string;
  readonly transactions: readonly string[][];
  readonly result: AprioriResult;
  readonly timing: { readMs: number; miningMs: number; totalMs: number };
  readonly options: BasketCliOptions;
}

function jsonReport({ file, transactions, result, timing, options }: Report) {
  const { itemsets, rules } = result;
  return {
    file,
    transactions: transactions.length,
    items: itemsets.labels?.length ?? 0,
    support: options.support,
    confidence: options.confidence,
    minLength: options.minLen,
    maxLength: options.maxLen,
    minCount: itemsets.minCount,
    itemsetCount: itemsets.size,
    ruleCount: rules.length,
    // conviction is null where it is infinite (confidence = 1): JSON has no Infinity.
    rules: rules.map(ruleToJson),
    timing: roundTimes(timing),
  };
}

function roundTimes(timing: Report["timing"]) {
  return Object.fromEntries(Object.entries(timing).map(([key, ms]) => [key, Math.round(ms * 10) / 10]));
}

function humanReport({ file, transactions, result, timing, options }: Report): string {
  const { itemsets, rules } = result;
  const lines = [
    `${file}: ${transactions.length} transactions, ${itemsets.labels?.length ?? 0} items`,
    `support ${options.support} (count >= ${itemsets.minCount}), confidence ${options.confidence}, ` +
      `length ${options.minLen}..${options.maxLen}`,
    `${itemsets.size} frequent itemsets, ${rules.length} rules ` +
      `(read ${timing.readMs.toFixed(0)} ms, mining ${timing.miningMs.toFixed(0)} ms)`,
  ];
  if (rules.length > 0) {
    const shown = rules.slice(0, options.top);
    lines.push("", `top ${shown.length} rules by lift:`, ...ruleTable(shown));
  }
  return `${lines.join("\n")}\n`;
}

function ruleTable(rules: readonly AssociationRule[]): string[] {
  const rows = rules.map((rule, i) => [
    String(i + 1),
    `{${rule.antecedent.join(", ")}}`,
    `{${rule.consequent.join(", ")}}`,
    rule.support.toFixed(5),
    rule.confidence.toFixed(4),
    rule.lift.toFixed(3),
    String(rule.count),
  ]);
  const header = ["#", "lhs", "rhs", "support", "confidence", "lift", "count"];
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const numeric = new Set([0, 3, 4, 5, 6]);
  const format = (row: readonly string[]) =>
    row.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  ");
  return [format(header), format(widths.map((width) => "-".repeat(width))), ...rows.map(format)];
}
