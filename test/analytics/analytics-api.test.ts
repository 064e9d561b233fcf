/**
 * The analytics jobs on stored data, end to end through the HTTP API on both backends: scenario 4
 * (bread and butter: rules, also bought, pairs, placement), scenario 5 (cross- and up-sell, only
 * with consent, only the shop's range, never sensitive products), scenario 6 (no jacket offers
 * after a jacket) and scenario 11 (CLV, P(alive), value tiers as computed traits).
 */
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";
import { CATALOGUE, SENSITIVE_ITEMS, shopHistory } from "./shop-history.js";

const DAY = 86_400_000;

describe.each(BACKENDS)("analytics on stored data on $name", (backend) => {
  let h: Harness;
  const now = Date.now();
  const admin = (method: "GET" | "POST", url: string, payload?: unknown): Promise<LightMyRequestResponse> =>
    h.inject({
      method,
      url,
      headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const person = async (userId: string) => (await h.get(`/v1/profiles/user:${userId}`)).json().id as string;
  /** The audit entries of recommendation reads for one person (committed before the answer). */
  const recommendationReads = async (personId: string) =>
    (await h.get(`/v1/audit?subject=${personId}&action=profile.recommendations`)).json().entries as {
      details: { personalised: boolean };
    }[];

  beforeAll(async () => {
    h = await startHarness(backend);
    expect((await admin("POST", "/v1/products", CATALOGUE)).statusCode).toBe(200);
    const messages = shopHistory(now);
    for (let at = 0; at < messages.length; at += 200) {
      const answer = await h.send("/v1/batch", { batch: messages.slice(at, at + 200) });
      expect(answer.statusCode, answer.body).toBe(200);
    }
    // Restriction (Art. 18): this customer's data is kept but not processed for analytics.
    const restricted = await admin("POST", "/v1/profiles/user:c7/restriction", { active: true });
    expect(restricted.statusCode, restricted.body).toBe(200);
    const run = await admin("POST", "/v1/analytics/runs", { wait: true });
    expect(run.statusCode, run.body).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it("records one finished run per job, with what each found", async () => {
    const { runs } = (await h.get("/v1/analytics/runs", h.analystKey)).json();
    expect(runs.map((r: { job: string }) => r.job).sort()).toEqual([
      "basket",
      "clv",
      "recommendations",
      "timing",
    ]);
    for (const run of runs) {
      expect(run.status, JSON.stringify(run)).toBe("done");
      expect(run.summary.personsLeftOut).toBe(1);
    }
    const basket = runs.find((r: { job: string }) => r.job === "basket");
    expect(basket.summary.rules.product).toBeGreaterThan(0);
    expect((await h.get(`/v1/analytics/runs/${basket.id}`)).json()).toMatchObject({
      id: basket.id,
      job: "basket",
    });
    expect((await h.get("/v1/analytics/runs/no-such-run")).statusCode).toBe(404);
  });

  it("scenario 4: finds bread ⇒ butter with its measures, also bought, pairs and placement", async () => {
    const { rules } = (await h.get("/v1/analytics/rules?item=bread&limit=50", h.analystKey)).json();
    const breadButter = rules.find(
      (r: { antecedent: string[]; consequent: string }) =>
        r.antecedent.length === 1 && r.antecedent[0] === "bread" && r.consequent === "butter",
    );
    expect(breadButter).toBeDefined();
    expect(breadButter.confidence).toBeGreaterThan(0.6);
    expect(breadButter.support).toBeGreaterThan(0.3);
    expect(breadButter.count).toBeGreaterThan(100);
    for (const key of ["lift", "leverage"]) expect(Number.isFinite(breadButter[key])).toBe(true);
    const also = (await h.get("/v1/products/dishwasher/also-bought")).json();
    expect(also.alsoBought[0]).toMatchObject({ consequent: "tabs" });
    expect(also.alsoBought[0].lift).toBeGreaterThan(1);
    const { pairs } = (await h.get("/v1/analytics/pairs?minLift=1.5")).json();
    expect(
      pairs.some(
        (p: { trigger: string; offer: string }) => [p.trigger, p.offer].sort().join() === "dishwasher,tabs",
      ),
    ).toBe(true);
    const { suggestions } = (await h.get("/v1/analytics/placement?minLift=1.5")).json();
    expect(suggestions.length).toBeGreaterThan(0);
    const categories = (await h.get("/v1/analytics/rules?level=category&limit=500")).json().rules;
    expect(categories.some((r: { consequent: string }) => r.consequent === "Lebensmittel > Butter")).toBe(
      true,
    );
  });

  it("scenario 5: offers tabs to a dishwasher buyer who consented, explained, and nothing sensitive", async () => {
    const answer = (await h.get("/v1/profiles/user:anna/recommendations?limit=5")).json();
    expect(answer.personalised).toBe(true);
    expect((await recommendationReads(answer.personId)).at(-1)?.details).toEqual({ personalised: true });
    const ids = answer.items.map((i: { productId: string }) => i.productId);
    expect(ids).toContain("tabs");
    expect(ids).not.toContain("dishwasher");
    for (const sensitive of SENSITIVE_ITEMS) expect(ids).not.toContain(sensitive);
    const tabs = answer.items.find((i: { productId: string }) => i.productId === "tabs");
    expect(tabs.because.map((b: { productId: string }) => b.productId)).toContain("dishwasher");
    expect(tabs.explanation).toMatch(/because you bought .*Geschirrspüler S1/);
  });

  it("scenario 5: offers a bag right after an entry camera, and a better camera once one is due", async () => {
    const carl = (await h.get("/v1/profiles/user:carl/recommendations?limit=5")).json();
    const bag = carl.items.find((i: { productId: string }) => i.productId === "cam-bag");
    expect(bag.because.map((b: { productId: string }) => b.productId)).toEqual(["cam-entry"]);
    // He bought a camera 40 days ago: no camera offers until the category is due again.
    expect(carl.notDueUntil.Kameras).toBeDefined();
    expect(carl.items.map((i: { productId: string }) => i.productId)).not.toContain("cam-pro");
    const dora = (await h.get("/v1/profiles/user:dora/recommendations?limit=5")).json();
    const pro = dora.items.find((i: { productId: string }) => i.productId === "cam-pro");
    expect(pro, JSON.stringify(dora.items)).toBeDefined();
    expect(pro.because.map((b: { productId: string }) => b.productId)).toEqual(["cam-entry"]);
  });

  it("scenario 5: without consent to personalisation gives the bestsellers, chosen without the person", async () => {
    const answer = (await h.get("/v1/profiles/user:ben/recommendations?limit=5")).json();
    expect(answer.personalised).toBe(false);
    expect(answer.decision).toMatchObject({ allowed: false, purpose: "personalisation" });
    expect((await recommendationReads(answer.personId)).at(-1)?.details).toEqual({ personalised: false });
    expect(answer.items.every((i: { reason: string }) => i.reason === "popular")).toBe(true);
    expect(answer.items[0].productId).toBe("bread");
    for (const sensitive of SENSITIVE_ITEMS)
      expect(answer.items.map((i: { productId: string }) => i.productId)).not.toContain(sensitive);
  });

  it("scenario 6: a customer who bought a winter jacket a month ago is not due for two years", async () => {
    const { timing } = (await h.get("/v1/profiles/user:jana/predictions")).json();
    const jackets = timing.Winterjacken;
    expect(jackets.purchases).toBe(2);
    const notDue = Date.parse(jackets.notDueBefore);
    expect(notDue).toBeGreaterThan(now + 365 * DAY);
    expect(notDue).toBeLessThan(now + 3 * 365 * DAY);
    const answer = (await h.get("/v1/profiles/user:jana/recommendations?limit=10")).json();
    expect(answer.notDueUntil.Winterjacken).toBe(jackets.notDueBefore);
    const ids = answer.items.map((i: { productId: string }) => i.productId);
    expect(ids).not.toContain("jacket-a");
    expect(ids).not.toContain("jacket-b");
  });

  it("scenario 11: every customer has a value, P(alive) and tier; lists filter on them", async () => {
    const { value } = (await h.get(`/v1/profiles/${await person("c1")}/predictions`)).json();
    expect(value.probabilityAlive).toBeGreaterThanOrEqual(0);
    expect(value.probabilityAlive).toBeLessThanOrEqual(1);
    expect(value.churnRisk).toBeCloseTo(1 - value.probabilityAlive, 4);
    expect(value.clv).toBeGreaterThan(0);
    expect(["low", "medium", "high", "top"]).toContain(value.valueTier);
    const top = (await h.get("/v1/profiles?computed.predicted.value.valueTier=top&limit=100")).json().data;
    expect(top.length).toBeGreaterThan(5);
    const rich = (await h.get("/v1/profiles?computed.predicted.value.clv[gte]=1&limit=100")).json().data;
    expect(rich.length).toBeGreaterThan(top.length);
  });

  it("keeps predictions when new events arrive, and leaves out a customer who restricted processing", async () => {
    await h.send("/v1/track", {
      userId: "c1",
      event: "Product Viewed",
      messageId: "after-run",
      properties: { product_id: "bread" },
    });
    expect((await h.get("/v1/profiles/user:c1/predictions")).json().value).not.toBeNull();
    expect((await h.get("/v1/profiles/user:c7/predictions")).json()).toMatchObject({
      value: null,
      timing: {},
    });
  });

  it("runs in the background when not asked to wait, one run at a time", async () => {
    const started = await admin("POST", "/v1/analytics/runs", { jobs: ["basket", "timing"] });
    expect(started.statusCode, started.body).toBe(202);
    const { runs } = started.json();
    expect(runs.map((r: { status: string }) => r.status)).toEqual(["running", "running"]);
    const second = await admin("POST", "/v1/analytics/runs", { jobs: ["clv"] });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe("analytics_run_in_progress");
    await h.core.insights.settled();
    for (const run of runs)
      expect((await h.get(`/v1/analytics/runs/${run.id}`)).json()).toMatchObject({ status: "done" });
  });

  it("refuses bad requests with a reason and roles without the permission", async () => {
    const bad = await admin("POST", "/v1/analytics/runs", { jobs: ["horoscope"] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/jobs/);
    expect((await h.get("/v1/analytics/rules?level=brand")).statusCode).toBe(400);
    expect((await h.get("/v1/profiles/user:nobody/recommendations")).statusCode).toBe(404);
    expect((await h.get("/v1/profiles/user:anna/recommendations", h.analystKey)).statusCode).toBe(403);
  });
});
