/** The tamper-evident audit log: hash chain, signed checkpoints, the pseudonyms-only rule. */
export {
  type AuditEntry,
  type ChainedEntry,
  type ChainProblem,
  type Checkpoint,
  canonicalJson,
  chain,
  createChainVerifier,
  GENESIS_HASH,
  type SignedCheckpoint,
  type Verification,
  verifyChain,
} from "./audit-chain.js";
export { type AuditLog, type AuditPage, type AuditRecord, createAuditLog } from "./audit-log.js";
export { type CheckpointSigner, createCheckpointSigner, verifyCheckpoint } from "./checkpoint-signer.js";
export { AuditPiiError, assertPseudonymous, looksLikeContactData } from "./pseudonymous.js";
