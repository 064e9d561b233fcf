/**
 * `kundenprofil keys rotate-master` on the embedded database: every per-person key is rewrapped,
 * the data stays readable, nothing derived from the keyring changes (blind-index lookups by
 * e-mail, audit checkpoint signatures), and the old master key no longer opens the database.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedEmbedded } from "../support/embedded.js";
import { runCli } from "../support/run-cli.js";

describe("kundenprofil keys rotate-master", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "kp-rotate-"));
  const env = { KUNDENPROFIL_DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  beforeAll(async () => {
    await seedEmbedded(dataDir, [
      {
        type: "identify",
        userId: "rot-1",
        traits: { email: "rot.eins@example.de", phone: "+41 79 555 01 23" },
      },
      { type: "identify", userId: "rot-2", traits: { email: "rot.zwei@example.de" } },
    ]);
  }, 60_000);

  it("rewraps the keys; data, lookups and signatures survive; the old key is refused", async () => {
    expect((await runCli(["profile", "show", "user:rot-2"], env)).code).toBe(0);
    const checkpoint = await runCli(["audit", "checkpoint", "--json"], env);
    expect(checkpoint.code, checkpoint.stderr).toBe(0);
    const checkpointFile = join(dataDir, "checkpoint.json");
    writeFileSync(checkpointFile, checkpoint.stdout);
    const oldKey = readFileSync(join(dataDir, "master.key"), "utf8").trim();

    const rotated = await runCli(["keys", "rotate-master", "--json"], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    const result = JSON.parse(rotated.stdout);
    expect(result.subjectKeys).toBeGreaterThanOrEqual(4);
    expect(result.from).not.toBe(result.to);
    expect(readFileSync(join(dataDir, "master.key"), "utf8").trim()).not.toBe(oldKey);

    const shown = await runCli(["profile", "show", "email:rot.eins@example.de", "--json"], env);
    expect(shown.code, shown.stderr).toBe(0);
    const identifiers = JSON.parse(shown.stdout).identifiers.map((i: { value: string }) => i.value);
    expect(identifiers).toEqual(expect.arrayContaining(["rot.eins@example.de", "+41795550123"]));
    const verified = await runCli(["audit", "verify", "--checkpoint", checkpointFile, "--json"], env);
    expect(verified.code, verified.stdout).toBe(0);

    const withOldKey = await runCli(["profile", "show", "user:rot-1"], {
      ...env,
      KUNDENPROFIL_MASTER_KEY: oldKey,
    });
    expect(withOldKey.code).toBe(2);
    expect(withOldKey.stderr).toContain("is not the one this database's keys are wrapped with");
  });
});
