/**
 * `kundenprofil schema validate|show` and `kundenprofil ropa` through the real CLI, and the server
 * refusing to start on a broken declaration directory.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { SHIPPED_SCHEMA_DIR } from "../../src/registry/index.js";
import { runCli } from "../support/run-cli.js";

const root = mkdtempSync(join(tmpdir(), "kp-schema-cli-"));
const good = join(root, "good");
const broken = join(root, "broken");
mkdirSync(good);
mkdirSync(broken);
copyFileSync(join(SHIPPED_SCHEMA_DIR, "default.json"), join(good, "default.json"));
writeFileSync(
  join(good, "web.json"),
  JSON.stringify({
    policy: "strip",
    controller: "Muster GmbH, Berlin",
    dataSubjects: ["customers"],
    recipients: [{ name: "Mail, Inc.", purposes: ["marketing.email"], country: "US", safeguards: "SCC" }],
    fields: {
      "traits.email": {
        category: "contact",
        purposes: { service: "contract", "marketing.email": "consent" },
        retention: "P3Y",
      },
    },
  }),
);
copyFileSync(join(SHIPPED_SCHEMA_DIR, "default.json"), join(broken, "default.json"));
writeFileSync(
  join(broken, "web.json"),
  JSON.stringify({
    policy: "strip",
    fields: {
      "traits.email": { category: "contact", purposes: ["service"], legalBasis: "contract", retention: "3y" },
    },
  }),
);
writeFileSync(join(broken, "pos.json"), "{ not json");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("kundenprofil schema", () => {
  it("validate: exit 0 for a valid directory", async () => {
    const run = await runCli(["schema", "validate", good, "--json"], {});
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      declarations: ["default", "web"],
      problems: [],
    });
  });

  it("validate: exit 1 listing every problem with file and JSON path", async () => {
    const run = await runCli(["schema", "validate", broken], {});
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("2 problems");
    expect(run.stdout).toMatch(/pos\.json: not valid JSON/);
    expect(run.stdout).toMatch(
      /web\.json: fields\["traits\.email"\]\.retention: retention must be an ISO-8601 duration/,
    );
  });

  it("show --json: a source's effective declaration, or the default where it has none", async () => {
    const web = await runCli(["schema", "show", "web", "--dir", good, "--json"], {});
    expect(web.code, web.stderr).toBe(0);
    expect(JSON.parse(web.stdout)).toMatchObject({
      source: "web",
      own: true,
      declaration: {
        policy: "strip",
        fields: [
          {
            path: "traits.email",
            category: "contact",
            purposes: [
              { purpose: "service", legalBasis: "contract" },
              { purpose: "marketing.email", legalBasis: "consent" },
            ],
            retention: "P3Y",
            sensitivity: "medium",
          },
        ],
      },
    });
    const pos = await runCli(["schema", "show", "pos", "--dir", good], {});
    expect(pos.code, pos.stderr).toBe(0);
    expect(pos.stdout).toMatch(/Source pos has no declaration of its own: .*default\.json applies/);
    expect(pos.stdout).toMatch(/traits\.email\s+contact\s+service:contract marketing\.email:consent\s+P3Y/);
  });
});

describe("kundenprofil ropa", () => {
  it("--format csv: one row per purpose and data category, the measures, quoted by RFC 4180", async () => {
    const run = await runCli(["ropa", "--format", "csv", "--dir", good], {});
    expect(run.code, run.stderr).toBe(0);
    const rows = parse(run.stdout, { columns: true }) as Array<Record<string, string>>;
    const email = rows.find((r) => r.purpose === "marketing.email" && r.data_category === "contact");
    expect(email).toMatchObject({
      section: "processing",
      legal_basis: "consent (Art. 6(1)(a))",
      retention: "P3Y",
      third_country_transfers: "Mail, Inc. (US): SCC",
    });
    expect(email?.sources).toBe("default; web");
    expect(rows.filter((r) => r.section === "security_measure").length).toBeGreaterThanOrEqual(6);
    expect(rows.some((r) => r.section === "controller" && r.description === "Muster GmbH, Berlin")).toBe(
      true,
    );
  });

  it("--format md (the default): the record as Markdown", async () => {
    const run = await runCli(["ropa", "--dir", good], {});
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^# Record of processing activities \(Art\. 30 GDPR\)/);
    expect(run.stdout).toContain("## Purpose: marketing.email");
    expect(run.stdout).toContain("## Technical and organisational security measures (Art. 32)");
    expect(run.stdout).toContain("AES-256-GCM");
  });
});

describe("kundenprofil serve", () => {
  it("refuses to start on a broken declaration directory, naming file and path", async () => {
    const dataDir = join(root, "data");
    const run = await runCli(["serve"], {
      KUNDENPROFIL_SCHEMA_DIR: broken,
      KUNDENPROFIL_DATA_DIR: dataDir,
      PORT: "0",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("KUNDENPROFIL_SCHEMA_DIR");
    expect(run.stderr).toMatch(/web\.json: fields\["traits\.email"\]\.retention: /);
  });
});
