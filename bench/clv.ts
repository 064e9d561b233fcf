/**
 * CLV model fit times on the two real data sets (`npx tsx bench/clv.ts`):
 *
 * - CDNOW master (23,570 customers, `CDNOW_master.txt`): weekly periods, calibration 1997-01-01 …
 *   1997-09-30 (weeks 1–39), hold-out to 1998-06-30 (weeks 40–78), the sample's published design
 *   applied to the full cohort;
 * - UCI Online Retail: customers with an id, non-cancelled rows, Quantity > 0 and UnitPrice > 0,
 *   amount = Quantity × UnitPrice, merged to customer-days, weekly, calibration to 2011-06-30
 *   (2,960 customers; BG/NBD runs to the a → 0 boundary).
 *
 * For each model it prints the parameters, log-likelihood, iterations, likelihood evaluations,
 * boundary flags and wall time of one fit (single thread, first run in the process).
 */
import { join } from "node:path";
import { Command } from "commander";
import {
  bgNbdModel,
  type CustomerRfm,
  type FitResult,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  parseDay,
  periodDiscountRate,
  scoreCustomers,
  summariseTransactions,
  transactionsFromRows,
} from "../src/analytics/clv/index.js";
import { readTableRows } from "../src/cli/commands/analyze-clv.js";
import { datasetsDir } from "./datasets.js";
import { benchOptions } from "./support/bench-command.js";

benchOptions(
  new Command("bench:clv").description(
    "BG/NBD, Pareto/NBD and Gamma-Gamma fit times on CDNOW master and Online Retail",
  ),
);

const day = (iso: string) => parseDay(iso, "iso") ?? Number.NaN;

async function cdnowMaster(): Promise<string[][]> {
  const rows: string[][] = [];
  const file = join(datasetsDir(), "cdnow", "CDNOW_master.txt");
  for await (const cells of readTableRows(file, { format: "whitespace", delimiter: "," })) {
    if (cells[0] !== "customer_id") rows.push([cells[0] ?? "", cells[1] ?? "", cells[3] ?? ""]);
  }
  return rows;
}

async function onlineRetail(): Promise<string[][]> {
  const rows: string[][] = [];
  const file = join(datasetsDir(), "online_retail", "online_retail.csv.gz");
  let header = true;
  for await (const [invoice = "", , , quantity, date = "", price, customer = ""] of readTableRows(file, {
    format: "csv",
    delimiter: ",",
  })) {
    if (header) {
      header = false;
      continue;
    }
    const amount = Number(quantity) * Number(price);
    if (customer === "" || invoice.startsWith("C") || !(Number(quantity) > 0) || !(Number(price) > 0))
      continue;
    rows.push([customer, date, String(amount)]);
  }
  return rows;
}

function fitLine(name: string, fit: FitResult<object>, ms: number): string {
  if (!fit.ok) return `  ${name.padEnd(12)} not fitted: ${fit.issues.map((i) => i.code).join(", ")}`;
  const params = Object.entries(fit.params)
    .map(([k, v]) => `${k}=${Number(v).toPrecision(6)}`)
    .join(" ");
  const boundary = fit.atBoundary.length > 0 ? ` boundary=[${fit.atBoundary.join(",")}]` : "";
  return `  ${name.padEnd(12)} ${params} LL=${fit.logLikelihood.toFixed(4)} iterations=${fit.iterations} evaluations=${fit.evaluations} converged=${fit.converged}${boundary} time=${(ms / 1000).toFixed(2)} s`;
}

function timed<T>(run: () => T): [T, number] {
  const started = performance.now();
  const value = run();
  return [value, performance.now() - started];
}

async function bench(
  name: string,
  load: () => Promise<string[][]>,
  calibrationEnd: string,
  holdoutEnd?: string,
) {
  const [rows, readMs] = await (async () => {
    const started = performance.now();
    const value = await load();
    return [value, performance.now() - started] as const;
  })();
  const mapping = { customer: 0, date: 1, amount: 2, dateFormat: "auto" as const };
  const [summary, summaryMs] = timed(() =>
    summariseTransactions(transactionsFromRows(rows, mapping).transactions, {
      calibrationEnd: day(calibrationEnd),
      period: "week",
      ...(holdoutEnd === undefined ? {} : { holdoutEnd: day(holdoutEnd) }),
    }),
  );
  if (!summary.ok) throw new Error(summary.issues.map((i) => i.message).join("; "));
  const customers: CustomerRfm[] = summary.customers;
  const repeaters = customers.filter((c) => c.frequency > 0).length;
  console.log(`${name}: ${rows.length} rows read in ${(readMs / 1000).toFixed(2)} s`);
  console.log(
    `  ${customers.length} customers (${repeaters} repeat), weekly, calibration to ${calibrationEnd}; summary ${(summaryMs / 1000).toFixed(2)} s`,
  );
  const [bg, bgMs] = timed(() => fitBgNbd(customers));
  console.log(fitLine("BG/NBD", bg, bgMs));
  const [pnbd, pnbdMs] = timed(() => fitParetoNbd(customers));
  console.log(fitLine("Pareto/NBD", pnbd, pnbdMs));
  const [gg, ggMs] = timed(() => fitGammaGamma(customers));
  console.log(fitLine("Gamma-Gamma", gg, ggMs));
  if (bg.ok && gg.ok) {
    const model = bgNbdModel(bg.params);
    const options = { horizon: 52, discountRate: periodDiscountRate(0.1, "week") };
    const [scores, scoreMs] = timed(() => scoreCustomers(model, gg.params, customers, options));
    const total = scores.ok ? scores.scores.reduce((s, c) => s + c.clv, 0) : Number.NaN;
    console.log(
      `  52-week CLV (BG/NBD + Gamma-Gamma, 10 %/year): ${customers.length} customers scored in ${(scoreMs / 1000).toFixed(2)} s, total ${total.toFixed(0)}`,
    );
    if (holdoutEnd !== undefined) {
      const length = customers[0]?.holdoutLength ?? 0;
      const actual = customers.reduce((s, c) => s + (c.holdoutFrequency ?? 0), 0);
      const predicted = customers.reduce((s, c) => s + model.conditionalExpectedTransactions(c, length), 0);
      console.log(`  hold-out to ${holdoutEnd}: actual ${actual}, BG/NBD predicted ${predicted.toFixed(1)}`);
    }
  }
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
await bench("CDNOW master", cdnowMaster, "1997-09-30", "1998-06-30");
await bench("Online Retail", onlineRetail, "2011-06-30");
