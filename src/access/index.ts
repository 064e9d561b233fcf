/** Public surface of access: sources, write and admin keys, roles and authentication. */
export {
  type CreatedKey,
  createKey,
  type KeyInfo,
  type KeyRequest,
  keyScope,
  listKeys,
  revokeKey,
} from "./api-keys.js";
export { type Authenticator, createAuthenticator, type Principal } from "./authenticator.js";
export { maskContactData, maskEmail } from "./contact-masking.js";
export { can, isRole, PERMISSIONS, type Permission, ROLES, type Role } from "./roles.js";
export { ensureSource, listSources, SOURCE_ID_PATTERN, type Source } from "./sources.js";
