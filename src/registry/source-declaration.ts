/**
 * The effective declaration of a source: every field with its category, purposes (each with its
 * legal basis), retention and sensitivity filled in from the category defaults. This is what
 * `schema show`, `GET /v1/schema`, the ingest minimiser and the record of processing read.
 */
import type { DataCategory, LegalBasis, Policy, Purpose, Sensitivity } from "./vocabulary.js";

export interface PurposeBasis {
  purpose: Purpose;
  legalBasis: LegalBasis;
}

export interface FieldDeclaration {
  /** Where the field lives, e.g. `traits.email`; event properties as `properties.order_id`. */
  path: string;
  /** The track event the field belongs to; `null` for fields of every message. */
  event: string | null;
  category: DataCategory;
  purposes: PurposeBasis[];
  /** ISO-8601 duration. */
  retention: string;
  sensitivity: Sensitivity;
  description?: string;
  /**
   * Special-category data (Art. 9) not declared with `explicit_consent` for every purpose: a
   * message carrying it is refused at ingest.
   */
  refused: boolean;
}

export interface Recipient {
  name: string;
  /** `null`: every purpose of the source. */
  purposes: Purpose[] | null;
  country?: string;
  safeguards?: string;
}

export interface SourceDeclaration {
  /** The source id, or `default` for sources without their own file. */
  source: string;
  file: string;
  description?: string;
  controller?: string;
  policy: Policy;
  dataSubjects: string[];
  recipients: Recipient[];
  events: Array<{ name: string; description?: string }>;
  fields: FieldDeclaration[];
}

/** The declaration file that governs sources without their own. */
export const DEFAULT_DECLARATION = "default";

/** Every loaded declaration by source id (`default` included) and where they came from. */
export interface SchemaRegistry {
  readonly directory: string;
  readonly declarations: ReadonlyMap<string, SourceDeclaration>;
}

/** The source's own declaration, else the default one. */
export function declarationFor(registry: SchemaRegistry, sourceId: string): SourceDeclaration {
  const own = registry.declarations.get(sourceId);
  if (own !== undefined) return own;
  const fallback = registry.declarations.get(DEFAULT_DECLARATION);
  // Loading refuses a directory without default.json, so this only breaks for a hand-built registry.
  if (fallback === undefined) throw new Error(`no declaration for source ${sourceId} and no default`);
  return fallback;
}
