import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseMessage } from "../protocol/index.js";
import { customerOf } from "./demo-test-helpers.js";
import { type DemoMessage, type DemoOptions, demoSize, generateDemo } from "./index.js";

const digest = (options: DemoOptions): string => {
  const hash = createHash("sha256");
  for (const m of generateDemo(options)) hash.update(`${JSON.stringify(m)}\n`);
  return hash.digest("hex");
};

const sample: DemoMessage[] = [...generateDemo({ customers: 1500 })];

describe("generateDemo determinism", () => {
  it("produces byte-identical output for the same seed", () => {
    expect(digest({ customers: 300 })).toBe(digest({ customers: 300, seed: 42 }));
  });

  it("produces different output for another seed", () => {
    expect(digest({ customers: 300, seed: 7 })).not.toBe(digest({ customers: 300 }));
  });

  it("generates customer i the same whatever the number of customers", () => {
    const small = [...generateDemo({ customers: 40 })];
    expect(sample.slice(0, small.length)).toEqual(small);
    const slice = [...generateDemo({ customers: 5, firstCustomer: 1000 })];
    expect(slice).toEqual(sample.filter((m) => customerOf(m) >= 1000 && customerOf(m) < 1005));
  });

  it("is lazy: taking the first messages of a huge run is instant", () => {
    const iterator = generateDemo({ customers: 1_000_000 })[Symbol.iterator]();
    expect(iterator.next().done).toBe(false);
  });

  it("rejects bad options", () => {
    expect(() => [...generateDemo({ customers: -1 })]).toThrow(RangeError);
    expect(() => [...generateDemo({ customers: 1, seed: 1.5 })]).toThrow(RangeError);
    const start = new Date("2026-01-01T00:00:00Z");
    expect(() => [...generateDemo({ customers: 1, start, end: start })]).toThrow(RangeError);
  });
});

describe("generateDemo messages", () => {
  it("all pass parseMessage and stay under 32 KB", () => {
    const problems: string[] = [];
    for (const m of sample) {
      const json = JSON.stringify(m);
      if (Buffer.byteLength(json) >= 32 * 1024) problems.push(`${m.messageId}: too large`);
      const parsed = parseMessage(JSON.parse(json));
      if (!parsed.ok) problems.push(`${m.messageId}: ${parsed.issue.message}`);
    }
    expect(problems).toEqual([]);
  });

  it("numbers messages per customer in time order inside the window", () => {
    expect(new Set(sample.map((m) => m.messageId)).size).toBe(sample.length);
    const start = Date.parse("2024-07-01T00:00:00Z");
    const end = Date.parse("2026-06-30T23:59:59.999Z");
    const problems: string[] = [];
    let previous = { customer: -1, n: -1, t: 0 };
    for (const m of sample) {
      const [, seed, customer, n] = m.messageId.split("-").map(Number) as [number, number, number, number];
      const t = Date.parse(m.timestamp as string);
      const continues = customer === previous.customer;
      if (seed !== 42 || t < start || t > end) problems.push(`${m.messageId}: seed or time`);
      if (continues && (n !== previous.n + 1 || t < previous.t)) problems.push(`${m.messageId}: order`);
      if (!continues && (customer !== previous.customer + 1 || n !== 0))
        problems.push(`${m.messageId}: numbering`);
      previous = { customer, n, t };
    }
    expect(problems).toEqual([]);
  });

  it("uses example domains only and well-formed contact data", () => {
    const identifies = sample.filter((m) => m.type === "identify" && (m.traits as { email?: string }).email);
    expect(identifies.length).toBeGreaterThan(1000);
    const emails = new Set<string>();
    for (const m of identifies) {
      const traits = m.traits as {
        email: string;
        phone: string;
        loyalty_card_id?: string;
        address: { country: string };
      };
      expect(traits.email).toMatch(/^[a-z0-9.-]+@example\.(de|ch|at|com)$/);
      emails.add(traits.email);
      const prefix = { DE: "+49", CH: "+41", AT: "+43" }[traits.address.country];
      expect(traits.phone.startsWith(prefix as string)).toBe(true);
      expect(traits.phone).toMatch(/^\+[1-9]\d{9,13}$/);
      if (traits.loyalty_card_id !== undefined) expect(luhnValid(traits.loyalty_card_id)).toBe(true);
    }
    expect(emails.size).toBe(identifies.length);
    // No address-like string or URL anywhere outside the example domains.
    const hosts = new Set<string>();
    for (const m of sample) {
      const json = JSON.stringify(m);
      for (const match of json.matchAll(/@([a-z0-9.-]+)/g)) hosts.add(match[1] as string);
      for (const match of json.matchAll(/https?:\/\/([a-z0-9.-]+)/g)) hosts.add(match[1] as string);
    }
    expect([...hosts].filter((host) => !/(^|\.)example\.(de|ch|at|com)$/.test(host))).toEqual([]);
    expect(
      identifies.filter((m) => (m.traits as { loyalty_card_id?: string }).loyalty_card_id).length /
        identifies.length,
    ).toBeGreaterThan(0.6);
  });

  it("links identities: web sign-ups carry both ids, store orders the loyalty card", () => {
    const webSignups = sample.filter(
      (m) => m.type === "identify" && m.anonymousId !== undefined && m.userId !== undefined,
    );
    expect(webSignups.length).toBeGreaterThan(300);
    const anonymousOnly = new Set(sample.filter((x) => x.userId === undefined).map((x) => x.anonymousId));
    for (const m of webSignups) {
      const consent = (m.context as { consent?: { categoryPreferences?: Record<string, boolean> } }).consent;
      expect(typeof consent?.categoryPreferences?.["marketing.email"]).toBe("boolean");
      // The anonymous browsing before sign-up is linked by the same anonymousId.
      expect(anonymousOnly.has(m.anonymousId)).toBe(true);
    }
    const storeOrders = sample.filter(
      (m) => m.event === "Order Completed" && (m.properties as { channel: string }).channel === "store",
    );
    expect(storeOrders.length).toBeGreaterThan(500);
    for (const m of storeOrders) {
      const p = m.properties as { store_id?: string; loyalty_card_id?: string; currency: string };
      expect(p.store_id).toMatch(/^store-/);
      expect(m.userId).toBeDefined();
      const external = (m.context as { externalIds: { id: string; type: string }[] }).externalIds;
      expect(external).toEqual([expect.objectContaining({ id: p.loyalty_card_id, type: "loyalty_card" })]);
      expect(p.currency).toBe(
        p.store_id?.match(/zuerich|bern|basel|luzern|gallen|winterthur/) ? "CHF" : "EUR",
      );
    }
  });

  it("confirms most e-mail opt-ins by double opt-in, and only confirmed customers answer surveys", () => {
    const optedIn = new Map<number, number>();
    const confirmed = new Map<number, number>();
    const surveyed: { customer: number; t: number }[] = [];
    for (const m of sample) {
      const customer = customerOf(m);
      const t = Date.parse(m.timestamp as string);
      const consent = (m.context as { consent?: { categoryPreferences?: Record<string, boolean> } }).consent;
      const p = m.properties as Record<string, unknown> | undefined;
      if (m.type === "identify" && consent?.categoryPreferences?.["marketing.email"] === true)
        if (!optedIn.has(customer)) optedIn.set(customer, t);
      if (m.event === "Consent Updated" && p?.method === "double_opt_in") {
        expect(p).toMatchObject({ purpose: "marketing.email", status: "granted" });
        confirmed.set(customer, t);
      }
      if (m.event === "Survey Answered") surveyed.push({ customer, t });
    }
    // Between a minute and a day after the opt-in; about 80 % click.
    for (const [customer, t] of confirmed) {
      const optIn = optedIn.get(customer) as number;
      expect(t - optIn).toBeGreaterThanOrEqual(60_000);
      expect(t - optIn).toBeLessThanOrEqual(86_400_000 + 60_000);
    }
    expect(confirmed.size / optedIn.size).toBeGreaterThan(0.72);
    expect(confirmed.size / optedIn.size).toBeLessThan(0.88);
    expect(surveyed.length).toBeGreaterThan(50);
    for (const { customer, t } of surveyed) expect(confirmed.get(customer)).toBeLessThan(t);
  });

  it("contains every kind of event the scenarios need", () => {
    const kinds = new Set(sample.map((m) => (m.type === "track" ? String(m.event) : m.type)));
    for (const kind of [
      "identify",
      "page",
      "Product Viewed",
      "Products Searched",
      "Order Completed",
      "Loyalty Points Earned",
      "Loyalty Points Redeemed",
      "Survey Answered",
      "Complaint Filed",
      "Review Submitted",
      "Warranty Registered",
      "Contest Entered",
      "Location Entered",
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it("estimates its size for a progress bar", () => {
    const size = demoSize({ customers: 1500 });
    expect(size.customers).toBe(1500);
    expect(Math.abs(size.approxMessages - sample.length) / sample.length).toBeLessThan(0.15);
  });
});

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return /^\d{16}$/.test(digits) && sum % 10 === 0;
}
