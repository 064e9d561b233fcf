import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  readSchemaRegistry,
  SHIPPED_SCHEMA_DIR,
  schemaDirectory,
  schemaRegistryFrom,
} from "./load-registry.js";
import { registryOf, TEST_CATEGORIES } from "./registry.test-helpers.js";
import { declarationFor } from "./source-declaration.js";

const problemsOf = (files: Record<string, string | object>) => {
  const load = schemaRegistryFrom(
    "/schemas",
    Object.entries(files).map(([name, body]) => ({
      path: `/schemas/${name}`,
      text: typeof body === "string" ? body : JSON.stringify(body),
    })),
  );
  return load.ok ? [] : load.problems.map((p) => ({ file: p.file, path: p.path, message: p.message }));
};

const minimal = { policy: "keep" };

describe("declarations: effective terms", () => {
  const registry = registryOf({
    default: minimal,
    web: {
      policy: "strip",
      controller: "Muster GmbH",
      categories: TEST_CATEGORIES,
      fields: {
        "traits.email": "contact",
        "traits.firstName": { category: "contact", purposes: ["service"], legalBasis: "contract" },
        "traits.religion": {
          category: "religion",
          purposes: { personalisation: "consent" },
          retention: "P1Y",
        },
        "traits.health": {
          category: "health",
          purposes: ["service"],
          legalBasis: "explicit_consent",
          retention: "P1Y",
        },
      },
      events: { "Order Completed": { properties: { "products[].price": "behaviour.purchase" } } },
    },
  });
  const web = declarationFor(registry, "web");
  const field = (path: string) => web.fields.find((f) => f.path === path);

  it("fills a field written as its category from the category's defaults", () => {
    expect(field("traits.email")).toEqual({
      path: "traits.email",
      event: null,
      category: "contact",
      purposes: [
        { purpose: "service", legalBasis: "contract" },
        { purpose: "marketing.email", legalBasis: "consent" },
      ],
      retention: "P3Y",
      sensitivity: "medium",
      refused: false,
    });
  });

  it("lets a field's own terms replace its category's", () => {
    expect(field("traits.firstName")?.purposes).toEqual([{ purpose: "service", legalBasis: "contract" }]);
  });

  it("files event properties under properties and their event", () => {
    expect(field("properties.products[].price")).toMatchObject({
      event: "Order Completed",
      retention: "P10Y",
      sensitivity: "low",
    });
  });

  it("marks special categories refused unless every purpose has explicit consent", () => {
    expect(field("traits.religion")).toMatchObject({ refused: true, sensitivity: "high" });
    expect(field("traits.health")).toMatchObject({ refused: false });
  });

  it("gives sources without their own file the default declaration", () => {
    expect(declarationFor(registry, "pos").source).toBe("default");
    expect(declarationFor(registry, "web").policy).toBe("strip");
  });
});

describe("declarations: problems name the file, the JSON path and what is wrong", () => {
  it("a broken JSON file", () => {
    expect(problemsOf({ "default.json": minimal, "web.json": "{ policy: " })).toEqual([
      { file: "/schemas/web.json", path: "", message: expect.stringMatching(/^not valid JSON: /) },
    ]);
  });

  it("a retention that is no ISO-8601 duration, an unknown category, a typo in a key", () => {
    const problems = problemsOf({
      "default.json": {
        policy: "keep",
        categories: TEST_CATEGORIES,
        fields: {
          "traits.email": { category: "contact", retention: "3 years" },
          "traits.x": "hobby",
          "traits.y": { category: "contact", retenion: "P1Y" },
        },
      },
    });
    expect(problems).toEqual([
      {
        file: "/schemas/default.json",
        path: 'fields["traits.email"].retention',
        message: "retention must be an ISO-8601 duration such as P3Y, P18M or P90D",
      },
      {
        file: "/schemas/default.json",
        path: 'fields["traits.x"].category',
        message: expect.stringContaining('expected one of "contact"'),
      },
      { file: "/schemas/default.json", path: 'fields["traits.y"].retenion', message: "unknown key" },
    ]);
  });

  it("a missing policy, and purposes of the wrong type", () => {
    expect(
      problemsOf({ "default.json": { fields: { "traits.a": { category: "contact", purposes: 3 } } } }),
    ).toEqual([
      { file: "/schemas/default.json", path: "policy", message: expect.stringContaining('"strip"') },
      {
        file: "/schemas/default.json",
        path: 'fields["traits.a"].purposes',
        message: "expected a list or an object",
      },
    ]);
  });

  it("an unknown purpose in a list and in a map", () => {
    const problems = problemsOf({
      "default.json": {
        policy: "keep",
        fields: {
          "traits.a": { category: "contact", purposes: ["servic"], legalBasis: "contract", retention: "P1Y" },
          "traits.b": { category: "contact", purposes: { servic: "contract" }, retention: "P1Y" },
        },
      },
    });
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      [
        'fields["traits.a"].purposes[0]',
        expect.stringContaining('Invalid option: expected one of "service"'),
      ],
      [
        'fields["traits.b"].purposes.servic',
        expect.stringMatching(/^not a purpose; purposes are service, analytics/),
      ],
    ]);
  });

  it("terms neither the field nor its category gives, and a legal basis given twice", () => {
    const problems = problemsOf({
      "default.json": {
        policy: "keep",
        fields: {
          "traits.a": { category: "contact", purposes: ["service"], retention: "P1Y" },
          "traits.b": "contact",
          "traits.c": {
            category: "contact",
            purposes: { service: "contract" },
            legalBasis: "consent",
            retention: "P1Y",
          },
        },
      },
    });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'fields["traits.a"]: no legalBasis: give it here or in categories["contact"]',
      'fields["traits.b"]: no purposes: give it here or in categories["contact"]',
      'fields["traits.b"]: no retention: give it here or in categories["contact"]',
      'fields["traits.c"]: purposes maps each purpose to its legal basis already: leave out legalBasis',
    ]);
  });

  it("paths outside the message, malformed keys, and a field declared whole and in parts", () => {
    const problems = problemsOf({
      "default.json": {
        policy: "keep",
        categories: TEST_CATEGORIES,
        fields: {
          email: "contact",
          traits: "contact",
          "traits.a[0]": "contact",
          "traits.address": "contact",
          "traits.address.city": "contact",
        },
        events: {
          "Order Completed": {
            properties: { "products[].price": "behaviour.purchase", "products.price": "behaviour.purchase" },
          },
        },
      },
    });
    expect(problems.map((p) => p.path)).toEqual([
      "fields.email",
      "fields.traits",
      'fields["traits.a[0]"]',
      'fields["traits.address.city"]',
      'events["Order Completed"].properties["products.price"]',
    ]);
    expect(problems[0]?.message).toMatch(/starts with traits, properties, context/);
    expect(problems[3]?.message).toBe(
      'overlaps "traits.address": declare a field either whole or by its parts, once',
    );
  });

  it("file names that are no source id, and a directory without default.json; every problem at once", () => {
    const problems = problemsOf({ "Web Shop.json": minimal, "pos.json": { policy: "drop" } });
    expect(problems).toEqual([
      { file: "/schemas/Web Shop.json", path: "", message: expect.stringMatching(/must be a source id/) },
      { file: "/schemas/pos.json", path: "policy", message: expect.stringContaining("Invalid option") },
      { file: "/schemas/default.json", path: "", message: expect.stringMatching(/^missing: default.json/) },
    ]);
  });
});

describe("declaration directories", () => {
  const dir = mkdtempSync(join(tmpdir(), "kp-schemas-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads every .json file and ignores the rest", () => {
    writeFileSync(join(dir, "default.json"), JSON.stringify(minimal));
    writeFileSync(join(dir, "README.md"), "# notes");
    const load = readSchemaRegistry(dir);
    expect(load.ok && [...load.registry.declarations.keys()]).toEqual(["default"]);
  });

  it("reports a missing directory", () => {
    const load = readSchemaRegistry(join(dir, "nope"));
    expect(load.ok ? [] : load.problems.map((p) => p.message)).toEqual(["no such directory"]);
  });

  it("takes KUNDENPROFIL_SCHEMA_DIR, else ./schemas, else the shipped declarations", () => {
    expect(schemaDirectory("conf/schemas", "/srv/app")).toBe("/srv/app/conf/schemas");
    expect(schemaDirectory(undefined, dir)).toBe(SHIPPED_SCHEMA_DIR);
  });

  it("ships a valid default.json with policy keep", () => {
    const load = readSchemaRegistry(SHIPPED_SCHEMA_DIR);
    expect(load.ok ? [] : load.problems).toEqual([]);
    expect(load.ok && load.registry.declarations.get("default")?.policy).toBe("keep");
  });
});
