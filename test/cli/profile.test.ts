/**
 * `kundenprofil profile …` through the real CLI on the embedded database: show by identifier,
 * list with filters, identity history, unmerge, and a rebuild that replays the log into the same
 * profiles.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.js";

describe("kundenprofil profile", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "kp-profile-cli-"));
  const env = { KUNDENPROFIL_DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("shows, lists, unmerges and rebuilds profiles", async () => {
    const messages = [
      {
        type: "page",
        anonymousId: "tab-1",
        messageId: "p1",
        name: "Home",
        timestamp: "2026-03-01T10:00:00Z",
      },
      {
        type: "identify",
        userId: "k-1",
        messageId: "i1",
        traits: { firstName: "Klara", email: "klara@example.de", address: { city: "Graz" } },
        timestamp: "2026-03-02T10:00:00Z",
      },
      {
        type: "identify",
        userId: "k-1",
        anonymousId: "tab-1",
        messageId: "i2",
        timestamp: "2026-03-03T10:00:00Z",
      },
      {
        type: "track",
        userId: "k-1",
        messageId: "o1",
        event: "Order Completed",
        properties: {
          order_id: "o1",
          revenue: 30,
          products: [{ product_id: "p", price: 30, category: "Garten" }],
        },
        timestamp: "2026-03-04T10:00:00Z",
      },
    ];
    const file = join(dataDir, "messages.ndjson");
    writeFileSync(file, messages.map((m) => JSON.stringify(m)).join("\n"));
    const imported = await runCli(["import", file, "--type", "events", "--source", "shop", "--json"], env);
    expect(imported.code, imported.stderr).toBe(0);

    const show = await runCli(["profile", "show", "email:Klara@example.de", "--json"], env);
    expect(show.code, show.stderr).toBe(0);
    const profile = JSON.parse(show.stdout);
    expect(profile.computed).toMatchObject({
      eventCount: 4,
      orderCount: 1,
      revenue: 30,
      favouriteCategory: "Garten",
    });
    const text = await runCli(["profile", "show", "user:k-1"], env);
    expect(text.stdout).toContain("Klara");
    expect(text.stdout).toContain("1 orders, revenue 30");

    const list = JSON.parse(
      (await runCli(["profile", "list", "--where", "demographics.city=Graz", "--json"], env)).stdout,
    );
    expect(list.data.map((p: { id: string }) => p.id)).toEqual([profile.id]);

    const history = JSON.parse((await runCli(["profile", "identity", profile.id, "--json"], env)).stdout);
    expect(history.merges).toHaveLength(1);
    const undo = await runCli(["profile", "unmerge", history.merges[0].id, "--json"], env);
    expect(undo.code, undo.stderr).toBe(0);
    const anonymous = JSON.parse((await runCli(["profile", "show", "anon:tab-1", "--json"], env)).stdout);
    expect(anonymous.id).not.toBe(profile.id);
    expect(anonymous.computed.eventCount).toBe(1);
    const notFound = await runCli(["profile", "show", "email:nobody@example.de"], env);
    expect(notFound.code).not.toBe(0);
    expect(notFound.stderr).toContain("no profile");

    const rebuilt = JSON.parse((await runCli(["profile", "rebuild", "--json"], env)).stdout);
    expect(rebuilt).toMatchObject({ events: 4, profiles: 1 });
    const after = JSON.parse((await runCli(["profile", "show", "anon:tab-1", "--json"], env)).stdout);
    expect(after.computed).toMatchObject({ eventCount: 4, orderCount: 1 });
  }, 180_000);
});
