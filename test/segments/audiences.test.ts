/**
 * Audience exports through the HTTP API on both backends: only members whose consent covers the
 * export's purpose leave, exports below k are refused, pseudonyms differ per export, a webhook
 * receives the members, and every export is audited.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

describe.each(BACKENDS)("audience exports on $name", (backend) => {
  let h: Harness;
  let segmentId: string;
  const post = (url: string, payload: unknown) =>
    h.inject({
      method: "POST",
      url,
      headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
      payload: JSON.stringify(payload),
    });

  beforeAll(async () => {
    h = await startHarness(backend);
    const batch = Array.from({ length: 14 }, (_, i) => ({
      type: "identify",
      userId: `bern-${i}`,
      traits: { address: { city: "Bern" }, email: `bern-${i}@example.ch` },
      context: { consent: { categoryPreferences: { "marketing.push": i < 12 } } },
    }));
    expect((await h.send("/v1/batch", { batch })).statusCode).toBe(200);
    const created = await post("/v1/segments", { name: "Bern", text: 'trait.address.city = "Bern"' });
    expect(created.statusCode, created.body).toBe(201);
    segmentId = created.json().id;
    expect(created.json().size).toBe(14);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("exports only members who consented to the purpose, with the fields asked for", async () => {
    const answer = await post(`/v1/segments/${segmentId}/exports`, {
      purpose: "marketing.push",
      destination: { kind: "csv" },
      fields: ["demographics.city", "traits.email"],
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.headers["content-type"]).toContain("text/csv");
    const rows = parse(answer.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r["demographics.city"]))).toEqual(new Set(["Bern"]));
    expect(rows.map((r) => r["traits.email"]).sort()[0]).toBe("bern-0@example.ch");
    expect(JSON.parse(String(answer.headers["x-kundenprofil-export"]))).toMatchObject({
      members: 14,
      exported: 12,
    });
  });

  it("refuses an audience smaller than k for its purpose, and audits the refusal", async () => {
    const answer = await post(`/v1/segments/${segmentId}/exports`, {
      purpose: "sharing.third_party",
      destination: { kind: "csv" },
    });
    expect(answer.statusCode).toBe(422);
    expect(answer.json()).toMatchObject({ code: "audience_too_small" });
    expect(answer.json().message).toContain("at least 10");
  });

  it("pseudonymises with a key per export and delivers to a webhook", async () => {
    const received: unknown[] = [];
    const server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        received.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/audiences`;
    try {
      const request = {
        purpose: "marketing.push",
        destination: { kind: "webhook", url },
        pseudonymise: true,
      };
      const first = await post(`/v1/segments/${segmentId}/exports`, request);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ exported: 12, pseudonymised: true, delivered: { status: 204 } });
      expect(await post(`/v1/segments/${segmentId}/exports`, request)).toHaveProperty("statusCode", 200);
      const [a, b] = received as { members: { id: string }[] }[];
      expect(a!.members).toHaveLength(12);
      const ids = (x: { members: { id: string }[] }) => new Set(x.members.map((m) => m.id));
      const overlap = [...ids(a!)].filter((id) => ids(b!).has(id));
      expect(overlap).toEqual([]);
      for (const member of a!.members) expect(member.id).not.toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      server.close();
    }
    const gone = await post(`/v1/segments/${segmentId}/exports`, {
      purpose: "marketing.push",
      destination: { kind: "webhook", url: "http://127.0.0.1:9/nowhere" },
    });
    expect(gone.statusCode).toBe(502);
    const audit = await h.get("/v1/audit?action=audience.export&limit=100");
    expect(audit.json().entries.length).toBeGreaterThanOrEqual(5);
  });
});
