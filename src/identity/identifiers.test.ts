import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createBlindIndex } from "./blind-index.js";
import { filingKey, IdentifierCodec, identifiersOf } from "./identifiers.js";
import { DEFAULT_IDENTITY_RULES, IdentityRulesError, identityRules } from "./rules.js";

const codec = new IdentifierCodec(DEFAULT_IDENTITY_RULES, createBlindIndex(randomBytes(32), "default"));
const message = (over: Partial<Parameters<typeof identifiersOf>[1]>) => ({
  type: "track",
  user_id: null,
  anonymous_id: null,
  traits: {},
  properties: {},
  context: {},
  extra: {},
  ...over,
});

describe("identifiers", () => {
  it("normalises e-mail, phone and card so spellings of one value are one key", () => {
    expect(codec.make("email", " Anna@Example.DE ")?.key).toBe(codec.make("email", "anna@example.de")?.key);
    expect(codec.make("phone", "0171 2345678")?.value).toBe("+491712345678");
    expect(codec.make("phone", "+41 44 668 18 00")?.value).toBe("+41446681800");
    expect(codec.make("card", "6012 3456-7890 1234")?.value).toBe("6012345678901234");
    expect(codec.make("email", "not an address")).toBeUndefined();
    expect(codec.make("phone", "12")).toBeUndefined();
  });

  it("keys contact identifiers by the blind index, never by their value", () => {
    const key = codec.make("email", "anna@example.de")!.key;
    expect(key).toMatch(/^email#[A-Za-z0-9_-]{32}$/);
    expect(key).not.toContain("anna");
    const otherWorkspace = new IdentifierCodec(
      DEFAULT_IDENTITY_RULES,
      createBlindIndex(randomBytes(32), "other"),
    );
    expect(otherWorkspace.make("email", "anna@example.de")!.key).not.toBe(key);
    expect(codec.make("user", "42")!.key).toBe("user:42");
  });

  it("never takes blocked values as identifiers", () => {
    for (const value of [
      "",
      "null",
      "undefined",
      "Anonymous",
      "0",
      "-1",
      "[object Object]",
      "00000000-0000-0000-0000-000000000000",
      "test@test.de",
      "test+1@shop.de",
    ])
      expect(codec.make(value.includes("@") ? "email" : "anon", value), value).toBeUndefined();
    const found = identifiersOf(codec, message({ user_id: "undefined", anonymous_id: "a-1" })).identifiers;
    expect(found.map((i) => i.key)).toEqual(["anon:a-1"]);
  });

  it("finds identifiers in traits, context, external ids and order properties", () => {
    const found = identifiersOf(
      codec,
      message({
        type: "track",
        anonymous_id: "till-1",
        properties: { loyalty_card_id: "1111 2222" },
        context: {
          traits: { email: "x@example.org" },
          device: { id: "dev-9" },
          externalIds: [
            { id: "crm-5", type: "crm_id" },
            { id: "2222 3333", type: "loyalty_card" },
          ],
        },
      }),
    ).identifiers;
    expect(found.map((i) => `${i.kind}=${i.value}`).sort()).toEqual(
      [
        "anon=till-1",
        "card=11112222",
        "card=22223333",
        "device=dev-9",
        "email=x@example.org",
        "ext:crm_id=crm-5",
      ].sort(),
    );
  });

  it("files an event under its strongest identifier", () => {
    const ids = identifiersOf(
      codec,
      message({ anonymous_id: "till-1", properties: { loyalty_card_id: "9999" } }),
    ).identifiers;
    expect(filingKey(codec, ids, "s/m")).toBe(codec.make("card", "9999")!.key);
    expect(filingKey(codec, [], "s/m")).toBe("message:s/m");
  });

  it("parses references as the API takes them", () => {
    expect(codec.parseReference("email:Anna@Example.de")?.value).toBe("anna@example.de");
    expect(codec.parseReference("ext:loyalty_card:1234 5678")?.kind).toBe("card");
    expect(codec.parseReference("ext:crm_id:77")?.key).toBe("ext:crm_id:77");
    expect(codec.parseReference("no-colon")).toBeUndefined();
    expect(codec.parseReference("Bad Kind:1")).toBeUndefined();
  });

  it("validates merge rules and names the bad setting", () => {
    expect(identityRules({ limits: { anon: 5 } }).limits).toEqual({ anon: 5 });
    expect(() => identityRules({ limits: { anon: 0 } })).toThrow(/limits\.anon/);
    expect(() => identityRules({ blockedPatterns: ["("] })).toThrow(IdentityRulesError);
    expect(() => identityRules({ priorty: [] })).toThrow(/priorty|Unrecognized/);
  });
});
