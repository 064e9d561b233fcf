import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CDNOW_SAMPLE_PATH, readCdnowRows } from "../../../test/fixtures/cdnow/load-cdnow.js";
import { analyzeClvCommand } from "./analyze-clv.js";

async function run(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = "";
  let stderr = "";
  const command = analyzeClvCommand({
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  }).exitOverride();
  try {
    await command.parseAsync(args, { from: "user" });
    return { stdout, stderr, exitCode: 0 };
  } catch (error) {
    return { stdout, stderr, exitCode: (error as { exitCode?: number }).exitCode ?? -1 };
  }
}

const relativeError = (actual: number, expected: number) => Math.abs(actual / expected - 1);

describe("kundenprofil analyze clv", () => {
  it("fits the three models on CDNOW_sample.txt (whitespace, no header) and prints JSON", async () => {
    const { stdout, stderr, exitCode } = await run([
      CDNOW_SAMPLE_PATH,
      "--format",
      "whitespace",
      "--no-header",
      "--columns",
      "id,sample,date,cds,amount",
      "--customer",
      "id",
      "--date",
      "date",
      "--amount",
      "amount",
      "--calibration-end",
      "1997-09-30",
      "--holdout-end",
      "1998-06-30",
      "--json",
    ]);
    expect({ stderr, exitCode }).toEqual({ stderr: "", exitCode: 0 });
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      rows: 6919,
      used: 6919,
      customers: 2357,
      repeatCustomers: 946,
      period: "week",
    });
    const { bgNbd, paretoNbd, gammaGamma } = report.models;
    expect(relativeError(bgNbd.params.r, 0.2426)).toBeLessThan(1e-3);
    expect(relativeError(bgNbd.params.b, 2.4262)).toBeLessThan(1e-3);
    expect(bgNbd.logLikelihood).toBeCloseTo(-9582.43, 2);
    expect(relativeError(paretoNbd.params.alpha, 10.574)).toBeLessThan(1e-3);
    expect(paretoNbd.logLikelihood).toBeCloseTo(-9594.98, 2);
    expect(relativeError(gammaGamma.params.gamma, 15.444)).toBeLessThan(1e-3);
    expect(bgNbd.atBoundary).toEqual([]);
    expect(bgNbd.elapsedMs).toBeGreaterThan(0);
    expect(report.holdout.actual).toBe(1882);
    expect(report.holdout.bgNbd).toBeCloseTo(1653.4, 0);
    expect(report.holdout.paretoNbd).toBeCloseTo(1665.5, 0);
  });

  it("reads a gzipped CSV by header names and prints text; no amount, no Gamma-Gamma", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clv-cli-"));
    const file = join(dir, "orders.csv.gz");
    const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
    const rows = readCdnowRows().slice(0, 2500);
    const lines = ["order;who;when", ...rows.map((r, i) => `${i};${r[0]};${iso(r[2] ?? "")}`)];
    writeFileSync(file, gzipSync(`${lines.join("\n")}\n`));
    const args = [
      file,
      "--delimiter",
      ";",
      "--customer",
      "who",
      "--date",
      "when",
      "--calibration-end",
      "1997-09-30",
    ];
    const { stdout, stderr, exitCode } = await run(args);
    expect({ stderr, exitCode }).toEqual({ stderr: "", exitCode: 0 });
    const customers = new Set(rows.map((r) => r[0])).size;
    expect(stdout).toContain(`2500 rows, 2500 used`);
    expect(stdout).toContain(`${customers} customers`);
    expect(stdout).toMatch(
      /BG\/NBD +r \S+ +alpha \S+ +a \S+ +b \S+ +LL -\d+\.\d{4} +\d+ iterations, converged/,
    );
    expect(stdout).toMatch(/Pareto\/NBD +r /);
    expect(stdout).not.toContain("Gamma-Gamma");
  });

  it("reports unreadable input on stderr with a non-zero exit", async () => {
    const missing = await run([
      "/nonexistent.csv",
      "--customer",
      "a",
      "--date",
      "b",
      "--calibration-end",
      "2024-01-31",
    ]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("cannot read");
    const badColumn = await run([
      CDNOW_SAMPLE_PATH,
      "--format",
      "whitespace",
      "--no-header",
      "--customer",
      "name",
      "--date",
      "3",
      "--calibration-end",
      "1997-09-30",
    ]);
    expect(badColumn.stderr).toContain('no column "name"');
    expect(badColumn.exitCode).toBe(1);
    const badDate = await run([
      CDNOW_SAMPLE_PATH,
      "--customer",
      "1",
      "--date",
      "3",
      "--calibration-end",
      "30.9.97",
    ]);
    expect(badDate.stderr).toContain("invalid --calibration-end");
  });
});
