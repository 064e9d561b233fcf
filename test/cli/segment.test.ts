/** `kundenprofil segment …` against an embedded database seeded with a few customers. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedEmbedded } from "../support/embedded.js";
import { runCli } from "../support/run-cli.js";

const BERN_BUYERS = 'count(Order Completed, last 90d) >= 2 and trait.address.city = "Bern"';

describe("kundenprofil segment", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "kp-segment-cli-"));
  const env = { KUNDENPROFIL_DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  beforeAll(async () => {
    const order = (userId: string, n: number) => ({
      type: "track",
      userId,
      event: "Order Completed",
      timestamp: new Date(Date.now() - n * 86_400_000).toISOString(),
      properties: {
        order_id: `${userId}-${n}`,
        total: 10 * n,
        products: [{ product_id: "p1", price: 10 * n }],
      },
    });
    const results = await seedEmbedded(dataDir, [
      { type: "identify", userId: "u1", traits: { address: { city: "Bern" } } },
      { type: "identify", userId: "u2", traits: { address: { city: "Bern" } } },
      { type: "identify", userId: "u3", traits: { address: { city: "Basel" } } },
      order("u1", 3),
      order("u1", 20),
      order("u2", 5),
      order("u3", 1),
      order("u3", 2),
    ]);
    expect(results.filter((r) => r.status !== "stored")).toEqual([]);
  }, 60_000);

  it("previews a definition in the text form, as JSON and as text", async () => {
    const json = await runCli(["segment", "preview", BERN_BUYERS, "--json"], env);
    expect(json.code, json.stderr).toBe(0);
    const preview = JSON.parse(json.stdout);
    expect(preview).toMatchObject({ count: 1, text: BERN_BUYERS });
    expect(preview.sample).toHaveLength(1);
    const text = await runCli(["segment", "preview", BERN_BUYERS], env);
    expect(text.stdout).toContain("1 member");
  }, 60_000);

  it("defines, lists and pages through a segment", async () => {
    const created = await runCli(["segment", "create", "Bern buyers", BERN_BUYERS, "--json"], env);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: "Bern buyers", size: 1 });
    const list = await runCli(["segment", "list"], env);
    expect(list.stdout).toMatch(/Bern buyers\s+1/);
    const members = await runCli(["segment", "members", "Bern buyers", "--json"], env);
    expect(JSON.parse(members.stdout).data).toHaveLength(1);
  }, 60_000);

  it("says where a definition is wrong", async () => {
    const bad = await runCli(["segment", "preview", "count(Order Completed) >="], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/1:26 .*expected a number to compare count/);
  }, 60_000);
});
