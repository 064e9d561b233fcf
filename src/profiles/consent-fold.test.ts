import { describe, expect, it } from "vitest";
import { applyConsent, type ConsentState, consentView } from "./consent-fold.js";
import type { FoldEvent } from "./fold-event.js";

let nextId = 1;
function event(ts: number, over: Partial<FoldEvent>): FoldEvent {
  return {
    id: nextId++,
    ts,
    type: "track",
    event: null,
    sourceId: "web",
    messageId: `m${nextId}`,
    properties: {},
    traits: {},
    context: {},
    extra: {},
    ...over,
  };
}
const prefs = (ts: number, categoryPreferences: Record<string, boolean>) =>
  event(ts, { type: "identify", context: { consent: { categoryPreferences } } });
const updated = (ts: number, properties: Record<string, unknown>) =>
  event(ts, { event: "Consent Updated", properties, sourceId: "kundenprofil" });

function fold(events: FoldEvent[]) {
  const holder: { consent?: ConsentState } = {};
  for (const e of events) applyConsent(holder, e);
  return consentView(holder.consent);
}

describe("consent fold", () => {
  it("gives the same view whatever order the events arrive in", () => {
    const events = [
      prefs(1, { "marketing.email": true, analytics: true }),
      updated(2, { purpose: "marketing.email", status: "granted", method: "double_opt_in" }),
      prefs(3, { analytics: false }),
      updated(4, { purpose: "marketing.sms", status: "granted" }),
      updated(5, { purpose: "marketing.sms", status: "withdrawn" }),
      event(6, { event: "Objection Recorded", properties: { scope: "direct_marketing" } }),
      event(7, { event: "Processing Restricted", properties: { active: true } }),
      event(8, { event: "Processing Restricted", properties: { active: false } }),
    ];
    const expected = fold(events);
    expect(expected.purposes["marketing.email"]?.status).toBe("granted");
    expect(expected.purposes.analytics?.status).toBe("denied");
    expect(expected.purposes["marketing.sms"]?.status).toBe("withdrawn");
    expect(expected.objections).toEqual(["direct_marketing"]);
    expect(expected.restricted).toBe(false);
    for (let trial = 0; trial < 20; trial++) {
      const shuffled = [...events].sort(() => Math.random() - 0.5);
      expect(fold(shuffled)).toEqual(expected);
    }
  });

  it("needs a new confirmation after a withdrawal", () => {
    const view = fold([
      updated(1, { purpose: "marketing.email", status: "granted", method: "double_opt_in" }),
      updated(2, { purpose: "marketing.email", status: "withdrawn" }),
      prefs(3, { "marketing.email": true }),
    ]);
    expect(view.purposes["marketing.email"]?.status).toBe("pending_confirmation");
  });

  it("maps common consent-manager categories to purposes and ignores unknown ones", () => {
    const view = fold([prefs(1, { Advertising: true, Statistics: true, C0004: true, Marketing: false })]);
    expect(view.purposes["advertising.profiling"]?.status).toBe("granted");
    expect(view.purposes.analytics?.status).toBe("granted");
    expect(view.purposes["marketing.push"]?.status).toBe("denied");
    expect(Object.keys(view.purposes)).toHaveLength(5);
  });

  it("creates no consent state for ordinary events", () => {
    const holder: { consent?: ConsentState } = {};
    applyConsent(holder, event(1, { event: "Order Completed", properties: { order_id: "1" } }));
    expect(holder.consent).toBeUndefined();
    expect(consentView(undefined)).toEqual({ purposes: {}, objections: [], restricted: false });
  });
});
