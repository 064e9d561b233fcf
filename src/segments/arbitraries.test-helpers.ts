/**
 * Test support, one import for property tests of segments (here, and later the SQL compiler's
 * comparison with evaluateInMemory): random valid definitions, random people and memberships.
 */
export { ARBITRARY_NOW } from "./arbitrary-vocabulary.test-helpers.js";
export {
  categoryConditionArbitrary,
  type DefinitionArbitraryOptions,
  definitionArbitrary,
} from "./definition-arbitraries.test-helpers.js";
export {
  contextOf,
  type Memberships,
  membershipsArbitrary,
  peopleArbitrary,
  personArbitrary,
} from "./person-arbitraries.test-helpers.js";
