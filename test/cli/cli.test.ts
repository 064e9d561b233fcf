/**
 * The CLI side by side with the server: every command works without a server (it opens the
 * database) and while a server owns the embedded database (it goes through the admin API).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { runCli } from "../support/run-cli.js";
import { startServerProcess } from "../support/server-process.js";

describe("kundenprofil CLI", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "kp-cli-"));
  const env = { KUNDENPROFIL_DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints help for the program and each command", async () => {
    const help = await runCli(["--help"], env);
    expect(help.code).toBe(0);
    for (const command of ["keys", "import", "demo", "events", "stats", "analyze", "serve"])
      expect(help.stdout).toContain(command);
    const keysHelp = await runCli(["keys", "create", "--help"], env);
    expect(keysHelp.stdout).toMatch(/--type <type>.*write.*admin/s);
    expect(keysHelp.stdout).toContain("--json");
  });

  it("creates keys on the embedded database without a server and prints them once as JSON", async () => {
    const write = await runCli(["keys", "create", "--type", "write", "--source", "web", "--json"], env);
    expect(write.code, write.stderr).toBe(0);
    expect(JSON.parse(write.stdout)).toMatchObject({
      key: expect.stringMatching(/^kpw_/),
      type: "write",
      source: "web",
    });
    const admin = await runCli(["keys", "create", "--type", "admin", "--role", "admin", "--json"], env);
    expect(JSON.parse(admin.stdout).key).toMatch(/^kpa_/);
    const list = await runCli(["keys", "list", "--json"], env);
    const keys = JSON.parse(list.stdout).keys;
    expect(keys).toHaveLength(2);
    expect(list.stdout).not.toContain(JSON.parse(write.stdout).key);
  });

  it("explains usage mistakes instead of failing obscurely", async () => {
    const noSource = await runCli(["keys", "create", "--type", "write"], env);
    expect(noSource.code).not.toBe(0);
    expect(noSource.stderr).toMatch(/--source/);
    const badType = await runCli(["keys", "create", "--type", "root"], env);
    expect(badType.code).not.toBe(0);
    expect(badType.stderr).toMatch(/Allowed choices are write, admin/);
    for (const args of [
      ["audit", "list", "--limit", "0"],
      ["events", "--limit", "abc"],
      ["profile", "list", "--limit", "2.5"],
    ]) {
      const badLimit = await runCli(args, env);
      expect(badLimit.code, args.join(" ")).not.toBe(0);
      expect(badLimit.stderr).toMatch(/--limit <n>.*a whole number of at least 1/);
    }
    // These went to the database as typed: PostgreSQL's "invalid input syntax for type bigint".
    const badAfter = await runCli(["audit", "list", "--after", "abc"], env);
    expect(badAfter.code).toBe(1);
    expect(badAfter.stderr).toMatch(/--after <seq>.*a whole number of at least 0/);
    const badSample = await runCli(["segment", "preview", 'trait.plan = "pro"', "--sample", "101"], env);
    expect(badSample.code).toBe(1);
    expect(badSample.stderr).toMatch(/--sample <n>.*a whole number from 0 to 100/);
    const badSource = await runCli(["demo", "--customers", "1", "--source", "Demo Shop"], env);
    expect(badSource.code).not.toBe(0);
    expect(badSource.stderr).toMatch(/source ids are lower-case letters/);
    // A good limit is a number by the time it reaches the query.
    await runCli(["keys", "create", "--type", "admin", "--role", "analyst"], env);
    const one = await runCli(["audit", "list", "--limit", "1", "--json"], env);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).entries).toHaveLength(1);
    const all = JSON.parse((await runCli(["audit", "list", "--json"], env)).stdout).entries;
    expect(all.length).toBeGreaterThan(1);
    const after = await runCli(["audit", "list", "--after", String(all[0].seq), "--json"], env);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout).entries).toEqual(all.slice(1));
  });

  it("goes through the server's admin API while the server owns the database", async () => {
    const server = await startServerProcess(env);
    try {
      const created = await runCli(["keys", "create", "--type", "admin", "--role", "analyst", "--json"], env);
      expect(created.code, created.stderr).toBe(0);
      const { key } = JSON.parse(created.stdout);
      // The key was made by the running server's process: it works at once against that server.
      const stats = await fetch(`${server.url}/v1/stats`, { headers: { authorization: `Bearer ${key}` } });
      expect(stats.status).toBe(200);
      const write = (await runCli(["keys", "create", "--type", "write", "--source", "pos", "--json"], env))
        .stdout;
      const sent = await fetch(`${server.url}/v1/track`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Basic ${Buffer.from(`${JSON.parse(write).key}:`).toString("base64")}`,
        },
        body: JSON.stringify({
          userId: "cli-1",
          event: "Products Searched",
          properties: { query: "tabs" },
          messageId: "cli-m1",
        }),
      });
      expect(sent.status).toBe(200);
      const events = JSON.parse((await runCli(["events", "--source", "pos", "--json"], env)).stdout).events;
      expect(events.map((e: { messageId: string }) => e.messageId)).toEqual(["cli-m1"]);
      const statsOut = JSON.parse((await runCli(["stats", "--json"], env)).stdout);
      expect(statsOut.bySourceAndType).toEqual([
        expect.objectContaining({ source: "pos", type: "track", accepted: 1 }),
      ]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("works on PostgreSQL through DATABASE_URL", async () => {
    const { config, dispose } = await BACKENDS.find((b) => b.name === "postgres")!.create();
    try {
      const pgEnv = { ...env, DATABASE_URL: config.backend === "postgres" ? config.url : "" };
      const created = await runCli(
        ["keys", "create", "--type", "write", "--source", "crm-import", "--json"],
        pgEnv,
      );
      expect(created.code, created.stderr).toBe(0);
      const list = JSON.parse((await runCli(["keys", "list", "--json"], pgEnv)).stdout).keys;
      expect(list.map((k: { source: string }) => k.source)).toEqual(["crm-import"]);
    } finally {
      await dispose();
    }
  });
});
