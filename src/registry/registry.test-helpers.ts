/** Test support: a schema registry from declaration objects, without touching the disk. */
import { schemaRegistryFrom } from "./load-registry.js";
import type { SchemaRegistry } from "./source-declaration.js";

/** `{ default: {...}, web: {...} }` → the registry, or a thrown error listing the problems. */
export function registryOf(files: Record<string, unknown>): SchemaRegistry {
  const load = schemaRegistryFrom(
    "/schemas",
    Object.entries(files).map(([source, body]) => ({
      path: `/schemas/${source}.json`,
      text: JSON.stringify(body),
    })),
  );
  if (!load.ok) throw new Error(load.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join("\n"));
  return load.registry;
}

/** The terms every test declaration can take from its category. */
export const TEST_CATEGORIES = {
  contact: { purposes: { service: "contract", "marketing.email": "consent" }, retention: "P3Y" },
  identifier: { purposes: ["service"], legalBasis: "contract", retention: "P3Y" },
  "behaviour.purchase": { purposes: ["service", "analytics"], legalBasis: "contract", retention: "P10Y" },
  "behaviour.web": { purposes: ["analytics"], legalBasis: "consent", retention: "P90D" },
  technical: { purposes: ["service"], legalBasis: "legitimate_interest", retention: "P1Y" },
};
