/**
 * The hash chain, free of storage: each entry's hash is SHA-256 over the previous hash and the
 * RFC 8785 canonical JSON of the entry (workspace and sequence number included, so moving a row
 * breaks it as surely as editing one). Verification walks the chain and checks every signed
 * checkpoint against it, which also catches the newest rows being cut off.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditEntry {
  workspaceId: string;
  seq: number;
  /** ISO 8601 with milliseconds, as stored. */
  at: string;
  /** Who: `key:<id>`, `cli`, `system`. */
  actor: string;
  /** What, dotted: `profile.read`, `profile.rectify`, `key.create`, … */
  action: string;
  /** Whom it concerned, as a pseudonym (person id, key id), or null. */
  subject: string | null;
  details: Record<string, unknown>;
}

export interface ChainedEntry extends AuditEntry {
  prevHash: string;
  hash: string;
}

export interface Checkpoint {
  workspaceId: string;
  seq: number;
  hash: string;
  at: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Base64 Ed25519 signature over the canonical JSON of the checkpoint. */
  signature: string;
}

export interface ChainProblem {
  seq: number;
  kind: "gap" | "link" | "hash" | "checkpoint" | "signature";
  message: string;
}

export interface Verification {
  ok: boolean;
  entries: number;
  checkpoints: number;
  head: { seq: number; hash: string } | null;
  problems: ChainProblem[];
}

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("value has no JSON form");
  return text;
}

export function entryHash(prevHash: string, entry: AuditEntry): string {
  const content = canonicalJson({
    workspaceId: entry.workspaceId,
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details,
  });
  return createHash("sha256").update(prevHash).update(content).digest("hex");
}

export function chain(prevHash: string, entry: AuditEntry): ChainedEntry {
  return { ...entry, prevHash, hash: entryHash(prevHash, entry) };
}

/** Checks entries given in stored order (by seq); see `createChainVerifier`. */
export function verifyChain(
  entries: Iterable<ChainedEntry>,
  checkpoints: readonly SignedCheckpoint[],
  verifySignature: (checkpoint: SignedCheckpoint) => boolean,
): Verification {
  const verifier = createChainVerifier(checkpoints, verifySignature);
  for (const entry of entries) verifier.add(entry);
  return verifier.finish();
}

/**
 * Takes entries one at a time in stored order, so a long log is checked page by page: sequence
 * without gaps from 1, each link to the previous hash, each hash over its content, and each
 * checkpoint against the chain.
 */
export function createChainVerifier(
  checkpoints: readonly SignedCheckpoint[],
  verifySignature: (checkpoint: SignedCheckpoint) => boolean,
): { add(entry: ChainedEntry): void; finish(): Verification } {
  const problems: ChainProblem[] = [];
  const pinned = new Map<number, SignedCheckpoint[]>();
  for (const checkpoint of checkpoints) {
    if (!verifySignature(checkpoint)) {
      problems.push({
        seq: checkpoint.seq,
        kind: "signature",
        message: `checkpoint at ${checkpoint.seq} has an invalid signature`,
      });
      continue;
    }
    pinned.set(checkpoint.seq, [...(pinned.get(checkpoint.seq) ?? []), checkpoint]);
  }
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let head: Verification["head"] = null;
  return {
    add(entry) {
      count++;
      if (entry.seq !== expectedSeq) {
        problems.push({
          seq: entry.seq,
          kind: "gap",
          message: `expected entry ${expectedSeq}, found ${entry.seq}: entries are missing or moved`,
        });
      }
      if (entry.prevHash !== prevHash) {
        problems.push({
          seq: entry.seq,
          kind: "link",
          message: `entry ${entry.seq} does not link to the entry before it`,
        });
      }
      if (entryHash(entry.prevHash, entry) !== entry.hash) {
        problems.push({
          seq: entry.seq,
          kind: "hash",
          message: `entry ${entry.seq} was changed after it was written`,
        });
      }
      for (const checkpoint of pinned.get(entry.seq) ?? []) {
        if (checkpoint.hash !== entry.hash) {
          problems.push({
            seq: entry.seq,
            kind: "checkpoint",
            message: `entry ${entry.seq} differs from the signed checkpoint of ${checkpoint.at}`,
          });
        }
      }
      pinned.delete(entry.seq);
      expectedSeq = entry.seq + 1;
      prevHash = entry.hash;
      head = { seq: entry.seq, hash: entry.hash };
    },
    finish() {
      for (const [seq, list] of pinned) {
        problems.push({
          seq,
          kind: "checkpoint",
          message: `the signed checkpoint of ${list[0]!.at} covers entry ${seq}, which is no longer there`,
        });
      }
      return { ok: problems.length === 0, entries: count, checkpoints: checkpoints.length, head, problems };
    },
  };
}
