import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeBasketCommand } from "./analyze-basket.js";

const groceries = fileURLToPath(
  new URL("../../../test/fixtures/groceries/groceries.csv.gz", import.meta.url),
);

async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const command = analyzeBasketCommand({
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  }).exitOverride();
  await command.parseAsync(args, { from: "user" });
  return { stdout, stderr };
}

describe("kundenprofil analyze basket", () => {
  it("prints arules' 5,668 Groceries rules as JSON, conviction null where infinite", async () => {
    const { stdout, stderr } = await run([groceries, "--support", "0.001", "--confidence", "0.5", "--json"]);
    expect(stderr).toBe("");
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      transactions: 9835,
      items: 169,
      minCount: 10,
      itemsetCount: 13492,
      ruleCount: 5668,
    });
    expect(report.rules).toHaveLength(5668);
    expect(report.rules[0]).toMatchObject({
      antecedent: ["Instant food products", "soda"],
      consequent: ["hamburger meat"],
      count: 12,
    });
    const certain = report.rules.filter((rule: { confidence: number }) => rule.confidence === 1);
    expect(certain.length).toBeGreaterThan(0);
    expect(certain.every((rule: { conviction: unknown }) => rule.conviction === null)).toBe(true);
    expect(report.timing.totalMs).toBeGreaterThan(0);
  });

  it("prints a summary and a table of the top rules", async () => {
    const { stdout } = await run([groceries, "--support", "0.001", "--confidence", "0.8", "--top", "3"]);
    expect(stdout).toContain("9835 transactions, 169 items");
    expect(stdout).toContain("410 rules");
    expect(stdout.split("\n").filter((line) => /^\s*\d+\s+\{/.test(line))).toHaveLength(3);
  });

  it("reads tabular CSV by header names", async () => {
    const dir = mkdtempSync(join(tmpdir(), "basket-cli-"));
    const file = join(dir, "lines.csv");
    writeFileSync(file, "sku,order_id\nmilk,1\nbread,1\nmilk,2\nbread,2\nmilk,3\n");
    const { stdout } = await run([
      file,
      "--format",
      "tabular",
      "--tid-col",
      "order_id",
      "--item-col",
      "sku",
      "--support",
      "0.5",
      "--confidence",
      "0.6",
      "--min-len",
      "2",
      "--json",
    ]);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ transactions: 3, itemsetCount: 3, ruleCount: 2 });
    expect(report.rules[0]).toMatchObject({
      antecedent: ["bread"],
      consequent: ["milk"],
      confidence: 1,
      conviction: null,
    });
  });

  it("reads tabular CSV by position, counted from 1, and names a column that is not there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "basket-cli-"));
    const file = join(dir, "lines.csv");
    writeFileSync(file, "x,1,milk\nx,1,bread\nx,2,milk\nx,2,bread\nx,3,milk\n");
    const args = [file, "--format", "tabular", "--no-header", "--support", "0.5", "--confidence", "0.6"];
    const { stdout } = await run([...args, "--tid-col", "2", "--item-col", "3", "--min-len", "2", "--json"]);
    expect(JSON.parse(stdout)).toMatchObject({ transactions: 3, itemsetCount: 3, ruleCount: 2 });
    await expect(run([...args, "--tid-col", "0", "--item-col", "3"])).rejects.toThrow(
      /column 0: the rows have 3 columns, counted from 1/,
    );
    await expect(run([...args, "--tid-col", "2", "--item-col", "4"])).rejects.toThrow(/column 4/);
    const named = [file, "--format", "tabular", "--support", "0.5", "--confidence", "0.6"];
    await expect(run([...named, "--tid-col", "order"])).rejects.toThrow(
      /column "order" is not in the header \(x, 1, milk\)/,
    );
  });

  it("reports a damaged .gz file in either format as an error, not a crash", async () => {
    const dir = mkdtempSync(join(tmpdir(), "basket-cli-"));
    const file = join(dir, "damaged.csv.gz");
    writeFileSync(file, Buffer.from("this is not gzip data, only its name says so"));
    for (const format of ["basket", "tabular"]) {
      await expect(
        run([file, "--format", format, "--support", "0.1", "--confidence", "0.5"]),
      ).rejects.toThrow(/cannot read .*damaged\.csv\.gz: incorrect header check/);
    }
  });

  it("fails with a message for an invalid support", async () => {
    await expect(run([groceries, "--support", "2", "--confidence", "0.5"])).rejects.toThrow(
      /support must be in/,
    );
  });
});
