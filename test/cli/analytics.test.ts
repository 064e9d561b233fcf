/**
 * `kundenprofil analytics run|runs|rules` against an embedded database: the jobs run on what was
 * stored, print a summary (text or JSON), and the rules they found can be listed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopHistory } from "../analytics/shop-history.js";
import { seedEmbedded } from "../support/embedded.js";
import { runCli } from "../support/run-cli.js";

describe("kundenprofil analytics", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "kp-analytics-cli-"));
  const env = { KUNDENPROFIL_DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  beforeAll(async () => {
    const results = await seedEmbedded(dataDir, shopHistory(Date.now()), "shop");
    expect(results.every((r) => r.status === "stored")).toBe(true);
  }, 120_000);

  it("runs the named jobs and reports each", async () => {
    const run = await runCli(["analytics", "run", "basket", "clv", "--json"], env);
    expect(run.code, run.stderr).toBe(0);
    const { runs } = JSON.parse(run.stdout);
    expect(runs.map((r: { job: string }) => r.job)).toEqual(["basket", "clv"]);
    expect(runs.every((r: { status: string }) => r.status === "done")).toBe(true);
    expect(runs[1].summary).toMatchObject({ model: expect.stringMatching(/nbd/) });
    const text = await runCli(["analytics", "runs"], env);
    // Each job's seconds are its own, not the time since the run's shared start.
    for (const r of runs as { job: string; summary: { elapsedMs: number } }[]) {
      const seconds = (r.summary.elapsedMs / 1000).toFixed(1).replace(".", "\\.");
      expect(text.stdout).toMatch(new RegExp(`${r.job}\\s+done\\s+\\S+\\s+${seconds}\\s`));
    }
  }, 120_000);

  it("lists the rules found, and refuses an unknown job", async () => {
    const rules = await runCli(["analytics", "rules", "--item", "dishwasher", "--json"], env);
    expect(rules.code, rules.stderr).toBe(0);
    expect(JSON.parse(rules.stdout).rules[0]).toMatchObject({
      antecedent: ["dishwasher"],
      consequent: "tabs",
    });
    const text = await runCli(["analytics", "rules", "--item", "dishwasher"], env);
    expect(text.stdout).toMatch(/dishwasher => tabs/);
    const bad = await runCli(["analytics", "run", "horoscope"], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/horoscope/);
    expect((await runCli(["analytics", "run", "--help"], env)).stdout).toMatch(/basket/);
  }, 120_000);
});
