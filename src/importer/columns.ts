/**
 * Header matching for tabular files: each importer field has aliases (Segment/generic snake_case,
 * the UCI layout, English and German Outlook/Excel exports), compared after normalising case,
 * spacing and punctuation away. A field may match several columns, read in alias order until one
 * is non-empty (e.g. mobile, then business, then home phone).
 */
import { ImportError } from "./import-error.js";
import type { ColumnMapping } from "./types.js";

/** Field name → normalised header aliases, in order of preference. */
export type FieldSpec<F extends string> = Readonly<Record<F, readonly string[]>>;

/** Field → indexes of the matching columns, in order of preference. */
export type ColumnIndex<F extends string> = ReadonlyMap<F, readonly number[]>;

/** "E-Mail-Adresse" → "emailadresse", "Home Postal Code" → "homepostalcode". */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * Resolves every field against a header row; an explicit mapping overrides the aliases. With
 * `strict`, a mapped column that is not in the header throws.
 */
export function resolveColumns<F extends string>(
  header: readonly string[],
  spec: FieldSpec<F>,
  mapping: ColumnMapping | undefined,
  strict = true,
): ColumnIndex<F> {
  const positions = new Map<string, number[]>();
  header.forEach((name, index) => {
    const key = normaliseHeader(name);
    positions.set(key, [...(positions.get(key) ?? []), index]);
  });
  const index = new Map<F, number[]>();
  for (const field of Object.keys(spec) as F[]) {
    const explicit = mapping?.[field];
    const aliases = explicit === undefined ? spec[field] : [normaliseHeader(explicit)];
    const found = aliases.flatMap((alias) => positions.get(alias) ?? []);
    if (strict && explicit !== undefined && found.length === 0) {
      throw new ImportError(
        "missing_columns",
        `column "${explicit}" (mapped to ${field}) is not in the header`,
      );
    }
    if (found.length > 0) index.set(field, found);
  }
  return index;
}

/** Throws when the mapping names a field the import type does not have. */
export function checkMapping(
  spec: FieldSpec<string>,
  mapping: ColumnMapping | undefined,
  type: string,
): void {
  const unknown = Object.keys(mapping ?? {}).filter((field) => !Object.hasOwn(spec, field));
  if (unknown.length > 0) {
    const known = Object.keys(spec).join(", ");
    throw new ImportError(
      "invalid_option",
      `unknown ${type} field(s) in columns: ${unknown.join(", ")}; known: ${known}`,
    );
  }
}

/** Fields among `required` that no column matched. */
export function missingFields<F extends string>(index: ColumnIndex<F>, required: readonly F[]): F[] {
  return required.filter((field) => !index.has(field));
}
