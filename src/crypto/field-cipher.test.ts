import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openEvent, openValue, sealEvent, sealValue } from "./event-sealer.js";
import { decrypt, encrypt, nonceOf } from "./field-cipher.js";

const key = () => ({ id: "00000000-0000-4000-8000-000000000001", key: randomBytes(32) });

describe("field cipher (AES-256-GCM)", () => {
  it("never repeats a nonce in 1,000,000 encryptions", () => {
    const k = randomBytes(32);
    const seen = new Set<string>();
    const plaintext = Buffer.from("anna@example.de");
    for (let i = 0; i < 1_000_000; i++) seen.add(nonceOf(encrypt(k, plaintext, "aad")).toString("base64"));
    expect(seen.size).toBe(1_000_000);
  });

  it("refuses a wrong key, a wrong AAD and any flipped bit", () => {
    const k = randomBytes(32);
    const sealed = encrypt(k, Buffer.from("Kanarienweg 7"), "person-1|traits");
    expect(decrypt(k, sealed, "person-1|traits").toString()).toBe("Kanarienweg 7");
    expect(() => decrypt(randomBytes(32), sealed, "person-1|traits")).toThrow();
    expect(() => decrypt(k, sealed, "person-2|traits")).toThrow();
    for (let bit = 0; bit < sealed.length * 8; bit += 7) {
      const flipped = Buffer.from(sealed);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      expect(() => decrypt(k, flipped, "person-1|traits")).toThrow();
    }
  });

  it("opens nothing once the key is gone: 0 of 10,000 values under a new key for the same subject", () => {
    const old = key();
    const sealed = Array.from({ length: 10_000 }, (_, i) =>
      sealValue(old, `aad-${i}`, { email: `p${i}@example.de` }),
    );
    const fresh = { ...key(), id: old.id };
    const opened = sealed.filter((s, i) => openValue(fresh, `aad-${i}`, s.$sealed) !== undefined);
    expect(opened).toHaveLength(0);
    expect(openValue(old, "aad-3", sealed[3]!.$sealed)).toEqual({ email: "p3@example.de" });
  });
});

describe("event sealing", () => {
  const event = {
    workspace_id: "default",
    source_id: "web",
    message_id: "m1",
    identity_key: "user:42",
    traits: { email: "anna@example.de", city: "Bern" },
    context: {
      ip: "203.0.113.9",
      campaign: { source: "newsletter" },
      consent: { categoryPreferences: { analytics: true } },
    },
    properties: {
      order_id: "o1",
      description: "Reißverschluss kaputt",
      products: [{ product_id: "p1", price: 10 }],
    },
    extra: { channel: "server" },
  };

  it("seals the personal parts and keeps what is queried in clear", () => {
    const k = key();
    const sealed = sealEvent(event, k);
    const text = JSON.stringify(sealed);
    for (const secret of ["anna@example.de", "203.0.113.9", "Reißverschluss", "Bern"])
      expect(text).not.toContain(secret);
    expect(sealed.properties.order_id).toBe("o1");
    expect(sealed.properties.products).toEqual(event.properties.products);
    expect(sealed.context.campaign).toEqual({ source: "newsletter" });
    expect(sealed.context.consent).toEqual(event.context.consent);
    expect(sealed.extra.sealedFields).toEqual(["properties.description", "context.ip", "traits"]);
    expect(event.traits.email).toBe("anna@example.de");
    const opened = openEvent({ ...event, ...sealed }, k);
    expect(opened).toEqual({
      traits: event.traits,
      context: event.context,
      properties: event.properties,
      extra: event.extra,
      unreadable: false,
    });
  });

  it("does not open sealed parts moved to another person or workspace, or under another key", () => {
    const k = key();
    const sealed = sealEvent(event, k);
    const moved = openEvent({ ...event, ...sealed, identity_key: "user:43" }, k);
    expect(moved.unreadable).toBe(true);
    expect(moved.traits).toEqual({});
    expect(moved.context.ip).toBeNull();
    expect(moved.properties.description).toBeNull();
    expect(openEvent({ ...event, ...sealed, workspace_id: "other" }, k).unreadable).toBe(true);
    expect(openEvent({ ...event, ...sealed }, { ...key(), id: k.id }).unreadable).toBe(true);
  });

  it("seals a person's identical parts once and different ones anew", () => {
    const k = key();
    const a = sealEvent(event, k);
    const b = sealEvent(
      { ...event, message_id: "m4", properties: { order_id: "o2", description: "Reißverschluss kaputt" } },
      k,
    );
    expect(b.extra.sealed).toBe(a.extra.sealed);
    const other = sealEvent({ ...event, message_id: "m3", context: { ip: "203.0.113.10" } }, k);
    expect(other.extra.sealed).not.toBe(a.extra.sealed);
    expect(openEvent({ ...event, ...b, message_id: "m4" }, k).context.ip).toBe("203.0.113.9");
    expect(openEvent({ ...event, ...other, message_id: "m3" }, k).context.ip).toBe("203.0.113.10");
    // The workspace's shared key seals for many message identifiers: a part is never reused across them.
    const shared = key();
    const one = sealEvent({ ...event, identity_key: "message:a" }, shared);
    const two = sealEvent({ ...event, identity_key: "message:b" }, shared);
    expect(two.extra.sealed).not.toBe(one.extra.sealed);
    expect(openEvent({ ...event, ...two, identity_key: "message:b" }, shared).unreadable).toBe(false);
    expect(openEvent({ ...event, ...one, identity_key: "message:b" }, shared).unreadable).toBe(true);
  });

  it("still opens parts sealed per message (v1), and only in their own message", () => {
    const k = key();
    const v1Aad = (messageId: string) => `kp/event/v1|default|user:42|web|${messageId}`;
    const { $sealed } = sealValue(k, v1Aad("m1"), { context: { ip: "203.0.113.9" } });
    expect($sealed.startsWith(`v1.${k.id}.`)).toBe(true);
    const stored = {
      ...event,
      context: { campaign: { source: "newsletter" } },
      extra: { channel: "server", sealed: $sealed, sealedFields: ["context.ip"] },
    };
    const opened = openEvent(stored, k);
    expect(opened.unreadable).toBe(false);
    expect(opened.context).toEqual({ campaign: { source: "newsletter" }, ip: "203.0.113.9" });
    expect(opened.extra).toEqual({ channel: "server" });
    expect(openEvent({ ...stored, message_id: "m2" }, k).unreadable).toBe(true);
  });
});
