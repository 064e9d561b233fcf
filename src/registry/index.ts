/**
 * Public surface of the schema registry ("privacy as code"): per-source declarations of every
 * field with category, purposes, legal basis, retention and sensitivity; the ingest stage that
 * enforces them; and the record of processing (Art. 30) generated from them.
 */
export {
  type DeclarationProblem,
  formatProblem,
  SchemaRegistryError,
} from "./declaration-problem.js";
export { describeDuration, isIsoDuration } from "./iso-duration.js";
export {
  loadSchemaRegistry,
  type RegistryLoad,
  readSchemaRegistry,
  SHIPPED_SCHEMA_DIR,
  schemaDirectory,
  schemaRegistryFrom,
  shippedSchemaRegistry,
} from "./load-registry.js";
export { createMinimiser } from "./minimiser.js";
export {
  type CategoryUse,
  type ProcessingActivity,
  type RecordsOfProcessing,
  recordsOfProcessing,
} from "./records-of-processing.js";
export {
  type EventRetention,
  type FieldRetention,
  type RetentionPlan,
  retentionPlan,
  type SourceScope,
} from "./retention-plan.js";
export { ropaCsv, ropaMarkdown } from "./ropa-documents.js";
export {
  DEFAULT_DECLARATION,
  declarationFor,
  type FieldDeclaration,
  type PurposeBasis,
  type Recipient,
  type SchemaRegistry,
  type SourceDeclaration,
} from "./source-declaration.js";
export {
  DATA_CATEGORIES,
  type DataCategory,
  isSpecialCategory,
  LEGAL_BASES,
  type LegalBasis,
  POLICIES,
  type Policy,
  PURPOSES,
  type Purpose,
  SPECIAL_CATEGORIES,
} from "./vocabulary.js";
