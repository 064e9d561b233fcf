import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeRecommendEvalCommand, parseLineItemDate } from "./analyze-recommend-eval.js";

const FIXTURE = "test/fixtures/online-retail/online-retail-200-customers.csv.gz";

interface JsonReport {
  load: { rows: number; used: number; skipped: Record<string, number> };
  testEndTime: number | null;
  trainLines: number;
  testLines: number;
  customersEvaluated: number;
  k: number;
  ratiosToPopularity: Record<string, { hitRate: number; precision: number; recall: number; ndcg: number }>;
  results: { name: string; hitRate: number; precision: number; recall: number; ndcg: number }[];
}

async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = "";
  let err = "";
  const command = analyzeRecommendEvalCommand({ write: (text) => (out += text) })
    .exitOverride()
    .configureOutput({ writeErr: (text) => (err += text) });
  await command.parseAsync(args, { from: "user" });
  return { out, err };
}

const dir = mkdtempSync(join(tmpdir(), "recommend-eval-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("analyze recommend-eval", () => {
  it("evaluates the Online Retail sample and the personalised recommender beats popularity", async () => {
    const { out } = await run([FIXTURE, "--split-date", "2011-09-01", "--json"]);
    const report = JSON.parse(out) as JsonReport;
    expect(report.load).toMatchObject({
      rows: 31_420,
      used: 30_491,
      skipped: { noCustomer: 100, cancelled: 829 },
    });
    expect(report.customersEvaluated).toBe(194);
    expect(report.k).toBe(10);
    const byName = new Map(report.results.map((r) => [r.name, r]));
    expect([...byName.keys()]).toEqual([
      "popularity",
      "random",
      "co-occurrence",
      "item-cosine",
      "item-lift",
      "ease-dense",
      "ease-top100",
      "personalised",
    ]);
    for (const r of report.results) {
      for (const metric of [r.hitRate, r.precision, r.recall, r.ndcg])
        expect(metric).toBeGreaterThanOrEqual(0);
      expect(r.hitRate).toBeLessThanOrEqual(1);
    }
    const personalised = byName.get("personalised")!;
    const popularity = byName.get("popularity")!;
    expect(report.ratiosToPopularity.popularity).toEqual({ hitRate: 1, precision: 1, recall: 1, ndcg: 1 });
    expect(report.ratiosToPopularity.personalised!.hitRate).toBeCloseTo(
      personalised.hitRate / popularity.hitRate,
      12,
    );
    expect(personalised.hitRate).toBeGreaterThan(1.3 * popularity.hitRate);
    expect(personalised.ndcg).toBeGreaterThan(1.5 * popularity.ndcg);
    expect(popularity.hitRate).toBeGreaterThan(byName.get("random")!.hitRate);
  });

  it("adds the ceilings, told the test period's bestsellers, after the recommenders", async () => {
    const { out } = await run([FIXTURE, "--split-date", "2011-09-01", "--ceilings", "--json"]);
    const report = JSON.parse(out) as JsonReport;
    const byName = new Map(report.results.map((r) => [r.name, r]));
    expect(report.results.slice(-4).map((r) => r.name)).toEqual([
      "ceiling: test bestsellers",
      "ceiling: ease + test bestsellers ×0.5",
      "ceiling: ease + test bestsellers ×1",
      "ceiling: ease + test bestsellers ×2",
    ]);
    const bestsellers = byName.get("ceiling: test bestsellers")!;
    expect(bestsellers.hitRate).toBeGreaterThan(byName.get("popularity")!.hitRate);
    // The best blend lies above both of its parts.
    const bestBlend = Math.max(...report.results.slice(-3).map((r) => r.hitRate));
    expect(bestBlend).toBeGreaterThan(bestsellers.hitRate);
    expect(bestBlend).toBeGreaterThan(byName.get("ease-dense")!.hitRate);
  });

  it("closes the test period at --test-end, for backtest folds", async () => {
    const open = JSON.parse((await run([FIXTURE, "--split-date", "2011-06-01", "--json"])).out) as JsonReport;
    const args = [FIXTURE, "--split-date", "2011-06-01", "--test-end", "2011-09-01"];
    const fold = JSON.parse((await run([...args, "--json"])).out) as JsonReport;
    expect(open.testEndTime).toBeNull();
    expect(fold.testEndTime).toBe(Date.UTC(2011, 8, 1));
    expect(fold.trainLines).toBe(open.trainLines);
    expect(fold.testLines).toBeGreaterThan(0);
    expect(fold.testLines).toBeLessThan(open.testLines);
    expect(fold.customersEvaluated).toBeLessThan(open.customersEvaluated);
    // The fold ends where the benchmark's test period begins: together they hold every later line.
    const later = JSON.parse(
      (await run([FIXTURE, "--split-date", "2011-09-01", "--json"])).out,
    ) as JsonReport;
    expect(fold.testLines + later.testLines).toBe(open.testLines);
    const { out } = await run(args);
    expect(out).toContain("split 2011-06-01, test until 2011-09-01: train");
  });

  it("reads other layouts and applies the skip rules", async () => {
    const file = join(dir, "lines.csv");
    const rows = [
      "order;sku;qty;when;price;client",
      '1;A;1;2011-01-01 10:00:00;1.0;"c1"',
      "1;B;1;2011-01-01 10:00:00;1.0;c1",
      "2;A;1;2011-01-02 10:00:00;1.0;c2",
      "2;B;2;2011-01-02 10:00:00;1.0;c2",
      "3;A;1;2011-01-03 10:00:00;1.0;c3",
      "C4;B;-1;2011-01-04 10:00:00;1.0;c3",
      "5;Z;0;2011-01-05 10:00:00;1.0;c3",
      "6;A;1;2011-01-05 10:00:00;1.0;",
      "7;B;1;2011-03-01 10:00:00;1.0;c3",
    ];
    writeFileSync(file, `${rows.join("\n")}\n`);
    const columns = ["--invoice-column", "order", "--item-column", "sku", "--quantity-column", "qty"];
    const more = [
      "--date-column",
      "when",
      "--price-column",
      "price",
      "--customer-column",
      "client",
      "--delimiter",
      ";",
    ];
    const { out } = await run([file, "--split-date", "2011-02-01", "--k", "1", ...columns, ...more]);
    expect(out).toContain("rows 9, used 6 (skipped: no customer 1, cancelled 1, quantity<=0 1, bad date 0)");
    expect(out).toContain("1 customers evaluated");
    expect(out).toMatch(/hit@1 +prec@1 +recall@1 +ndcg@1 +hit ÷ pop +ndcg ÷ pop/);
    expect(out).toMatch(/personalised +1\.0000 +1\.0000 +1\.0000 +1\.0000 +\S+ +\S+ /);
    expect(out).toMatch(/popularity +(\S+ +){4}1\.00× +1\.00× /);
  });

  it("reports missing columns, unreadable files and bad options as errors", async () => {
    const file = join(dir, "other.csv");
    writeFileSync(file, "a,b\n1,2\n");
    await expect(run([file, "--split-date", "2011-09-01"])).rejects.toThrow(/missing column\(s\): InvoiceNo/);
    await expect(run([join(dir, "absent.csv"), "--split-date", "2011-09-01"])).rejects.toThrow(/ENOENT/);
    await expect(run([FIXTURE, "--split-date", "soon"])).rejects.toThrow(/invalid --split-date/);
    await expect(run([FIXTURE, "--split-date", "2011-09-01", "--k", "0"])).rejects.toThrow(/invalid --k/);
    const backwards = [FIXTURE, "--split-date", "2011-09-01", "--test-end", "2011-09-01"];
    await expect(run(backwards)).rejects.toThrow(
      /invalid --test-end: 2011-09-01 \(a date after --split-date\)/,
    );
    await expect(run([FIXTURE, "--split-date", "2011-09-01", "--test-end", "later"])).rejects.toThrow(
      /invalid --test-end/,
    );
  });
});

describe("parseLineItemDate", () => {
  it("reads ISO dates as UTC wall clock and US dates from the original UCI export", () => {
    expect(parseLineItemDate("2011-09-01")).toBe(Date.UTC(2011, 8, 1));
    expect(parseLineItemDate("2010-12-01 08:26:00")).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseLineItemDate("12/1/2010 8:26")).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseLineItemDate("yesterday")).toBeNaN();
  });
});
