/** Public surface of the wire protocol: Segment messages, typed domain events, catalogue records. */
export {
  CONSENT_EVENTS,
  CONSENT_STATUSES,
  type ConsentSignal,
  type ConsentStatus,
  consentSignalsOf,
  DIRECT_MARKETING,
  isPurpose,
  type ObjectionScope,
  PURPOSES,
  type Purpose,
  purposesOfCategory,
} from "./consent-signals.js";
export {
  DOMAIN_EVENT_SCHEMAS,
  type DomainEventName,
  isDomainEventName,
  type LineItem,
  type OrderProperties,
} from "./domain-events.js";
export { findInvalidString, findJsonSafetyIssue, isRecord, MAX_NESTING_DEPTH } from "./json-safety.js";
export { type MessageIssue, type ParsedMessage, parseMessage } from "./parse-message.js";
export { type Product, type ProductInput, productSchema } from "./product.js";
export { sameJson } from "./same-json.js";
export {
  isMessageType,
  MESSAGE_TYPES,
  type MessageType,
  type SegmentMessage,
  segmentMessageSchema,
} from "./segment-message.js";
export { clampToStorableTime, isStorableTime, STORABLE_TIME_RANGE, timeMs } from "./storable-time.js";
