/**
 * Public surface of the demo context: a seeded, deterministic, streaming generator of a
 * German/Swiss/Austrian shop's customers as raw Segment messages, and its product catalogue.
 * The co-purchase structure built in is exported so analytics tests can name what to look for.
 */
export { demoCatalogue } from "./catalogue.js";
export {
  COMPLEMENT_RULES,
  type ComplementRule,
  FOLLOW_UP_RULES,
  type FollowUpRule,
  OWNERSHIP_REPLENISHES,
} from "./co-purchase.js";
export {
  AVERAGE_MESSAGES_PER_CUSTOMER,
  DEFAULT_END,
  DEFAULT_SEED,
  DEFAULT_START,
  type DemoOptions,
  demoSize,
  generateDemo,
} from "./generate-demo.js";
export type { DemoMessage } from "./messages.js";
export { STORES, type Store } from "./places.js";
