/**
 * From a parsed declaration file to the effective declaration: paths checked, each field's terms
 * completed from its category's defaults, and the combinations zod cannot see refused (no purpose,
 * no legal basis, a legal basis given twice, a field declared both whole and in parts).
 */
import type { CategoryDefaults, DeclarationFile, FieldEntry } from "./declaration-file.js";
import { type DeclarationProblem, jsonPath } from "./declaration-problem.js";
import { type FieldPath, isAncestorPath, parseFieldPath, pathKey } from "./field-path.js";
import type { FieldDeclaration, PurposeBasis, SourceDeclaration } from "./source-declaration.js";
import { defaultSensitivity, isSpecialCategory, type Purpose } from "./vocabulary.js";

type Problems = DeclarationProblem[];

/** Resolves one file; the declaration is only meaningful when `problems` is empty. */
export function resolveDeclaration(
  source: string,
  file: string,
  parsed: DeclarationFile,
): { declaration: SourceDeclaration; problems: Problems } {
  const problems: Problems = [];
  for (const [category, defaults] of Object.entries(parsed.categories)) {
    if (defaults && !Array.isArray(defaults.purposes) && defaults.purposes && defaults.legalBasis)
      problems.push(twice(file, ["categories", category]));
  }
  const fields = resolveScope(file, parsed, ["fields"], parsed.fields, "", null, problems);
  for (const [name, event] of Object.entries(parsed.events)) {
    const keys = ["events", name, "properties"];
    fields.push(...resolveScope(file, parsed, keys, event.properties, "properties.", name, problems));
  }
  const declaration: SourceDeclaration = {
    source,
    file,
    ...(parsed.description === undefined ? {} : { description: parsed.description }),
    ...(parsed.controller === undefined ? {} : { controller: parsed.controller }),
    policy: parsed.policy,
    dataSubjects: parsed.dataSubjects,
    recipients: parsed.recipients.map((r) => ({
      name: r.name,
      purposes: r.purposes ?? null,
      ...(r.country === undefined ? {} : { country: r.country }),
      ...(r.safeguards === undefined ? {} : { safeguards: r.safeguards }),
    })),
    events: Object.entries(parsed.events).map(([name, e]) => ({
      name,
      ...(e.description === undefined ? {} : { description: e.description }),
    })),
    fields,
  };
  return { declaration, problems };
}

/** The fields of one scope (`fields`, or one event's `properties`): paths relative to `prefix`. */
function resolveScope(
  file: string,
  parsed: DeclarationFile,
  scopeKeys: readonly string[],
  entries: Record<string, FieldEntry>,
  prefix: string,
  event: string | null,
  problems: Problems,
): FieldDeclaration[] {
  const seen: Array<{ path: FieldPath; key: string }> = [];
  const fields: FieldDeclaration[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    const keys = [...scopeKeys, key];
    const path = parseFieldPath(prefix + key);
    if (typeof path === "string") {
      problems.push({ file, path: jsonPath(keys), message: path });
      continue;
    }
    const clash = seen.find((other) => overlaps(other.path, path));
    if (clash !== undefined) {
      problems.push({
        file,
        path: jsonPath(keys),
        message: `overlaps "${clash.key}": declare a field either whole or by its parts, once`,
      });
      continue;
    }
    seen.push({ path, key });
    const field = resolveField(
      file,
      keys,
      path.text,
      event,
      entry,
      parsed.categories[entry.category],
      problems,
    );
    if (field !== undefined) fields.push(field);
  }
  return fields;
}

function overlaps(a: FieldPath, b: FieldPath): boolean {
  return pathKey(a) === pathKey(b) || isAncestorPath(a, b) || isAncestorPath(b, a);
}

function resolveField(
  file: string,
  keys: readonly string[],
  path: string,
  event: string | null,
  entry: FieldEntry,
  defaults: CategoryDefaults | undefined,
  problems: Problems,
): FieldDeclaration | undefined {
  const before = problems.length;
  const purposes = purposesOf(file, keys, entry, defaults, problems);
  const retention = entry.retention ?? defaults?.retention;
  if (retention === undefined) problems.push(missing(file, keys, "retention", entry.category));
  if (problems.length > before || purposes === undefined || retention === undefined) return undefined;
  return {
    path,
    event,
    category: entry.category,
    purposes,
    retention,
    sensitivity: entry.sensitivity ?? defaults?.sensitivity ?? defaultSensitivity(entry.category),
    ...(entry.description === undefined ? {} : { description: entry.description }),
    refused: isSpecialCategory(entry.category) && purposes.some((p) => p.legalBasis !== "explicit_consent"),
  };
}

/** Purposes with their legal bases, from the field or else its category's defaults. */
function purposesOf(
  file: string,
  keys: readonly string[],
  entry: FieldEntry,
  defaults: CategoryDefaults | undefined,
  problems: Problems,
): PurposeBasis[] | undefined {
  const spec = entry.purposes ?? defaults?.purposes;
  if (spec === undefined) {
    problems.push(missing(file, keys, "purposes", entry.category));
    return undefined;
  }
  if (Array.isArray(spec)) {
    const basis = entry.legalBasis ?? defaults?.legalBasis;
    if (basis === undefined) {
      problems.push(missing(file, keys, "legalBasis", entry.category));
      return undefined;
    }
    return [...new Set(spec)].map((purpose) => ({ purpose, legalBasis: basis }));
  }
  if (entry.purposes !== undefined && entry.legalBasis !== undefined) {
    problems.push(twice(file, keys));
    return undefined;
  }
  // The schema has checked the keys are purposes. A field's own legalBasis overrides the bases its category's purpose map names.
  return Object.entries(spec).map(([purpose, basis]) => ({
    purpose: purpose as Purpose,
    legalBasis: entry.legalBasis ?? basis,
  }));
}

function missing(file: string, keys: readonly string[], term: string, category: string): DeclarationProblem {
  return {
    file,
    path: jsonPath(keys),
    message: `no ${term}: give it here or in categories["${category}"]`,
  };
}

function twice(file: string, keys: readonly string[]): DeclarationProblem {
  return {
    file,
    path: jsonPath(keys),
    message: "purposes maps each purpose to its legal basis already: leave out legalBasis",
  };
}
