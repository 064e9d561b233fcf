/**
 * Reads a declaration directory: `<source-id>.json` per source and `default.json` for every source
 * without its own. Every problem in every file is collected, so one run of `schema validate` lists
 * them all; the server refuses to start while there are any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SOURCE_ID_PATTERN } from "../access/index.js";
import { declarationFileSchema } from "./declaration-file.js";
import { type DeclarationProblem, problemsFromZod, SchemaRegistryError } from "./declaration-problem.js";
import { resolveDeclaration } from "./resolve-declaration.js";
import { DEFAULT_DECLARATION, type SchemaRegistry, type SourceDeclaration } from "./source-declaration.js";

/** The declarations shipped with Kundenprofil (`schemas/` in the package). */
export const SHIPPED_SCHEMA_DIR = fileURLToPath(new URL("../../schemas/", import.meta.url));

export type RegistryLoad =
  | { ok: true; registry: SchemaRegistry }
  | { ok: false; problems: DeclarationProblem[] };

/** Loads and checks every declaration in `directory`; problems are values. */
export function readSchemaRegistry(directory: string): RegistryLoad {
  const dir = resolve(directory);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { ok: false, problems: [{ file: displayName(dir), path: "", message: "no such directory" }] };
  }
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ path: join(dir, name), text: readFileSync(join(dir, name), "utf8") }));
  return schemaRegistryFrom(dir, files);
}

/**
 * Checks declarations given as file contents (`path` names the file: its base name is the source
 * id); what `readSchemaRegistry` does once it has read the directory.
 */
export function schemaRegistryFrom(
  directory: string,
  files: ReadonlyArray<{ path: string; text: string }>,
): RegistryLoad {
  const problems: DeclarationProblem[] = [];
  const declarations = new Map<string, SourceDeclaration>();
  for (const { path, text } of files) {
    const read = readDeclaration(path, text);
    if (read.ok) declarations.set(read.declaration.source, read.declaration);
    else problems.push(...read.problems);
  }
  if (!files.some(({ path }) => basename(path) === `${DEFAULT_DECLARATION}.json`)) {
    problems.push({
      file: displayName(join(directory, `${DEFAULT_DECLARATION}.json`)),
      path: "",
      message: "missing: default.json governs every source without its own file",
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, registry: { directory: resolve(directory), declarations } };
}

/** Loads `directory`, throwing `SchemaRegistryError` (listing every problem) when anything is wrong. */
export function loadSchemaRegistry(directory: string): SchemaRegistry {
  const load = readSchemaRegistry(directory);
  if (!load.ok) throw new SchemaRegistryError(load.problems);
  return load.registry;
}

let shipped: SchemaRegistry | undefined;

/** The shipped declarations, loaded once: what a core uses when it is given none. */
export function shippedSchemaRegistry(): SchemaRegistry {
  shipped ??= loadSchemaRegistry(SHIPPED_SCHEMA_DIR);
  return shipped;
}

/**
 * The directory to load: `KUNDENPROFIL_SCHEMA_DIR` when set, else `./schemas` in the working
 * directory, else (no such directory, e.g. started from elsewhere) the shipped one.
 */
export function schemaDirectory(configured: string | undefined, cwd = process.cwd()): string {
  if (configured !== undefined && configured.trim() !== "") return resolve(cwd, configured);
  const local = resolve(cwd, "schemas");
  return existsSync(local) ? local : SHIPPED_SCHEMA_DIR;
}

function readDeclaration(
  path: string,
  text: string,
): { ok: true; declaration: SourceDeclaration } | { ok: false; problems: DeclarationProblem[] } {
  const file = displayName(path);
  const source = basename(path, ".json");
  if (source !== DEFAULT_DECLARATION && !SOURCE_ID_PATTERN.test(source)) {
    const message = "the file name must be a source id (lower-case letters, digits, - and _) or default";
    return { ok: false, problems: [{ file, path: "", message }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [{ file, path: "", message: `not valid JSON: ${(error as Error).message}` }],
    };
  }
  const parsed = declarationFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(file, parsed.error) };
  const { declaration, problems } = resolveDeclaration(source, file, parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, declaration };
}

/** Paths below the working directory are shown relative to it (`schemas/web.json`). */
function displayName(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== "" && !rel.startsWith("..") ? rel : path;
}
