/**
 * Every role against every admin endpoint, from a literal table (not derived from the grants it
 * checks): allowed means the request got past authorisation (any answer but 401/403), denied
 * means 403. A write key is denied everywhere. Plus what masking does for a marketer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../src/access/index.js";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

const PROFILE = "00000000-0000-4000-8000-000000000000";

type Row = [method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", url: string, body: unknown, allowed: Role[]];

const MATRIX: Row[] = [
  ["GET", "/v1/sources", undefined, ["admin"]],
  ["POST", "/v1/sources", { id: "matrix-src", name: "Matrix" }, ["admin"]],
  ["GET", "/v1/keys", undefined, ["admin"]],
  ["POST", "/v1/keys", { type: "admin", role: "analyst" }, ["admin"]],
  ["DELETE", "/v1/keys/no-such-key", undefined, ["admin"]],
  ["GET", "/v1/products", undefined, ["admin", "dpo", "marketer", "analyst", "support"]],
  ["GET", "/v1/products/p-1", undefined, ["admin", "dpo", "marketer", "analyst", "support"]],
  ["GET", "/v1/schema", undefined, ["admin", "dpo", "marketer", "analyst"]],
  ["GET", "/v1/schema/web", undefined, ["admin", "dpo", "marketer", "analyst"]],
  ["POST", "/v1/products", [], ["admin"]],
  ["POST", "/v1/import/messages", { source: "matrix-import", messages: [] }, ["admin"]],
  ["GET", "/v1/events", undefined, ["admin", "dpo"]],
  ["GET", "/v1/stats", undefined, ["admin", "dpo", "marketer", "analyst"]],
  ["GET", "/v1/profiles", undefined, ["admin", "dpo", "marketer"]],
  ["GET", `/v1/profiles/${PROFILE}`, undefined, ["admin", "dpo", "marketer", "support"]],
  ["PATCH", `/v1/profiles/${PROFILE}`, { traits: { city: "Bern" } }, ["admin", "dpo"]],
  ["GET", `/v1/profiles/${PROFILE}/timeline`, undefined, ["admin", "dpo", "marketer", "support"]],
  ["GET", `/v1/profiles/${PROFILE}/identity`, undefined, ["admin", "dpo", "marketer", "support"]],
  ["POST", "/v1/merges/1/unmerge", undefined, ["admin", "dpo"]],
  ["GET", "/v1/computed-traits", undefined, ["admin", "dpo", "marketer", "support"]],
  ["POST", "/v1/computed-traits", { name: "x" }, ["admin", "marketer"]],
  ["DELETE", "/v1/computed-traits/no-such-trait", undefined, ["admin", "marketer"]],
  ["GET", "/v1/audit", undefined, ["admin", "dpo"]],
  ["GET", "/v1/segments", undefined, ["admin", "dpo", "marketer", "analyst"]],
  ["GET", "/v1/segments/templates", undefined, ["admin", "dpo", "marketer", "analyst"]],
  [
    "POST",
    "/v1/segments/no-such-segment/exports",
    { purpose: "marketing.push", destination: { kind: "csv" } },
    ["admin", "marketer"],
  ],
  ["GET", "/v1/segments/no-such-segment", undefined, ["admin", "dpo", "marketer", "analyst"]],
  ["GET", "/v1/segments/no-such-segment/sizes", undefined, ["admin", "dpo", "marketer", "analyst"]],
  ["GET", "/v1/segments/no-such-segment/members", undefined, ["admin", "dpo", "marketer"]],
  ["GET", "/v1/segments/no-such-segment/changes", undefined, ["admin", "dpo", "marketer"]],
  ["POST", "/v1/segments/preview", { text: "exists(Order Completed)" }, ["admin", "dpo", "marketer"]],
  ["POST", "/v1/segments", { name: "matrix", text: "exists(A)" }, ["admin", "dpo", "marketer"]],
  ["PUT", "/v1/segments/no-such-segment", { text: "exists(A)" }, ["admin", "dpo", "marketer"]],
  ["DELETE", "/v1/segments/no-such-segment", undefined, ["admin", "dpo", "marketer"]],
  ["POST", "/v1/segments/no-such-segment/recompute", undefined, ["admin", "dpo", "marketer"]],
  ["GET", "/v1/analytics/runs", undefined, ["admin", "dpo", "marketer", "analyst"]],
  ["GET", "/v1/analytics/runs/no-such-run", undefined, ["admin", "dpo", "marketer", "analyst"]],
  ["GET", "/v1/analytics/rules", undefined, ["admin", "dpo", "marketer", "analyst"]],
  ["GET", "/v1/analytics/pairs", undefined, ["admin", "dpo", "marketer", "analyst"]],
  ["GET", "/v1/analytics/placement", undefined, ["admin", "dpo", "marketer", "analyst"]],
  ["POST", "/v1/analytics/runs", { jobs: ["basket"], wait: true }, ["admin", "analyst"]],
  ["GET", "/v1/products/p-1/also-bought", undefined, ["admin", "dpo", "marketer", "analyst", "support"]],
  ["GET", `/v1/profiles/${PROFILE}/recommendations`, undefined, ["admin", "dpo", "marketer", "support"]],
  ["GET", `/v1/profiles/${PROFILE}/predictions`, undefined, ["admin", "dpo", "marketer", "support"]],
  ["POST", "/v1/audit/verify", {}, ["admin", "dpo"]],
  ["POST", "/v1/audit/checkpoints", undefined, ["admin", "dpo"]],
  ["GET", "/v1/audit/public-key", undefined, ["admin", "dpo"]],
  ["GET", `/v1/profiles/${PROFILE}/consent`, undefined, ["admin", "dpo", "marketer", "support"]],
  ["GET", `/v1/profiles/${PROFILE}/consent/history`, undefined, ["admin", "dpo", "marketer", "support"]],
  ["GET", `/v1/profiles/${PROFILE}/may/analytics`, undefined, ["admin", "dpo", "marketer", "support"]],
  [
    "POST",
    `/v1/profiles/${PROFILE}/consent`,
    { purposes: { analytics: "granted" } },
    ["admin", "dpo", "support"],
  ],
  ["POST", `/v1/profiles/${PROFILE}/consent/withdraw`, {}, ["admin", "dpo", "support"]],
  ["POST", `/v1/profiles/${PROFILE}/objection`, { scope: "direct_marketing" }, ["admin", "dpo", "support"]],
  ["POST", `/v1/profiles/${PROFILE}/restriction`, { active: true }, ["admin", "dpo", "support"]],
  [
    "POST",
    `/v1/profiles/${PROFILE}/consent/confirmation`,
    { purpose: "marketing.email" },
    ["admin", "dpo", "support"],
  ],
  ["POST", `/v1/profiles/${PROFILE}/preference-link`, undefined, ["admin", "dpo", "support"]],
  [
    "POST",
    "/v1/subject-requests",
    { kind: "access", subject: PROFILE, verification: "id_document" },
    ["admin", "dpo"],
  ],
  ["GET", "/v1/subject-requests", undefined, ["admin", "dpo"]],
  ["GET", `/v1/subject-requests/${PROFILE}`, undefined, ["admin", "dpo"]],
  ["POST", `/v1/subject-requests/${PROFILE}/execute`, {}, ["admin", "dpo"]],
  ["POST", `/v1/subject-requests/${PROFILE}/reject`, { reason: "x" }, ["admin", "dpo"]],
  ["POST", "/v1/privacy/targeting-check", { kind: "segment", name: "m" }, ["admin", "dpo", "marketer"]],
  ["GET", "/v1/privacy/sensitivity-policy", undefined, ["admin", "dpo", "marketer", "analyst", "support"]],
  ["GET", "/v1/privacy/sensitive-approvals", undefined, ["dpo"]],
  [
    "POST",
    "/v1/privacy/sensitive-approvals",
    { kind: "segment", name: "m", categories: ["Baby"], legalBasis: "explicit_consent" },
    ["dpo"],
  ],
  ["DELETE", `/v1/privacy/sensitive-approvals/${PROFILE}`, undefined, ["dpo"]],
  ["GET", "/v1/retention/plan", undefined, ["admin", "dpo"]],
  ["POST", "/v1/retention/run?dryRun=true", undefined, ["admin", "dpo"]],
];

describe.each(BACKENDS)("authorisation matrix on $name", (backend) => {
  let h: Harness;
  const keys = new Map<Role, string>();
  beforeAll(async () => {
    h = await startHarness(backend);
    for (const role of ROLES) {
      const created = await h.inject({
        method: "POST",
        url: "/v1/keys",
        headers: { authorization: `Bearer ${h.adminKey}` },
        payload: { type: "admin", role },
      });
      keys.set(role, created.json().key);
    }
  });
  afterAll(async () => {
    await h.close();
  });

  it(`every role × ${MATRIX.length} endpoints: 0 mismatches`, async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const [method, url, body, allowed] of MATRIX) {
      for (const [who, key] of [...keys, ["write key", h.writeKey] as const]) {
        const response = await h.inject({
          method,
          url,
          headers: { authorization: `Bearer ${key}` },
          ...(body === undefined ? {} : { payload: body as object }),
        });
        const expectAllowed = (allowed as string[]).includes(who);
        const got = response.statusCode === 403 || response.statusCode === 401 ? "denied" : "allowed";
        checked++;
        if (got !== (expectAllowed ? "allowed" : "denied"))
          mismatches.push(`${who} ${method} ${url}: ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(MATRIX.length * (ROLES.length + 1));
  });

  it("shows a marketer contact data masked, support and the DPO in full", async () => {
    await h.send("/v1/identify", {
      userId: "u-mask-1",
      traits: { email: "marta.muster@example.de", phone: "+49 170 5550199", firstName: "Marta" },
    });
    const ref = encodeURIComponent("user:u-mask-1");
    const asMarketer = (await h.get(`/v1/profiles/${ref}`, keys.get("marketer"))).json();
    expect(asMarketer.traits.email).toBe("m***@example.de");
    expect(asMarketer.traits.phone).toBe("+** *** *****99");
    expect(JSON.stringify(asMarketer)).not.toContain("marta.muster");
    expect(JSON.stringify(asMarketer)).not.toContain("5550199");
    const emailIdentifier = asMarketer.identifiers.find((i: { kind: string }) => i.kind === "email");
    expect(emailIdentifier.value).toBe("m***@example.de");
    expect(asMarketer.traits.firstName).toBe("Marta");

    const listed = (await h.get("/v1/profiles?q=marta", keys.get("marketer"))).json();
    expect(JSON.stringify(listed)).not.toContain("marta.muster");

    for (const role of ["support", "dpo"] as const) {
      const full = (await h.get(`/v1/profiles/${ref}`, keys.get(role))).json();
      expect(full.traits.email).toBe("marta.muster@example.de");
    }
  });
});
