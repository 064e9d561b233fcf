/**
 * Writes docs/openapi.json from the route schemas (`npm run openapi`); with --check it fails when
 * the committed document is out of date (CI's drift check).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCore } from "../src/core.js";
import { buildApp } from "../src/server/index.js";
import { openDatabase } from "../src/storage/index.js";

const target = "docs/openapi.json";
const dataDir = mkdtempSync(join(tmpdir(), "kp-openapi-"));
const core = createCore(await openDatabase({ backend: "pglite", dataDir }));
const app = await buildApp(core);
await app.ready();
const document = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();
await core.close();
rmSync(dataDir, { recursive: true, force: true });

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing counts as drift
  }
  if (current !== document) {
    console.error(`${target} is out of date: run npm run openapi and commit it`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  writeFileSync(target, document);
  console.log(`wrote ${target}`);
}
