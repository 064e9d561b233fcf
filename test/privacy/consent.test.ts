/**
 * The consent ledger end to end through the HTTP API: Segment's categoryPreferences, the consent
 * API with double opt-in, withdrawal in one call that counts for the very next decision, the
 * customer's preference centre and one-click unsubscribe, objection to direct marketing (absolute),
 * restriction, the Global Privacy Control header, and the record with proof. Scenario 8.
 */
import type { LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey } from "../../src/access/index.js";
import { DEFAULT_WORKSPACE } from "../../src/storage/index.js";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";
import { type SourceClient, writeKeyFor } from "../support/profiles.js";

describe.each(BACKENDS)("consent ledger on $name", (backend) => {
  let h: Harness;
  let web: SourceClient;

  // A body only where there is one: an empty body labelled JSON is refused as invalid JSON.
  const send = (url: string, headers: Record<string, string>, body: unknown) =>
    h.inject(
      body === undefined
        ? { method: "POST", url, headers }
        : {
            method: "POST",
            url,
            headers: { ...headers, "content-type": "application/json" },
            payload: JSON.stringify(body),
          },
    );
  const post = (url: string, body?: unknown, key = h.adminKey) =>
    send(url, { authorization: `Bearer ${key}` }, body);
  const publicPost = (url: string, body?: unknown) => send(url, { "user-agent": "Mailclient/1.0" }, body);
  const may = async (person: string, purpose: string) => {
    const response = await h.get(`/v1/profiles/${person}/may/${purpose}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { allowed: boolean; reason: string };
  };
  const ok = (response: LightMyRequestResponse, status = 200) => {
    expect(response.statusCode, response.body).toBe(status);
    return response.json();
  };

  beforeAll(async () => {
    h = await startHarness(backend);
    web = await writeKeyFor(h, "web");
  });

  afterAll(async () => {
    await h?.close();
  });

  it("reads Segment's categoryPreferences; an e-mail grant waits for double opt-in", async () => {
    await web.send("/v1/identify", {
      userId: "anna",
      traits: { email: "anna@example.de" },
      context: {
        consent: {
          categoryPreferences: { Analytics: true, "marketing.email": true, Personalization: false },
        },
      },
    });
    const state = ok(await h.get("/v1/profiles/user:anna/consent"));
    expect(state.consent.purposes.analytics.status).toBe("granted");
    expect(state.consent.purposes.personalisation.status).toBe("denied");
    expect(state.consent.purposes["marketing.email"].status).toBe("pending_confirmation");
    expect(state.decisions.analytics).toMatchObject({ allowed: true, basis: "legitimate_interest" });
    expect(state.decisions.personalisation).toMatchObject({ allowed: false, reason: "consent_denied" });
    expect(state.decisions["marketing.email"]).toMatchObject({
      allowed: false,
      reason: "awaiting_confirmation",
    });
    expect(state.decisions["marketing.sms"]).toMatchObject({ allowed: false, reason: "no_consent" });
    expect(state.decisions.service).toMatchObject({ allowed: true, reason: "contract" });
  });

  it("confirms double opt-in through the link; looking at the link changes nothing", async () => {
    const recorded = ok(
      await post("/v1/profiles/user:anna/consent", {
        purposes: { "marketing.email": "granted" },
        notice: { id: "newsletter-2026", version: "3" },
        method: "form",
        proof: { form: "footer-signup" },
      }),
    );
    expect(recorded.confirmations).toHaveLength(1);
    const token = recorded.confirmations[0].token as string;
    const seen = ok(await h.inject({ method: "GET", url: `/v1/consent/confirm/${token}` }));
    expect(seen).toMatchObject({ purpose: "marketing.email", confirmed: false });
    expect((await may("user:anna", "marketing.email")).allowed).toBe(false);
    ok(await publicPost(`/v1/consent/confirm/${token}`));
    expect(await may("user:anna", "marketing.email")).toMatchObject({
      allowed: true,
      reason: "consent_granted",
    });
    // A consent-aware client repeats the grant on every event; that does not undo the confirmation.
    await web.send("/v1/track", {
      userId: "anna",
      event: "Product Viewed",
      properties: { product_id: "p1" },
      context: { consent: { categoryPreferences: { "marketing.email": true } } },
    });
    expect((await may("user:anna", "marketing.email")).allowed).toBe(true);
    expect(ok(await publicPost("/v1/consent/confirm/not-a-token"), 404).code).toBe("confirmation_not_found");
  });

  it("withdraws in one call, and every next decision sees it (no cache lag)", async () => {
    for (let round = 0; round < 10; round++) {
      ok(await post("/v1/profiles/user:anna/consent", { purposes: { "marketing.sms": "granted" } }));
      expect((await may("user:anna", "marketing.sms")).allowed).toBe(true);
      const withdrawn = ok(await post("/v1/profiles/user:anna/consent/withdraw"));
      expect(withdrawn.decisions["marketing.sms"]).toMatchObject({
        allowed: false,
        reason: "consent_withdrawn",
      });
      expect(await may("user:anna", "marketing.sms")).toMatchObject({
        allowed: false,
        reason: "consent_withdrawn",
      });
    }
    // Withdrawing everything took e-mail too; the next grant needs a new confirmation.
    expect((await may("user:anna", "marketing.email")).reason).toBe("consent_withdrawn");
  });

  it("gives the customer a preference centre and a one-click unsubscribe without any API key", async () => {
    await web.send("/v1/identify", { userId: "ben", traits: { email: "ben@example.de" } });
    const link = ok(await post("/v1/profiles/user:ben/preference-link"), 201);
    const centre = ok(await h.inject({ method: "GET", url: link.preferenceCentre }));
    expect(centre.decisions["marketing.push"].allowed).toBe(false);
    const changed = ok(
      await publicPost(link.preferenceCentre, { purposes: { "marketing.push": true, analytics: false } }),
    );
    expect(changed.decisions["marketing.push"].allowed).toBe(true);
    expect(changed.decisions.analytics).toMatchObject({ allowed: false, reason: "consent_withdrawn" });
    // RFC 8058: the mail client posts the form List-Unsubscribe=One-Click.
    const unsubscribed = await h.inject({
      method: "POST",
      url: link.unsubscribe,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(ok(unsubscribed).unsubscribed).toEqual(["marketing.email", "marketing.sms", "marketing.push"]);
    expect((await may("user:ben", "marketing.push")).allowed).toBe(false);
    const forged = `${link.token.slice(0, -2)}xx`;
    expect(ok(await h.inject({ method: "GET", url: `/v1/preferences/${forged}` }), 404).code).toBe(
      "invalid_preference_link",
    );
  });

  it("honours an objection to direct marketing absolutely, whatever consent says (Art. 21)", async () => {
    await web.send("/v1/identify", {
      userId: "clara",
      traits: { email: "clara@example.de" },
      context: { consent: { categoryPreferences: { "marketing.sms": true, "marketing.push": true } } },
    });
    expect((await may("user:clara", "marketing.sms")).allowed).toBe(true);
    const link = ok(await post("/v1/profiles/user:clara/preference-link"), 201);
    const objected = ok(await publicPost(`${link.preferenceCentre}/objection`));
    expect(objected.objections).toEqual(["direct_marketing"]);
    for (const purpose of ["marketing.email", "marketing.sms", "marketing.push", "advertising.profiling"])
      expect(await may("user:clara", purpose)).toMatchObject({ allowed: false, reason: "objection" });
    // A later grant does not override the objection; only lifting it does.
    ok(await post("/v1/profiles/user:clara/consent", { purposes: { "marketing.sms": "granted" } }));
    expect((await may("user:clara", "marketing.sms")).reason).toBe("objection");
    expect((await may("user:clara", "analytics")).allowed).toBe(true);
    ok(await post("/v1/profiles/user:clara/objection", { scope: "direct_marketing", active: false }));
    expect((await may("user:clara", "marketing.sms")).allowed).toBe(true);
  });

  it("restricts processing to the service owed, and lifts it (Art. 18)", async () => {
    const restricted = ok(
      await post("/v1/profiles/user:clara/restriction", { active: true, reason: "accuracy contested" }),
    );
    expect(restricted.consent.restricted).toBe(true);
    expect(await may("user:clara", "analytics")).toMatchObject({ allowed: false, reason: "restricted" });
    expect((await may("user:clara", "marketing.sms")).allowed).toBe(false);
    expect((await may("user:clara", "service")).allowed).toBe(true);
    ok(await post("/v1/profiles/user:clara/restriction", { active: false }));
    expect((await may("user:clara", "analytics")).allowed).toBe(true);
    // As a data subject request, "active" must say which: "yes" was taken as a restriction.
    const request = { kind: "restriction", subject: "user:clara", verification: "account_login" };
    const vague = await post("/v1/subject-requests", { ...request, details: { active: "yes" } });
    expect(vague.statusCode).toBe(400);
    expect(vague.json()).toMatchObject({ code: "invalid_request_details" });
    expect((await may("user:clara", "analytics")).allowed).toBe(true);
    ok(await post("/v1/subject-requests", { ...request, details: { active: true } }), 201);
    expect(await may("user:clara", "analytics")).toMatchObject({ allowed: false, reason: "restricted" });
    ok(await post("/v1/subject-requests", { ...request, details: { active: false } }), 201);
    expect((await may("user:clara", "analytics")).allowed).toBe(true);
  });

  it("records the Global Privacy Control header as an objection to sharing", async () => {
    const sent = await h.send(
      "/v1/identify",
      {
        userId: "dora",
        traits: { email: "dora@example.de" },
        context: { consent: { categoryPreferences: { sharing: true } } },
      },
      { "sec-gpc": "1" },
    );
    expect(sent.statusCode, sent.body).toBe(200);
    expect(await may("user:dora", "sharing.third_party")).toMatchObject({
      allowed: false,
      reason: "objection",
    });
    const record = ok(await h.get("/v1/profiles/user:dora/consent/history"));
    expect(record.entries).toContainEqual(
      expect.objectContaining({ kind: "objection", purpose: "sharing.third_party", status: "active" }),
    );
    expect(record.entries.find((e: { kind: string }) => e.kind === "objection").proof.gpc).toBe(true);
  });

  it("keeps the full record with notice, source and proof, listing changes only", async () => {
    const record = ok(await h.get("/v1/profiles/user:anna/consent/history"));
    const email = record.entries.filter((e: { purpose?: string }) => e.purpose === "marketing.email");
    expect(email[0]).toMatchObject({ status: "granted", source: "web" });
    const confirmed = email.find((e: { confirmed?: boolean }) => e.confirmed === true);
    expect(confirmed).toMatchObject({ method: "double_opt_in", source: "kundenprofil" });
    expect(confirmed.proof).toHaveProperty("requestedAt");
    const fromForm = email.find((e: { method?: string }) => e.method === "form");
    expect(fromForm).toMatchObject({ noticeId: "newsletter-2026", noticeVersion: "3" });
    expect(fromForm.proof.form).toBe("footer-signup");
    // The proof is personal data too: shown in the record, sealed in the event log.
    expect(confirmed.proof.userAgent).toBe("Mailclient/1.0");
    const { rows } = await sql<{ t: string }>`select string_agg(e::text, ' ') as t from events e`.execute(
      h.core.database.db,
    );
    expect(rows[0]?.t).not.toContain("Mailclient/1.0");
    // The repeated preference on the Product Viewed event is not a change.
    const fromWeb = email.filter((e: { source: string }) => e.source === "web");
    expect(fromWeb).toHaveLength(1);
    const audit = ok(await h.get("/v1/audit?action=consent.record&limit=500"));
    expect(audit.entries.length).toBeGreaterThan(10);
    expect(JSON.stringify(audit.entries)).not.toContain("anna@example.de");
  });

  it("files consent for a contact known only by e-mail (an imported Outlook list)", async () => {
    await web.send("/v1/identify", { anonymousId: "tmp-1", traits: { email: "erik@example.de" } });
    const person = ok(await h.get("/v1/profiles/email:erik@example.de"));
    await h.core.database.db
      .deleteFrom("identities")
      .where("workspace_id", "=", DEFAULT_WORKSPACE)
      .where("kind", "=", "anon")
      .where("person_id", "=", person.id)
      .execute();
    ok(
      await post("/v1/profiles/email:erik@example.de/consent", { purposes: { "marketing.sms": "granted" } }),
    );
    expect((await may("email:erik@example.de", "marketing.sms")).allowed).toBe(true);
  });

  it("follows the person through a merge: consent given anonymously counts after login", async () => {
    await web.send("/v1/track", {
      anonymousId: "visitor-9",
      event: "Product Viewed",
      properties: { product_id: "p2" },
      context: { consent: { categoryPreferences: { "marketing.push": true } } },
    });
    await web.send("/v1/identify", {
      userId: "fritz",
      anonymousId: "visitor-9",
      traits: { email: "fritz@example.de" },
    });
    expect((await may("user:fritz", "marketing.push")).allowed).toBe(true);
  });

  it("answers bad requests with a 4xx naming the problem, and checks roles", async () => {
    const unknown = await post("/v1/profiles/user:anna/consent", { purposes: { telepathy: "granted" } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain("purposes");
    expect((await post("/v1/profiles/user:anna/consent", { purposes: {} })).statusCode).toBe(400);
    expect((await h.get("/v1/profiles/user:anna/may/telepathy")).statusCode).toBe(400);
    expect((await h.get("/v1/profiles/user:nobody/may/analytics")).statusCode).toBe(404);
    expect((await h.get("/v1/profiles/user:anna/consent", h.analystKey)).statusCode).toBe(403);
    const marketer = (
      await createKey(h.core.database.db, DEFAULT_WORKSPACE, { type: "admin", role: "marketer" })
    ).key;
    expect((await h.get("/v1/profiles/user:anna/consent", marketer)).statusCode).toBe(200);
    expect((await post("/v1/profiles/user:anna/consent/withdraw", undefined, marketer)).statusCode).toBe(403);
  });
});
