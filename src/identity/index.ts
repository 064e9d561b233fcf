/** Public surface of identity resolution: identifiers, merge rules, the graph and its store. */
export { type BlindIndex, createBlindIndex } from "./blind-index.js";
export {
  filingKey,
  type IdentifiedMessage,
  type Identifier,
  IdentifierCodec,
  identifiersOf,
} from "./identifiers.js";
export {
  type ConflictRecord,
  type GraphSlice,
  IdentityGraph,
  type MergeRecord,
  pairKey,
} from "./identity-graph.js";
export {
  type IdentifierRow,
  identifierRowsOf,
  identifiersOfPerson,
  keysOfPersons,
  loadSlice,
  openIdentifiers,
  personOfKeySql,
  type StoredIdentifier,
  saveGraphChanges,
  survivorOf,
} from "./identity-store.js";
export {
  DEFAULT_IDENTITY_RULES,
  type IdentityRules,
  IdentityRulesError,
  identityRules,
  loadIdentityRules,
  rankOf,
} from "./rules.js";
