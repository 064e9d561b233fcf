/** Public surface of profiles: the projector ingest runs, and the operations the fronts call. */
export type { ConsentView, PurposeConsent, PurposeStatus } from "./consent-fold.js";
export type { ConsentRecordEntry } from "./consent-history.js";
export {
  CUSTOM_TRAIT_FAMILIES,
  type CustomTraitDefinition,
  customTraitDefinitionSchema,
} from "./custom-traits.js";
export type { ErasedRows } from "./erase-person.js";
export { localClock } from "./local-time.js";
export type { ConflictEntry, IdentityHistory, MergeEntry } from "./merge-history.js";
export {
  type ChangedFacets,
  type CommitSnapshots,
  changesOf,
  mergeChanges,
  type ProfileChanges,
} from "./profile-changes.js";
export { ProfileError, type ProfileErrorCode } from "./profile-error.js";
export { FILTER_OPERATORS, SORT_FIELDS } from "./profile-filter.js";
export type { ListQuery } from "./profile-list.js";
export {
  createProfiles,
  type ProfileSummary,
  type Profiles,
  type ProfileView,
  type Rectification,
  type SystemMessage,
} from "./profiles.js";
export { createProjector, type ProjectedEvent, type Projector } from "./projector.js";
export { createRfmCache, type RfmCutoffs } from "./rfm.js";
export type { TimelineEntry } from "./timeline.js";
export { createTraitRegistry } from "./trait-registry.js";
