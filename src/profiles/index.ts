/** Public surface of profiles: the projector ingest runs, and the operations the fronts call. */
export {
  CUSTOM_TRAIT_FAMILIES,
  type CustomTraitDefinition,
  customTraitDefinitionSchema,
} from "./custom-traits.js";
export { localClock } from "./local-time.js";
export type { ConflictEntry, IdentityHistory, MergeEntry } from "./merge-history.js";
export { ProfileError, type ProfileErrorCode } from "./profile-error.js";
export { FILTER_OPERATORS, SORT_FIELDS } from "./profile-filter.js";
export type { ListQuery } from "./profile-list.js";
export {
  createProfiles,
  type ProfileSummary,
  type Profiles,
  type ProfileView,
  type Rectification,
} from "./profiles.js";
export { createProjector, type ProjectedEvent, type Projector } from "./projector.js";
export { createRfmCache } from "./rfm.js";
export type { TimelineEntry } from "./timeline.js";
export { createTraitRegistry } from "./trait-registry.js";
