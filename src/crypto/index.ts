/**
 * Public surface of encryption at rest: per-subject data keys wrapped by the master key, field
 * sealing with AES-256-GCM, the event sealer every writer and reader of the event log uses, and
 * the sealing of the profile row's contact data.
 */
export {
  type ContactPart,
  type ContactSealer,
  createContactSealer,
  isContactTrait,
  joinTraits,
  personKeySlot,
  splitTraits,
} from "./contact-sealer.js";
export { createEventCrypto, type EventCrypto, PLAIN_EVENTS } from "./event-crypto.js";
export { isSealed, openValue, SEALED_CONTEXT_FIELDS, SEALED_PROPERTIES, sealValue } from "./event-sealer.js";
export { decrypt, encrypt, freshNonce } from "./field-cipher.js";
export { createIdentifierValues, type IdentifierValues, PLAIN_IDENTIFIERS } from "./identifier-values.js";
export { KeyringError, openKeyring, type Rotation, rotateMasterKey } from "./keyring.js";
export {
  createSubjectKeys,
  keyEncryptionKey,
  keySlot,
  masterIdOf,
  type SubjectKey,
  type SubjectKeys,
  UNATTRIBUTED,
  unwrapKey,
  wrapKey,
} from "./subject-keys.js";
