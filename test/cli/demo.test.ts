/** `kundenprofil demo` feeds the generated shop through the ingest path, once: a rerun stores nothing new. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

describe("kundenprofil demo", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "kp-demo-"));
  const env = { KUNDENPROFIL_DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("ingests a deterministic shop and is idempotent", async () => {
    const first = await runCli(["demo", "--customers", "150", "--json"], env);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ customers: 150, seed: 42, rejected: 0, duplicates: 0 });
    expect(summary.products).toBeGreaterThan(100);
    expect(summary.stored).toBe(summary.messages);
    expect(summary.messages).toBeGreaterThan(150 * 5);

    const again = JSON.parse((await runCli(["demo", "--customers", "150", "--json"], env)).stdout);
    expect(again).toMatchObject({ messages: summary.messages, stored: 0, duplicates: summary.messages });

    const stats = JSON.parse((await runCli(["stats", "--json"], env)).stdout).bySourceAndType;
    const accepted = stats
      .filter((r: { source: string }) => r.source === "demo")
      .reduce((n: number, r: { accepted: number }) => n + r.accepted, 0);
    expect(accepted).toBe(summary.messages);
    const orders = JSON.parse(
      (await runCli(["events", "--event", "Order Completed", "--limit", "5", "--json"], env)).stdout,
    ).events;
    expect(orders).toHaveLength(5);
    expect(orders[0].properties.products.length).toBeGreaterThan(0);

    // The demo's customers click the double opt-in link, so e-mail campaigns have an audience.
    const emailable = await runCli(["segment", "preview", 'consent("marketing.email")', "--json"], env);
    expect(emailable.code, emailable.stderr).toBe(0);
    expect(JSON.parse(emailable.stdout).count).toBeGreaterThan(30);
  });
});
