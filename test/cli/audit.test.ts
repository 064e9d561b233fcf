/**
 * `kundenprofil audit …` through the real CLI on the embedded database: key changes made from the
 * terminal are audited, a checkpoint is exported, and an edit made behind the system's back (the
 * trigger disabled) makes `audit verify` exit 1.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/storage/index.js";
import { runCli } from "../support/run-cli.js";

describe("kundenprofil audit", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "kp-audit-cli-"));
  const env = { KUNDENPROFIL_DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("lists, checkpoints and verifies; finds an edit behind its back", async () => {
    const key = await runCli(["keys", "create", "--type", "admin", "--role", "analyst", "--json"], env);
    expect(key.code, key.stderr).toBe(0);
    const keyId = JSON.parse(key.stdout).id;

    const listed = await runCli(["audit", "list", "--json"], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).entries).toEqual([
      expect.objectContaining({
        seq: 1,
        action: "key.create",
        subject: `key:${keyId}`,
        details: { type: "admin", role: "analyst" },
      }),
    ]);

    const checkpoint = await runCli(["audit", "checkpoint", "--json"], env);
    expect(checkpoint.code, checkpoint.stderr).toBe(0);
    const file = join(dataDir, "checkpoint.json");
    writeFileSync(file, checkpoint.stdout);

    const intact = await runCli(["audit", "verify", "--checkpoint", file, "--json"], env);
    expect(intact.code, intact.stderr).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, entries: 1, problems: [] });

    const database = await openDatabase({ backend: "pglite", dataDir });
    try {
      await database.db.transaction().execute(async (trx) => {
        await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx);
        await sql`update audit_log set details = '{"type": "admin", "role": "admin"}' where seq = 1`.execute(
          trx,
        );
      });
    } finally {
      await database.close();
    }
    const tampered = await runCli(["audit", "verify", "--checkpoint", file], env);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/TAMPERED: 1 problems in 1 entries/);
    expect(tampered.stdout).toMatch(/hash at 1: entry 1 was changed after it was written/);
  });
});
