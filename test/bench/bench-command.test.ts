/**
 * The benchmarks' command lines: counts, choices, database names and master keys are checked
 * before a run creates anything, and `--help` and a usage error work on a real bench script.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import {
  choiceOption,
  countOption,
  databaseOption,
  masterKeyOption,
} from "../../bench/support/bench-command.js";

const run = promisify(execFile);

function parse(args: string[]): Record<string, unknown> {
  return new Command("bench:test")
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    .addOption(countOption("--events <n>", "events", 300_000))
    .addOption(countOption("--slice <n>", "slice", 20_000, 0))
    .addOption(choiceOption("--backend <name>", "backend", ["postgres", "pglite", "both"], "both"))
    .addOption(databaseOption("a kept database"))
    .addOption(masterKeyOption())
    .parse(args, { from: "user" })
    .opts();
}

describe("bench command lines", () => {
  it("gives the run numbers, choices and key bytes, with the defaults", () => {
    expect(parse([])).toEqual({ events: 300_000, slice: 20_000, backend: "both" });
    const key = Buffer.alloc(32, 7);
    const options = parse([
      "--events",
      "4000",
      "--slice",
      "0",
      "--backend",
      "pglite",
      "--database",
      "kp_bench_segments_x1",
      "--master-key",
      key.toString("base64"),
    ]);
    expect(options).toEqual({
      events: 4000,
      slice: 0,
      backend: "pglite",
      database: "kp_bench_segments_x1",
      masterKey: key,
    });
  });

  it("refuses what would have run with NaN, an unknown backend, SQL in a name or a short key", () => {
    expect(() => parse(["--events", "abc"])).toThrow(/a whole number of at least 1/);
    expect(() => parse(["--events", "0"])).toThrow(/at least 1/);
    expect(() => parse(["--events", "1.5"])).toThrow(/whole number/);
    expect(() => parse(["--slice", "-1"])).toThrow(/at least 0/);
    expect(() => parse(["--backend", "mysql"])).toThrow(/Allowed choices are postgres, pglite, both/);
    expect(() => parse(["--database", "x; drop database test"])).toThrow(/PostgreSQL database name/);
    expect(() => parse(["--master-key", "c2hvcnQ="])).toThrow(/32 bytes, base64-encoded/);
    expect(() => parse(["--evnets", "4000"])).toThrow(/unknown option '--evnets'/);
  });

  it("answers --help and a usage error on a real bench script, before it runs", async () => {
    const tsx = ["--import", "tsx", "bench/sealing.ts"];
    const help = await run(process.execPath, [...tsx, "--help"]);
    expect(help.stdout).toContain("Usage: bench:sealing [options]");
    expect(help.stdout).toMatch(/--events <n> +bench events per round \(default: 400000\)/);
    const wrong = run(process.execPath, [...tsx, "--rounds", "many"]);
    await expect(wrong).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("option '--rounds <n>' argument 'many' is invalid"),
    });
  });
});
