/**
 * Structural checks on decoded JSON that zod cannot express cheaply: nesting depth, prototype-
 * polluting keys, NUL bytes and lone UTF-16 surrogates (PostgreSQL's jsonb rejects the last two,
 * so letting them through would fail the whole group commit instead of one message).
 */

/** Deepest object/array nesting accepted inside one message. Documented in the README. */
export const MAX_NESTING_DEPTH = 16;

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export type JsonSafetyIssue =
  | { code: "too_deep"; path: string; message: string }
  | { code: "forbidden_key"; path: string; message: string }
  | { code: "invalid_string"; path: string; message: string };

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** A NUL byte or a lone surrogate (isWellFormed is false exactly for the latter). */
export function isBadString(value: string): boolean {
  return value.includes("\u0000") || !value.isWellFormed();
}

/** Returns the first problem found in `value`, or `undefined` when it is safe to store. */
export function findJsonSafetyIssue(value: unknown, path = "", depth = 0): JsonSafetyIssue | undefined {
  if (typeof value === "string") {
    return isBadString(value)
      ? { code: "invalid_string", path, message: `${label(path)} contains a NUL byte or a lone surrogate` }
      : undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  if (depth >= MAX_NESTING_DEPTH) {
    return {
      code: "too_deep",
      path,
      message: `nesting deeper than ${MAX_NESTING_DEPTH} levels at ${label(path)}`,
    };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = findJsonSafetyIssue(value[i], `${path}[${i}]`, depth + 1);
      if (issue) return issue;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) {
      return {
        code: "forbidden_key",
        path: childPath,
        message: `key "${key}" is not allowed (${label(path)})`,
      };
    }
    if (isBadString(key)) {
      return {
        code: "invalid_string",
        path: childPath,
        message: `a key in ${label(path)} contains a NUL byte or a lone surrogate`,
      };
    }
    const issue = findJsonSafetyIssue((value as Record<string, unknown>)[key], childPath, depth + 1);
    if (issue) return issue;
  }
  return undefined;
}

/**
 * The first NUL byte or lone surrogate anywhere in `value`, keys included. For request bodies
 * other than messages, which have no nesting limit of their own: the walk keeps its own stack, so
 * any depth JSON.parse accepted is safe.
 */
export function findInvalidString(value: unknown): JsonSafetyIssue | undefined {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node === "string") {
      if (isBadString(node))
        return {
          code: "invalid_string",
          path,
          message: `${label(path)} contains a NUL byte or a lone surrogate`,
        };
      continue;
    }
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], `${path}[${i}]`]);
      continue;
    }
    for (const [key, child] of Object.entries(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (isBadString(key))
        return {
          code: "invalid_string",
          path: childPath,
          message: `a key in ${label(path)} contains a NUL byte or a lone surrogate`,
        };
      stack.push([child, childPath]);
    }
  }
  return undefined;
}

function label(path: string): string {
  return path === "" ? "the message" : path;
}
