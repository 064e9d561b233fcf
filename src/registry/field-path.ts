/**
 * Field paths as declarations write them: `traits.email`, `traits.address.city`,
 * `properties.products[].price`, `context.campaign.*`. The first segment names where the field
 * lives in a message; `[]` marks the items of an array; `*` stands for any one key of a free map.
 */

/** Parts of a message whose fields are checked at ingest. */
export const CHECKED_ROOTS = ["traits", "properties", "context"] as const;
export type CheckedRoot = (typeof CHECKED_ROOTS)[number];

/**
 * The message's own identifiers: always kept (the protocol needs them), declared only so that the
 * record of processing names them. They have no sub-fields.
 */
export const ENVELOPE_FIELDS = ["userId", "anonymousId", "groupId", "previousId"] as const;

export interface FieldPath {
  /** As written, e.g. `properties.products[].price`. */
  readonly text: string;
  readonly root: CheckedRoot | (typeof ENVELOPE_FIELDS)[number];
  /** Keys below the root; `*` for any key. Arrays are looked through, so `[]` is not kept here. */
  readonly keys: readonly string[];
}

const KEY = /^(?:\*|[^.[\]*]+)(?:\[\])?$/;

/** Parses a declared path; a string says what is wrong with it. */
export function parseFieldPath(text: string): FieldPath | string {
  const segments = text.split(".");
  const [root, ...rest] = segments;
  if ((ENVELOPE_FIELDS as readonly string[]).includes(text)) {
    return { text, root: text as FieldPath["root"], keys: [] };
  }
  if (!(CHECKED_ROOTS as readonly string[]).includes(root ?? "")) {
    return `a field path starts with ${[...CHECKED_ROOTS, ...ENVELOPE_FIELDS].join(", ")} (got "${text}")`;
  }
  if (rest.length === 0) return `"${text}" names a whole part of the message: declare the fields in it`;
  const bad = rest.find((segment) => !KEY.test(segment));
  if (bad !== undefined) {
    return `"${bad}" in "${text}" is not a key: use a name, "name[]" for array items or "*" for any key`;
  }
  return { text, root: root as CheckedRoot, keys: rest.map((segment) => segment.replace(/\[\]$/, "")) };
}

/** The same field whatever the `[]` markers say (arrays are looked through). */
export function pathKey(path: FieldPath): string {
  return [path.root, ...path.keys].join(".");
}

/** Whether `ancestor` covers `descendant` (a proper prefix, key by key). */
export function isAncestorPath(ancestor: FieldPath, descendant: FieldPath): boolean {
  if (ancestor.root !== descendant.root || ancestor.keys.length >= descendant.keys.length) return false;
  return ancestor.keys.every((key, i) => key === descendant.keys[i]);
}
