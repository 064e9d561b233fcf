/**
 * Ed25519 signatures for audit checkpoints. The key pair is derived from the master key (HKDF),
 * so there is no second secret to keep; the public key is what an auditor holds to check an
 * exported checkpoint without access to the system.
 */
import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject, sign, verify } from "node:crypto";
import { type Checkpoint, canonicalJson, type SignedCheckpoint } from "./audit-chain.js";

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface CheckpointSigner {
  sign(checkpoint: Checkpoint): SignedCheckpoint;
  verify(checkpoint: SignedCheckpoint): boolean;
  /** PEM (SPKI) of the public key. */
  readonly publicKeyPem: string;
}

export function createCheckpointSigner(masterKey: Buffer): CheckpointSigner {
  const seed = Buffer.from(hkdfSync("sha256", masterKey, "", "kundenprofil/audit-checkpoint/ed25519", 32));
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
  const publicKey = createPublicKey(privateKey);
  return {
    sign(checkpoint) {
      const signature = sign(null, Buffer.from(canonicalJson(signedPart(checkpoint))), privateKey);
      return { ...signedPart(checkpoint), signature: signature.toString("base64") };
    },
    verify: (checkpoint) => verifyWith(publicKey, checkpoint),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/** Checks a checkpoint against a public key given as PEM (an auditor's copy). */
export function verifyCheckpoint(publicKeyPem: string, checkpoint: SignedCheckpoint): boolean {
  return verifyWith(createPublicKey(publicKeyPem), checkpoint);
}

function verifyWith(publicKey: KeyObject, checkpoint: SignedCheckpoint): boolean {
  try {
    return verify(
      null,
      Buffer.from(canonicalJson(signedPart(checkpoint))),
      publicKey,
      Buffer.from(checkpoint.signature, "base64"),
    );
  } catch {
    return false;
  }
}

function signedPart(checkpoint: Checkpoint): Checkpoint {
  const { workspaceId, seq, hash, at } = checkpoint;
  return { workspaceId, seq, hash, at };
}
