import { describe, expect, it } from "vitest";
import { contextOf } from "./arbitraries.test-helpers.js";
import { evaluateInMemory } from "./evaluate-in-memory.js";
import type { InMemoryPerson } from "./in-memory-person.js";
import { segmentFromText } from "./parse-text.js";

const NOW = Date.UTC(2026, 2, 15, 12);
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW - days * DAY).toISOString();

function person(overrides: Partial<InMemoryPerson> = {}): InMemoryPerson {
  return {
    id: "p1",
    traits: {},
    computed: {},
    identifierKinds: [],
    allowedPurposes: [],
    events: [],
    ...overrides,
  };
}

function holds(text: string, who: InMemoryPerson, memberships: Record<string, string[]> = {}): boolean {
  return evaluateInMemory(segmentFromText(text), who, contextOf(memberships, NOW));
}

describe("trait conditions", () => {
  const bern = person({ traits: { city: "Bern", age: 30, tags: ["vip", "runner"], nothing: null } });
  const nowhere = person();

  it("match nothing but not exists on a missing or null value, like SQL's NULL", () => {
    for (const who of [nowhere, person({ traits: { city: null } })]) {
      expect(holds('trait.city = "Bern"', who)).toBe(false);
      expect(holds('trait.city != "Bern"', who)).toBe(false);
      expect(holds('trait.city not in ["Bern"]', who)).toBe(false);
      expect(holds("trait.city exists", who)).toBe(false);
      expect(holds("trait.city not exists", who)).toBe(true);
      // not is plain negation, so it does include the person without a city.
      expect(holds('not trait.city = "Bern"', who)).toBe(true);
    }
  });

  it("never match a value of another type", () => {
    expect(holds('trait.age = "30"', bern)).toBe(false);
    expect(holds('trait.age != "30"', bern)).toBe(false);
    expect(holds('trait.age > "3"', bern)).toBe(false);
    expect(holds("trait.city > 3", bern)).toBe(false);
    expect(holds("trait.city not in [1, 2]", bern)).toBe(false);
    expect(holds("trait.age = 30 and trait.age != 31 and trait.age not in [1, 2]", bern)).toBe(true);
  });

  it("compare numbers numerically and strings by code point, case-sensitively", () => {
    const who = person({ traits: { n: 10, s: "10", emoji: "😀", name: "bern" } });
    expect(holds("trait.n > 9", who)).toBe(true);
    expect(holds('trait.s > "9"', who)).toBe(false);
    // U+1F600 sorts after U+FFFF by code point, though its first UTF-16 unit (0xD83D) does not.
    expect(holds('trait.emoji > "\\uffff"', who)).toBe(true);
    expect(holds('trait.name = "Bern"', who)).toBe(false);
    expect(holds('trait.name between "a" and "c"', who)).toBe(true);
    expect(holds("trait.n between 10 and 10", who)).toBe(true);
  });

  it("read contains on strings and on lists, starts_with on strings", () => {
    expect(holds('trait.city contains "er"', bern)).toBe(true);
    expect(holds('trait.tags contains "vip"', bern)).toBe(true);
    expect(holds('trait.tags contains "vi"', bern)).toBe(false);
    expect(holds('trait.city starts_with "Be"', bern)).toBe(true);
    expect(holds('trait.tags starts_with "vip"', bern)).toBe(false);
  });

  it("follow nested paths only through objects, and only own properties", () => {
    const who = person({ computed: { rfm: { segment: "Champions" }, list: [{ a: 1 }] } });
    expect(holds('computed.rfm.segment = "Champions"', who)).toBe(true);
    expect(holds("computed.rfm.segment.deeper exists", who)).toBe(false);
    expect(holds("computed.list.a exists", who)).toBe(false);
    expect(holds("trait.constructor exists or trait.toString exists", who)).toBe(false);
  });

  it("compare date-valued traits with now: within last includes both ends, before … ago is strict", () => {
    const at = (value: unknown) => person({ computed: { lastOrderAt: value } });
    expect(holds("computed.lastOrderAt within last 30d", at(daysAgo(30)))).toBe(true);
    expect(
      holds("computed.lastOrderAt within last 30d", at(new Date(NOW - 30 * DAY - 1).toISOString())),
    ).toBe(false);
    expect(holds("computed.lastOrderAt within last 30d", at(daysAgo(0)))).toBe(true);
    expect(holds("computed.lastOrderAt within last 30d", at(daysAgo(-1)))).toBe(false);
    expect(holds("computed.lastOrderAt before 90d ago", at(daysAgo(90)))).toBe(false);
    expect(holds("computed.lastOrderAt before 90d ago", at(daysAgo(91)))).toBe(true);
    // A day alone is midnight UTC; now − 1d is 2026-03-14 12:00 UTC.
    expect(holds("computed.lastOrderAt before 1d ago", at("2026-03-14"))).toBe(true);
    expect(holds("computed.lastOrderAt before 1d ago", at("2026-03-15"))).toBe(false);
    expect(holds("computed.lastOrderAt before 1d ago", at("2026-03-14T11:59:59.999+00:00"))).toBe(true);
    expect(holds("computed.lastOrderAt before 1d ago", at("2026-03-14T14:00:00+02:00"))).toBe(false);
    expect(holds("computed.lastOrderAt within last 1h", at("2026-03-15T13:30:00+02:00"))).toBe(true);
    for (const notADate of ["yesterday", "2026-03-14T10:00", NOW, "2026-02-30"])
      expect(
        holds("computed.lastOrderAt within last 3650d or computed.lastOrderAt before 1h ago", at(notADate)),
      ).toBe(false);
  });
});

describe("identifier, consent and segment conditions", () => {
  const who = person({
    identifierKinds: ["email", "ext:crm"],
    allowedPurposes: ["service", "marketing.push"],
  });

  it("read the person's identifier kinds and allowed purposes", () => {
    expect(holds('has_identifier("email") and has_identifier("ext:crm")', who)).toBe(true);
    expect(holds('has_identifier("phone")', who)).toBe(false);
    expect(holds('consent("marketing.push")', who)).toBe(true);
    expect(holds('consent("marketing.email")', who)).toBe(false);
  });

  it("ask the context about membership of other segments", () => {
    expect(holds('in_segment("vip")', who, { vip: ["p1"] })).toBe(true);
    expect(holds('in_segment("vip")', who, { vip: ["p2"] })).toBe(false);
  });
});
