/**
 * The shipped default.json declares everything Kundenprofil's own senders send: run with policy
 * reject over the demo shop's messages, it refuses none.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateDemo } from "../demo/index.js";
import { parseMessage } from "../protocol/index.js";
import { SHIPPED_SCHEMA_DIR, schemaRegistryFrom } from "./load-registry.js";
import { createMinimiser } from "./minimiser.js";

describe("schemas/default.json", () => {
  it("declares every field of the demo shop's messages (checked with policy reject)", () => {
    const path = join(SHIPPED_SCHEMA_DIR, "default.json");
    const strict = { ...JSON.parse(readFileSync(path, "utf8")), policy: "reject" };
    const load = schemaRegistryFrom(SHIPPED_SCHEMA_DIR, [{ path, text: JSON.stringify(strict) }]);
    if (!load.ok) throw new Error(JSON.stringify(load.problems));
    const minimise = createMinimiser(load.registry);
    const ctx = { workspaceId: "default", sourceId: "demo", receivedAt: new Date(), ip: "192.0.2.1" };
    const undeclared = new Map<string, number>();
    let checked = 0;
    for (const raw of generateDemo({ customers: 300 })) {
      const parsed = parseMessage(raw);
      if (!parsed.ok) throw new Error(parsed.issue.message);
      const result = minimise(parsed.message, ctx);
      checked++;
      if (!result.ok) undeclared.set(result.issue.path, (undeclared.get(result.issue.path) ?? 0) + 1);
    }
    expect(checked).toBeGreaterThan(300 * 5);
    expect(Object.fromEntries(undeclared)).toEqual({});
  });
});
