/**
 * Bulk import through the CLI and the ingest pipeline: a real slice of UCI Online Retail as orders
 * (cancellations included), Outlook contacts, vCards, NDJSON events and products. Importing the
 * same file twice stores nothing twice; bad rows are reported with their line numbers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliBackend } from "../../src/cli/cli-backend.js";
import { runImport } from "../../src/cli/commands/import.js";
import { connectCli } from "../../src/cli/connect.js";
import { ImportError } from "../../src/importer/index.js";
import { BACKENDS } from "../support/backends.js";
import { runCli } from "../support/run-cli.js";

const FIXTURES = "test/fixtures/import";

describe.each(BACKENDS)("import on $name", (backend) => {
  let cli: CliBackend;
  let dispose: () => Promise<void>;
  const scratch = mkdtempSync(join(tmpdir(), "kp-import-"));
  beforeAll(async () => {
    const created = await backend.create();
    dispose = created.dispose;
    cli = await connectCli(
      created.config.backend === "postgres"
        ? { DATABASE_URL: created.config.url, KUNDENPROFIL_DATA_DIR: scratch }
        : { KUNDENPROFIL_DATA_DIR: created.config.dataDir },
    );
  });
  afterAll(async () => {
    await cli.close();
    await dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("imports UCI Online Retail orders with cancellations, idempotently, with an error report", async () => {
    const errors = join(scratch, "errors.ndjson");
    const first = await runImport(cli, `${FIXTURES}/online-retail-slice.csv.gz`, "orders", "uci", {
      errorReport: errors,
      progress: false,
    });
    expect(first.stored).toBeGreaterThan(5);
    expect(first.duplicates).toBe(0);
    expect(first.errors).toBeGreaterThan(0);
    const report = readFileSync(errors, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(report).toHaveLength(first.errors);
    expect(report.every((r) => Number.isInteger(r.line) && r.code && r.error)).toBe(true);
    expect(report.map((r) => r.code)).toContain("adjustment_invoice");

    const again = await runImport(cli, `${FIXTURES}/online-retail-slice.csv.gz`, "orders", "uci", {
      progress: false,
    });
    expect(again.stored).toBe(0);
    expect(again.duplicates).toBe(first.stored);

    const orders = await cli.listEvents({ source: "uci", event: "Order Completed", limit: 1000 });
    const cancellations = await cli.listEvents({ source: "uci", event: "Order Cancelled", limit: 1000 });
    expect(orders.length + cancellations.length).toBe(first.stored);
    expect(cancellations.length).toBeGreaterThan(0);
    const first536365 = orders.find((o) => o.properties.order_id === "536365")!;
    expect(first536365.userId).toBe("17850");
    expect(first536365.timestamp.toISOString?.() ?? first536365.timestamp).toMatch(/^2010-12-01T08:26:00/);
    expect((first536365.properties.products as unknown[]).length).toBe(7);
    expect(orders.some((o) => o.anonymousId?.startsWith("guest-"))).toBe(true);
  });

  it("keeps what a truncated .gz held before it broke off, says so, and a full import adds the rest", async () => {
    const whole = `${FIXTURES}/online-retail-slice.csv.gz`;
    const gz = gzipSync(gunzipSync(readFileSync(whole)), { level: 0 });
    const cut = join(scratch, "cut.csv.gz");
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const failed = await runImport(cli, cut, "orders", "cut", { progress: false }).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(ImportError);
    const message = (failed as Error).message;
    expect(message).toMatch(
      /^reading .*cut\.csv\.gz failed: unexpected end of file; the \d+ messages before that point are stored \(0 of the messages already were\)/,
    );
    const kept = Number(/the (\d+) messages/.exec(message)![1]);
    expect(kept).toBeGreaterThan(0);
    expect(await cli.listEvents({ source: "cut", limit: 1000 })).toHaveLength(kept);
    const complete = await runImport(cli, whole, "orders", "cut", { progress: false });
    expect(complete.duplicates).toBe(kept);
    expect(complete.stored).toBeGreaterThan(0);
  });

  it("imports Outlook CSV and vCard contacts as identify calls", async () => {
    const outlook = await runImport(cli, `${FIXTURES}/outlook-contacts-de.csv`, "contacts", "outlook", {
      progress: false,
    });
    const vcards = await runImport(cli, `${FIXTURES}/contacts.vcf`, "contacts", "outlook", {
      progress: false,
    });
    expect(outlook.stored + vcards.stored).toBeGreaterThan(3);
    const identifies = await cli.listEvents({ source: "outlook", type: "identify", limit: 100 });
    expect(identifies.length).toBe(outlook.stored + vcards.stored);
    expect(
      identifies.some(
        (e) => typeof e.traits.email === "string" && e.traits.email === e.traits.email.toLowerCase(),
      ),
    ).toBe(true);
  });

  it("imports NDJSON events and a German products CSV", async () => {
    const events = await runImport(cli, `${FIXTURES}/events.ndjson`, "events", "ndjson", { progress: false });
    expect(events.stored).toBeGreaterThan(0);
    expect(events.errors).toBeGreaterThan(0); // the fixture has a malformed line
    const products = await runImport(cli, `${FIXTURES}/products.csv`, "products", "catalogue", {
      progress: false,
    });
    expect(products.products).toBeGreaterThan(0);
    // A NUL byte or a price beyond numeric(14, 2) rejects its row, not the whole import.
    const broken = join(scratch, "broken-products.csv");
    writeFileSync(
      broken,
      "id;name;category;price\nok-1;Gut;A > B;1,99\nnul-1;Bad\u0000Name;A;2,00\nbig-1;Gross;A;99999999999999999999\nok-2;Auch gut;A;3,50\n",
    );
    const mixed = await runImport(cli, broken, "products", "catalogue", { progress: false });
    expect(mixed).toMatchObject({ products: 2, errors: 2 });
  });
});

describe("kundenprofil import (the command)", () => {
  it("prints a JSON summary and exits 1 when rows were rejected", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kp-import-cli-"));
    try {
      const run = await runCli(
        ["import", `${FIXTURES}/online-retail-slice.csv.gz`, "--type", "orders", "--json"],
        { KUNDENPROFIL_DATA_DIR: dataDir },
      );
      const summary = JSON.parse(run.stdout);
      expect(summary).toMatchObject({ type: "orders", source: "import", errors: expect.any(Number) });
      expect(summary.stored).toBeGreaterThan(0);
      expect(run.code).toBe(1);
      const bad = await runCli(["import", "does-not-exist.csv", "--type", "orders"], {
        KUNDENPROFIL_DATA_DIR: dataDir,
      });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/does-not-exist\.csv/);
      // A source id the API would refuse is refused here too, before anything is stored.
      const file = `${FIXTURES}/online-retail-slice.csv.gz`;
      const env = { KUNDENPROFIL_DATA_DIR: dataDir };
      const badSource = await runCli(["import", file, "--type", "orders", "--source", "CRM Import!"], env);
      expect(badSource.code).not.toBe(0);
      expect(badSource.stderr).toMatch(/source ids are lower-case letters/);
      const sources = await runCli(["stats", "--json"], env);
      expect(sources.stdout).not.toMatch(/CRM Import!/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
