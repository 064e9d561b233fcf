/**
 * What is wrong with a declaration directory: the file, the place in it as a JSON path
 * (`fields["traits.email"].retention`) and a sentence. Also turns zod's issues into problems,
 * looking into unions so that the message is about the alternative the author meant.
 */
import type { z } from "zod";

export interface DeclarationProblem {
  file: string;
  /** JSON path inside the file; empty for the file as a whole. */
  path: string;
  message: string;
}

export class SchemaRegistryError extends Error {
  override readonly name = "SchemaRegistryError";
  constructor(readonly problems: readonly DeclarationProblem[]) {
    super(
      `invalid schema declarations (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems
        .map((p) => `  ${formatProblem(p)}`)
        .join("\n")}`,
    );
  }
}

/** `schemas/web.json: fields["traits.email"].retention: retention must be …` */
export function formatProblem(problem: DeclarationProblem): string {
  return `${problem.file}${problem.path === "" ? "" : `: ${problem.path}`}: ${problem.message}`;
}

/** `["fields", "traits.email", "retention"]` → `fields["traits.email"].retention`. */
export function jsonPath(keys: readonly PropertyKey[]): string {
  let path = "";
  for (const key of keys) {
    if (typeof key === "number") path += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) path += path === "" ? key : `.${key}`;
    else path += `[${JSON.stringify(String(key))}]`;
  }
  return path;
}

/** One problem per zod issue, with the path and message of the union branch that fits best. */
export function problemsFromZod(file: string, error: z.ZodError): DeclarationProblem[] {
  return error.issues.flatMap((issue) => fromIssue(file, [], issue));
}

function fromIssue(
  file: string,
  prefix: readonly PropertyKey[],
  issue: z.core.$ZodIssue,
): DeclarationProblem[] {
  const keys = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    // A branch that failed only because the value has another type is not what the author meant.
    const meant = issue.errors.filter((branch) => !branch.every(isTypeMismatchHere));
    if (meant.length === 1) return meant[0]!.flatMap((inner) => fromIssue(file, keys, inner));
    if (meant.length === 0) {
      const expected = issue.errors.map((branch) => expectedType(branch[0])).join(" or ");
      return [{ file, path: jsonPath(keys), message: `expected ${expected}` }];
    }
  }
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ file, path: jsonPath([...keys, key]), message: "unknown key" }));
  }
  return [{ file, path: jsonPath(keys), message: issue.message }];
}

function isTypeMismatchHere(issue: z.core.$ZodIssue): boolean {
  return issue.code === "invalid_type" && issue.path.length === 0;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  array: "a list",
  record: "an object",
  object: "an object",
  string: "a string",
  number: "a number",
};

function expectedType(issue: z.core.$ZodIssue | undefined): string {
  if (issue?.code !== "invalid_type") return "another value";
  return TYPE_NAMES[issue.expected] ?? issue.expected;
}
