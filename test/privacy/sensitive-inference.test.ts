/**
 * Scenario 7: no sensitive inference. A segment on the basket shift from baby products to alcohol
 * ("separation") is refused with the reason and the attempt is audited; only the data protection
 * officer can approve a sensitive use on explicit consent, for exactly the definition approved;
 * pricing by profile is refused outright.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey } from "../../src/access/index.js";
import { registryOf, TEST_CATEGORIES } from "../../src/registry/registry.test-helpers.js";
import { DEFAULT_WORKSPACE } from "../../src/storage/index.js";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

describe.each(BACKENDS)("sensitive-inference guard on $name", (backend) => {
  let h: Harness;
  let marketer: string;
  let dpo: string;
  const post = (url: string, key: string, body: unknown) =>
    h.inject({
      method: "POST",
      url,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      payload: JSON.stringify(body),
    });

  beforeAll(async () => {
    h = await startHarness(backend);
    const key = async (role: "marketer" | "dpo") =>
      (await createKey(h.core.database.db, DEFAULT_WORKSPACE, { type: "admin", role })).key;
    marketer = await key("marketer");
    dpo = await key("dpo");
  });
  afterAll(async () => {
    await h?.close();
  });

  const separation = {
    kind: "segment",
    name: "Familie getrennt?",
    categories: ["Drogerie > Baby > Windeln", "Getränke > Spirituosen"],
  };

  it("refuses the separation segment, says why, and audits the attempt", async () => {
    const refused = await post("/v1/privacy/targeting-check", marketer, separation);
    expect(refused.statusCode).toBe(422);
    const body = refused.json();
    expect(body.code).toBe("sensitive_targeting_refused");
    expect(body.message).toContain("category Drogerie > Baby > Windeln: pregnancy_baby");
    expect(body.message).toContain("category Getränke > Spirituosen: alcohol");
    expect(body.message).toContain("explicit consent");
    const audit = (await h.get("/v1/audit?action=targeting.refused")).json();
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0].details).toMatchObject({
      kind: "segment",
      name: "Familie getrennt?",
      reason: "sensitive_without_approval",
    });
    expect(audit.entries[0].actor).toMatch(/^key:/);
  });

  it("lets ordinary targeting through", async () => {
    const allowed = await post("/v1/privacy/targeting-check", marketer, {
      kind: "campaign",
      name: "Kopfhörer-Zubehör",
      categories: ["Elektronik > Audio > Kopfhörer & Lautsprecher"],
      events: ["Order Completed"],
    });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json()).toEqual({ allowed: true, sensitive: [] });
  });

  it("refuses pricing by profile outright", async () => {
    const refused = await post("/v1/privacy/targeting-check", marketer, {
      kind: "pricing",
      name: "VIP-Aufschlag",
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toContain("never set individual prices");
    const approving = await post("/v1/privacy/sensitive-approvals", dpo, {
      kind: "pricing",
      name: "VIP-Aufschlag",
      categories: ["Wein"],
      legalBasis: "explicit_consent",
    });
    expect(approving.statusCode).toBe(422);
  });

  it("accepts a sensitive use only as approved by the DPO, and only as approved", async () => {
    const babyClub = {
      kind: "segment",
      name: "Babyclub (mit Einwilligung)",
      categories: ["Baby > Babynahrung"],
    };
    expect(
      (
        await post("/v1/privacy/sensitive-approvals", h.adminKey, {
          ...babyClub,
          legalBasis: "explicit_consent",
        })
      ).statusCode,
    ).toBe(403);
    const approved = await post("/v1/privacy/sensitive-approvals", dpo, {
      ...babyClub,
      legalBasis: "explicit_consent",
      note: "Babyclub sign-up form asks for explicit consent",
    });
    expect(approved.statusCode, approved.body).toBe(201);
    const approval = approved.json();
    expect(approval.sensitive).toEqual([
      { reference: "category Baby > Babynahrung", tags: ["pregnancy_baby"] },
    ]);

    const checked = await post("/v1/privacy/targeting-check", marketer, babyClub);
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json().approval).toBe(approval.id);
    const widened = await post("/v1/privacy/targeting-check", marketer, {
      ...babyClub,
      categories: [...babyClub.categories, "Wein & Sekt"],
    });
    expect(widened.statusCode).toBe(422);

    const revoked = await h.inject({
      method: "DELETE",
      url: `/v1/privacy/sensitive-approvals/${approval.id}`,
      headers: { authorization: `Bearer ${dpo}` },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await post("/v1/privacy/targeting-check", marketer, babyClub)).statusCode).toBe(422);
    const nothing = await post("/v1/privacy/sensitive-approvals", dpo, {
      kind: "segment",
      name: "Kaffee",
      categories: ["Kaffee & Tee"],
      legalBasis: "explicit_consent",
    });
    expect(nothing.statusCode).toBe(400);
  });
});

describe("computed traits over special-category fields", () => {
  it("refuses a trait over a declared health field or event without the DPO's approval", async () => {
    const schemas = registryOf({
      default: {
        policy: "keep",
        categories: TEST_CATEGORIES,
        fields: { userId: "identifier" },
        events: {
          "Prescription Filled": {
            properties: {
              medication: { category: "health", purposes: { service: "explicit_consent" }, retention: "P1Y" },
            },
          },
        },
      },
    });
    const h = await startHarness(BACKENDS[0]!, undefined, { schemas });
    try {
      const defined = await h.inject({
        method: "POST",
        url: "/v1/computed-traits",
        headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
        payload: JSON.stringify({
          name: "favouriteMedication",
          family: "mostFrequent",
          event: "Prescription Filled",
          property: "medication",
        }),
      });
      expect(defined.statusCode, defined.body).toBe(422);
      expect(defined.json().message).toContain("field properties.medication: health");
      const define = (body: unknown) =>
        h.inject({
          method: "POST",
          url: "/v1/computed-traits",
          headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
          payload: JSON.stringify(body),
        });
      // Counting the event alone infers health too.
      const counted = await define({ name: "prescriptions", family: "count", event: "Prescription Filled" });
      expect(counted.statusCode).toBe(422);
      expect(counted.json().message).toContain("event Prescription Filled: health");
      const plain = await define({
        name: "orders90",
        family: "count",
        event: "Order Completed",
        windowDays: 90,
      });
      expect(plain.statusCode, plain.body).toBe(201);
    } finally {
      await h.close();
    }
  });
});
