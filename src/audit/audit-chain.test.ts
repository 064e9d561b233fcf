import { describe, expect, it } from "vitest";
import { type AuditEntry, type ChainedEntry, chain, GENESIS_HASH, verifyChain } from "./audit-chain.js";
import { createCheckpointSigner, verifyCheckpoint } from "./checkpoint-signer.js";
import { AuditPiiError, assertPseudonymous } from "./pseudonymous.js";

const signer = createCheckpointSigner(Buffer.alloc(32, 7));

function entries(n: number): ChainedEntry[] {
  const out: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const entry: AuditEntry = {
      workspaceId: "default",
      seq,
      at: new Date(Date.UTC(2026, 10, 23, 12, 0, seq)).toISOString(),
      actor: "key:k1",
      action: "profile.read",
      subject: `0b6f2c1e-0000-4000-8000-${String(seq).padStart(12, "0")}`,
      details: { via: "email", n: seq },
    };
    const chained = chain(prev, entry);
    out.push(chained);
    prev = chained.hash;
  }
  return out;
}

/** The head at `seq`, signed. */
function checkpointOf(log: ChainedEntry[], seq: number) {
  return signer.sign({
    workspaceId: "default",
    seq,
    hash: log[seq - 1]!.hash,
    at: "2026-11-23T12:00:00.000Z",
  });
}

describe("the audit hash chain", () => {
  it("verifies an untouched chain with its checkpoint", () => {
    const log = entries(20);
    const checkpoint = checkpointOf(log, 20);
    const result = verifyChain(log, [checkpoint], signer.verify);
    expect(result).toMatchObject({ ok: true, entries: 20, checkpoints: 1, problems: [] });
  });

  it("hashes the canonical form: key order in details does not matter", () => {
    const [first] = entries(1);
    const reordered = { ...first!, details: { n: 1, via: "email" } };
    expect(verifyChain([reordered], [], signer.verify).ok).toBe(true);
  });

  it("finds an edit, a deletion and a reordering", () => {
    const edited = entries(10);
    edited[4] = { ...edited[4]!, details: { via: "user", n: 5 } };
    expect(verifyChain(edited, [], signer.verify).problems).toEqual([
      expect.objectContaining({ seq: 5, kind: "hash" }),
    ]);

    const deleted = entries(10).filter((e) => e.seq !== 3);
    expect(verifyChain(deleted, [], signer.verify).problems.map((p) => p.kind)).toEqual(["gap", "link"]);

    const swapped = entries(10);
    const [a, b] = [swapped[2]!, swapped[6]!];
    swapped[2] = { ...b, seq: 3 };
    swapped[6] = { ...a, seq: 7 };
    const kinds = verifyChain(swapped, [], signer.verify).problems.map((p) => `${p.kind}@${p.seq}`);
    expect(kinds).toContain("hash@3");
    expect(kinds).toContain("hash@7");
  });

  it("needs a checkpoint to see the newest entries cut off or the chain rewritten", () => {
    const log = entries(10);
    const checkpoint = checkpointOf(log, 10);
    const truncated = log.slice(0, 8);
    expect(verifyChain(truncated, [], signer.verify).ok).toBe(true);
    expect(verifyChain(truncated, [checkpoint], signer.verify).problems).toEqual([
      expect.objectContaining({ seq: 10, kind: "checkpoint" }),
    ]);
    // Rewriting entry 4 and recomputing every later hash keeps the chain consistent in itself.
    const rewritten: ChainedEntry[] = log.slice(0, 3);
    for (const entry of log.slice(3)) {
      const changed = entry.seq === 4 ? { ...entry, action: "key.create" } : entry;
      rewritten.push(chain(rewritten.at(-1)!.hash, changed));
    }
    expect(verifyChain(rewritten, [], signer.verify).ok).toBe(true);
    expect(verifyChain(rewritten, [checkpoint], signer.verify).problems).toEqual([
      expect.objectContaining({ seq: 10, kind: "checkpoint" }),
    ]);
  });

  it("refuses a checkpoint with a forged signature; an auditor checks one with the public key alone", () => {
    const log = entries(3);
    const checkpoint = checkpointOf(log, 3);
    expect(verifyCheckpoint(signer.publicKeyPem, checkpoint)).toBe(true);
    const forged = { ...checkpoint, hash: log[1]!.hash };
    expect(verifyCheckpoint(signer.publicKeyPem, forged)).toBe(false);
    expect(verifyChain(log, [forged], signer.verify).problems).toEqual([
      expect.objectContaining({ kind: "signature" }),
    ]);
    const otherKey = createCheckpointSigner(Buffer.alloc(32, 8));
    expect(otherKey.verify(checkpoint)).toBe(false);
  });
});

describe("the pseudonyms-only rule", () => {
  it("refuses e-mail addresses, phone numbers and identifier references anywhere in an entry", () => {
    for (const bad of [
      "anna@example.de",
      { nested: ["ok", "mail to Anna.Schmidt@example.de please"] },
      "+49 170 1234567",
      "email:anna@example.de",
      "card:9900123",
    ])
      expect(() => assertPseudonymous(bad), JSON.stringify(bad)).toThrow(AuditPiiError);
  });

  it("lets pseudonyms, counts and times through", () => {
    assertPseudonymous({
      subject: "0b6f2c1e-1234-4567-8000-000000000001",
      // A profile id made only of digits and dashes is still a pseudonym, not a phone number.
      person: "00000000-0000-4000-8000-000000000225",
      via: "email",
      count: 12345678,
      at: "2026-11-23T12:00:00.000Z",
      key: "key:k_8f2a",
      filters: ["computed.orderCount", "traits.city"],
      // A segment or campaign named after a day has a phone number's digits and dashes.
      name: "2026-06-01",
    });
    // Not every string of digits and dashes is a day.
    expect(() => assertPseudonymous("0176-12-34")).toThrow(AuditPiiError);
    expect(() => assertPseudonymous("0176-1234567")).toThrow(AuditPiiError);
  });
});
