import { describe, expect, it } from "vitest";
import type { ConsentView } from "../profiles/index.js";
import { PURPOSES } from "../protocol/index.js";
import { decide } from "./decide.js";

const AT = "2026-11-01T10:00:00.000Z";
const view = (over: Partial<ConsentView> = {}): ConsentView => ({
  purposes: {},
  objections: [],
  restricted: false,
  ...over,
});
const granted = { status: "granted" as const, at: AT, source: "web" };

describe("decide (may person be processed for purpose)", () => {
  it("needs consent for marketing and personalisation, not for the service or analytics", () => {
    const nothing = view();
    expect(decide(nothing, "service")).toMatchObject({ allowed: true, reason: "contract" });
    expect(decide(nothing, "analytics")).toMatchObject({ allowed: true, reason: "legitimate_interest" });
    for (const purpose of [
      "personalisation",
      "marketing.email",
      "advertising.profiling",
      "sharing.third_party",
    ] as const)
      expect(decide(nothing, purpose)).toMatchObject({ allowed: false, reason: "no_consent" });
  });

  it("treats a denial of a legitimate-interest purpose as an objection to it", () => {
    const denied = view({ purposes: { analytics: { status: "denied", at: AT, source: "web" } } });
    expect(decide(denied, "analytics")).toMatchObject({ allowed: false, reason: "consent_denied" });
  });

  it("waits for double opt-in before e-mail counts", () => {
    const pending = view({
      purposes: { "marketing.email": { status: "pending_confirmation", at: AT, source: "web" } },
    });
    expect(decide(pending, "marketing.email")).toMatchObject({
      allowed: false,
      reason: "awaiting_confirmation",
    });
  });

  it("lets an objection to direct marketing override every marketing consent", () => {
    const objected = view({
      purposes: { "marketing.sms": granted, "marketing.email": granted, personalisation: granted },
      objections: ["direct_marketing"],
    });
    expect(decide(objected, "marketing.sms").reason).toBe("objection");
    expect(decide(objected, "marketing.email").reason).toBe("objection");
    expect(decide(objected, "advertising.profiling").reason).toBe("objection");
    expect(decide(objected, "personalisation")).toMatchObject({ allowed: true, reason: "consent_granted" });
  });

  it("stops everything but the service while processing is restricted", () => {
    const all = Object.fromEntries(PURPOSES.map((p) => [p, granted]));
    const restricted = view({ purposes: all, restricted: true });
    for (const purpose of PURPOSES)
      expect(decide(restricted, purpose).allowed, purpose).toBe(purpose === "service");
  });

  it("uses the legal basis it is given", () => {
    expect(decide(view(), "personalisation", "legitimate_interest")).toMatchObject({
      allowed: true,
      basis: "legitimate_interest",
    });
  });
});
