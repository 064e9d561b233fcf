import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CDNOW_SAMPLE_PATH } from "../../../test/fixtures/cdnow/load-cdnow.js";
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
    expect(report).toMatchObject({ rows: 6919, used: 6919, customers: 2357, repeatCustomers: 946, period: "week" });
    const { bgNbd, paretoNbd, gammaGamma } = report.models;
    expect(relativeError(bgNbd.params.r, 0.2426)).toBeLessThan(1e-3);
    expect(relativeError(bgNbd.params.b, 2.4262)).toBeLessThan(1e-3);
    expect(bgNbd.logLikelihood).toBeCloseTo(-9582.43, 2);
    expect(relativeError(paretoNbd.params.alpha, 10.574)).toBeLessThan(1e-3);
    expect(paretoNbd.logLikelihood).toBeCloseTo(-9594.98, 2);
    expect(relativeError(gammaGamma.params.gamma, 15.444)).toBeLessThan(1e-3);
    expect(bgNbd.atBoundary).toEqual([]);
    expect(bgNbd.elapsedMs).toBeGreaterThan(0);
    expect(report.models.holdout.actual).toBe(1882);
    expect(report.models.holdout.bgNbd).toBeCloseTo(1653.4, 0);
  });

  it("reads a gzipped CSV by header names and prints text; no amount, no Gamma-Gamma", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clv-cli-"));
    const file = join(dir, "orders.csv.gz");
    const lines = ["order;who;when"];
    for (let c = 0; c < 60; c++) {
      for (let k = 0; k <= c % 5; k++) lines.push(`${c}-${k};c${c};2024-01-${String(1 + ((c + 7 * k) % 28)).padStart(2, "0")}`);
    }
    writeFileSync(file, gzipSync(`${lines.join("\n")}\n`));
    const args = [file, "--delimiter", ";", "--customer", "who", "--date", "when", "--calibration-end", "2024-01-31"];
    const { stdout, exitCode } = await run([...args, "--period", "day"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("60 customers");
    expect(stdout).toMatch(/BG\/NBD +r /);
    expect(stdout).toMatch(/Pareto\/NBD +r /);
    expect(stdout).not.toContain("Gamma-Gamma");
  });

  it("reports unreadable input on stderr with a non-zero exit", async () => {
    const missing = await run(["/nonexistent.csv", "--customer", "a", "--date", "b", "--calibration-end", "2024-01-31"]);
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
    const badDate = await run([CDNOW_SAMPLE_PATH, "--customer", "1", "--date", "3", "--calibration-end", "30.9.97"]);
    expect(badDate.stderr).toContain("invalid --calibration-end");
  });
});
