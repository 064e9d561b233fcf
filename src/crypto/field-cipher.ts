/**
 * AES-256-GCM for single fields, with `node:crypto`. Every encryption takes a fresh random 96-bit
 * nonce (drawn in bulk from the system CSPRNG: one call per 4096 nonces instead of one per field);
 * the additional authenticated data binds the ciphertext to its subject and field, so a sealed
 * value copied to another person or field no longer opens.
 */
import { createCipheriv, createDecipheriv, randomFillSync } from "node:crypto";

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const POOL_NONCES = 4096;

let pool = Buffer.alloc(0);
let offset = 0;

/** A fresh random 96-bit nonce. */
export function freshNonce(): Buffer {
  if (offset + NONCE_BYTES > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(NONCE_BYTES * POOL_NONCES));
    offset = 0;
  }
  const nonce = Buffer.from(pool.subarray(offset, offset + NONCE_BYTES));
  // Wipe what was handed out, so no later slice of the pool can repeat it.
  pool.fill(0, offset, offset + NONCE_BYTES);
  offset += NONCE_BYTES;
  return nonce;
}

/** nonce ‖ ciphertext ‖ tag */
export function encrypt(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const nonce = freshNonce();
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Throws when the key, the AAD or a single bit of the sealed value is wrong. */
export function decrypt(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new Error("sealed value is too short");
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

export function nonceOf(sealed: Buffer): Buffer {
  return sealed.subarray(0, NONCE_BYTES);
}
