/**
 * `kundenprofil consent …` and `kundenprofil dsr …` through the real CLI on the embedded database:
 * record and withdraw consent, the decision as an exit code, an access export to a CSV file, the
 * request list with deadlines, and an erasure after which the person is gone.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedEmbedded } from "../support/embedded.js";
import { runCli } from "../support/run-cli.js";

describe("kundenprofil consent and dsr", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "kp-privacy-cli-"));
  const env = { KUNDENPROFIL_DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  beforeAll(async () => {
    const results = await seedEmbedded(dataDir, [
      { type: "identify", userId: "cli-anna", traits: { email: "anna.cli@example.de", firstName: "Anna" } },
      { type: "track", userId: "cli-anna", event: "Products Searched", properties: { query: "winterjacke" } },
    ]);
    expect(results.every((r) => r.status === "stored")).toBe(true);
  }, 60_000);

  it("records consent, answers may with an exit code, withdraws in one step", async () => {
    const set = await runCli(
      ["consent", "set", "user:cli-anna", "--grant", "marketing.sms", "--notice", "sms@2", "--json"],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout).decisions["marketing.sms"]).toMatchObject({ allowed: true });
    expect((await runCli(["consent", "may", "user:cli-anna", "marketing.sms"], env)).code).toBe(0);
    const withdrawn = await runCli(["consent", "withdraw", "email:anna.cli@example.de"], env);
    expect(withdrawn.code, withdrawn.stderr).toBe(0);
    expect(withdrawn.stdout).toMatch(/marketing\.sms\s+withdrawn/);
    const may = await runCli(["consent", "may", "user:cli-anna", "marketing.sms"], env);
    expect(may.code).toBe(3);
    expect(may.stdout).toContain("no: consent_withdrawn");
    const history = await runCli(["consent", "history", "user:cli-anna", "--json"], env);
    expect(JSON.parse(history.stdout).entries.map((e: { status: string }) => e.status)).toEqual([
      "granted",
      "withdrawn",
    ]);
    const bad = await runCli(["consent", "may", "user:cli-anna", "telepathy"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown purpose");
  });

  it("exports to CSV, lists requests with deadlines, erases", async () => {
    const out = join(dataDir, "anna.csv");
    const exported = await runCli(
      ["dsr", "export", "user:cli-anna", "--verification", "id_document", "--format", "csv", "--out", out],
      env,
    );
    expect(exported.code, exported.stderr).toBe(0);
    const csv = readFileSync(out, "utf8");
    expect(csv.split("\n")[0]).toBe("section,name,value,at,source,detail");
    expect(csv).toContain("anna.cli@example.de");
    expect(csv).toContain("winterjacke");
    expect(csv).toMatch(/^processing,marketing\.email,consent/m);

    expect((await runCli(["dsr", "erase", "user:cli-anna", "--verification", "id_document"], env)).code).toBe(
      2,
    );
    const erased = await runCli(
      ["dsr", "erase", "user:cli-anna", "--verification", "id_document", "--yes", "--json"],
      env,
    );
    expect(erased.code, erased.stderr).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ kind: "erasure", status: "completed" });

    const listed = await runCli(["dsr", "list", "--json"], env);
    const requests = JSON.parse(listed.stdout) as { kind: string; dueAt: string; receivedAt: string }[];
    expect(requests.map((r) => r.kind).sort()).toEqual(["access", "erasure"]);
    for (const r of requests)
      expect(Date.parse(r.dueAt) - Date.parse(r.receivedAt)).toBeGreaterThan(27 * 86_400_000);
    expect((await runCli(["profile", "show", "email:anna.cli@example.de"], env)).code).toBe(2);
  });
});
