/**
 * Encryption at rest on both backends: what the tables hold is sealed (no e-mail, address, IP or
 * complaint text in clear), while the API shows it opened; after erasure the sealed copies taken
 * beforehand open for no one (crypto-shredding: 0 of them).
 */
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventCrypto, createSubjectKeys } from "../../src/crypto/index.js";
import { DEFAULT_WORKSPACE } from "../../src/storage/index.js";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

const SECRETS = [
  "lena.berg@example.de",
  "Lindenstraße 12",
  "198.51.100.23",
  "Naht am Ärmel gerissen",
  "Lena",
];

describe.each(BACKENDS)("encryption at rest on $name", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
    const sent = await h.send("/v1/batch", {
      batch: [
        {
          type: "identify",
          userId: "lena",
          traits: {
            email: "lena.berg@example.de",
            firstName: "Lena",
            address: { street: "Lindenstraße 12", city: "Köln" },
          },
          context: { ip: "198.51.100.23" },
        },
        {
          type: "track",
          userId: "lena",
          event: "Complaint Filed",
          properties: { complaint_id: "c-9", description: "Naht am Ärmel gerissen", category: "Qualität" },
          context: { ip: "198.51.100.23" },
        },
      ],
    });
    expect(sent.statusCode, sent.body).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function rawText(table: "events" | "identities" | "profiles"): Promise<string> {
    const { rows } = await sql<{
      t: string;
    }>`select string_agg(t::text, ' ') as t from ${sql.table(table)} t`.execute(h.core.database.db);
    return rows[0]?.t ?? "";
  }

  it("stores personal data sealed and keeps what is queried in clear", async () => {
    const events = await rawText("events");
    for (const secret of SECRETS) expect(events).not.toContain(secret);
    expect(events).toContain("Complaint Filed");
    expect(events).toContain("Qualität");
    expect(events).toContain("sealedFields");
    expect(await rawText("identities")).not.toContain("lena.berg@example.de");
    // The profile row: contact traits and trait history sealed, the city in clear for lists.
    const profiles = await rawText("profiles");
    for (const secret of ["lena.berg@example.de", "Lindenstraße 12", "Lena"])
      expect(profiles).not.toContain(secret);
    expect(profiles).toContain("Köln");
  });

  it("finds sealed contacts by search and exact filters, and says why other filters cannot", async () => {
    const ids = async (query: string) =>
      ((await h.get(`/v1/profiles?${query}`)).json().data as Array<{ traits: { email?: string } }>).map(
        (p) => p.traits.email,
      );
    expect(await ids("q=lena")).toEqual(["lena.berg@example.de"]);
    expect(await ids("q=ber")).toEqual(["lena.berg@example.de"]);
    expect(await ids("q=lena%20berg")).toEqual(["lena.berg@example.de"]);
    expect(await ids("q=lenb")).toEqual([]);
    expect(await ids("traits.email=Lena.Berg@example.de")).toEqual(["lena.berg@example.de"]);
    expect(await ids("traits.firstName[in]=Anna,Lena")).toEqual(["lena.berg@example.de"]);
    expect(await ids("traits.address.city=Köln")).toEqual(["lena.berg@example.de"]);
    const refused = await h.get("/v1/profiles?traits.email[contains]=lena");
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain("stored encrypted");
  });

  it("replaces a person's search tokens when their contact changes, beside a new person's", async () => {
    const emails = async (q: string) =>
      ((await h.get(`/v1/profiles?q=${q}`)).json().data as Array<{ traits: { email?: string } }>)
        .map((p) => p.traits.email)
        .sort();
    const sent = await h.send("/v1/batch", {
      batch: [
        { type: "identify", userId: "mara", traits: { email: "mara.quist@example.de" } },
        { type: "identify", userId: "tomas", traits: { email: "tomas.quist@example.de" } },
      ],
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(await emails("quist")).toEqual(["mara.quist@example.de", "tomas.quist@example.de"]);
    // Mara, stored, moves address in the commit that brings in Jana, new.
    const moved = await h.send("/v1/batch", {
      batch: [
        { type: "identify", userId: "mara", traits: { email: "mara.ostrow@example.de" } },
        { type: "identify", userId: "jana", traits: { email: "jana.ostrow@example.de" } },
      ],
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await emails("quist")).toEqual(["tomas.quist@example.de"]);
    expect(await emails("ostrow")).toEqual(["jana.ostrow@example.de", "mara.ostrow@example.de"]);
  });

  it("keeps a sealed contact's stored copy when an event changes no trait", async () => {
    const db = h.core.database.db;
    // A sealed part this long is stored out of line (TOAST): a rewrite gives it a new value id there.
    const { rows } = await sql<{ toast: string }>`
      select reltoastrelid::regclass::text as toast from pg_class where relname = 'profiles'`.execute(db);
    const sealedCopies = async () =>
      (
        await sql<{ id: string }>`select distinct chunk_id::text as id from ${sql.raw(rows[0]!.toast)}
          where substring(chunk_data from 1 for 3) = ${Buffer.from("v1.")}`.execute(db)
      ).rows.map((r) => r.id);
    const street = Array.from({ length: 40 }, (_, i) => `Hinterhaus ${i}, Aufgang ${i * 7}`).join(" / ");
    const sent = await h.send("/v1/batch", {
      batch: [
        { type: "identify", userId: "karl", traits: { email: "karl@example.de", address: { street } } },
      ],
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const before = await sealedCopies();
    expect(before).toHaveLength(1);
    for (const n of [1, 2, 3]) {
      const seen = await h.send("/v1/track", { userId: "karl", event: "Page Viewed", properties: { n } });
      expect(seen.statusCode, seen.body).toBe(200);
    }
    expect(await sealedCopies()).toEqual(before);
    const profile = (await h.get("/v1/profiles/user:karl")).json();
    expect(profile.traits).toMatchObject({ email: "karl@example.de", address: { street } });
    expect(profile.computed.eventCount).toBe(4);
  });

  it("shows it opened through the API", async () => {
    const profile = (await h.get("/v1/profiles/email:lena.berg@example.de")).json();
    expect(profile.identifiers).toContainEqual(
      expect.objectContaining({ kind: "email", value: "lena.berg@example.de" }),
    );
    const timeline = (await h.get("/v1/profiles/user:lena/timeline")).json();
    const complaint = timeline.entries.find((e: { kind: string }) => e.kind === "complaint");
    expect(complaint.properties.description).toBe("Naht am Ärmel gerissen");
    const events = (await h.get("/v1/events?userId=lena")).json().events;
    const identify = events.find((e: { type: string }) => e.type === "identify");
    expect(identify.traits.address.street).toBe("Lindenstraße 12");
    expect(identify.context.ip).toBe("198.51.100.23");
  });

  it("reads data under a key from another master key as unreadable, and refuses to seal with it", async () => {
    const db = h.core.database.db;
    const stranger = createSubjectKeys(randomBytes(32));
    expect((await stranger.find(db, DEFAULT_WORKSPACE, ["user:lena"])).size).toBe(0);
    await expect(stranger.ensure(db, DEFAULT_WORKSPACE, ["user:lena"])).rejects.toThrow(
      /cannot be unwrapped with this master key/,
    );
    const rows = await db.selectFrom("events").selectAll().where("user_id", "=", "lena").execute();
    const opened = await createEventCrypto(stranger).open(db, DEFAULT_WORKSPACE, rows);
    expect(JSON.stringify(opened)).not.toContain("198.51.100.23");
  });

  it("does not keep a data key whose transaction rolled back", async () => {
    const db = h.core.database.db;
    const keys = h.core.subjectKeys;
    let inside: string | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        inside = (await keys.ensure(trx, DEFAULT_WORKSPACE, ["user:rolled-back"])).get(
          "user:rolled-back",
        )?.id;
        // Read back in the transaction that created it: there, and only there, it exists.
        expect(
          (await keys.find(trx, DEFAULT_WORKSPACE, ["user:rolled-back"])).get("user:rolled-back")?.id,
        ).toBe(inside);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(inside).toBeDefined();
    expect((await keys.find(db, DEFAULT_WORKSPACE, ["user:rolled-back"])).size).toBe(0);
    const recreated = (await keys.ensure(db, DEFAULT_WORKSPACE, ["user:rolled-back"])).get(
      "user:rolled-back",
    );
    expect(recreated?.id).not.toBe(inside);
  });

  it("reads the keys asked for in one tick with one query, each caller getting its own", async () => {
    const db = h.core.database.db;
    const master = randomBytes(32);
    const made = await createSubjectKeys(master).ensure(db, DEFAULT_WORKSPACE, [
      "user:tick-a",
      "user:tick-b",
      "user:tick-c",
    ]);
    // A second instance starts with nothing cached, as another process would.
    const keys = createSubjectKeys(master);
    let queries = 0;
    const counted = db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const [a, b] = await Promise.all([
      keys.find(counted, DEFAULT_WORKSPACE, ["user:tick-a"]),
      keys.find(counted, DEFAULT_WORKSPACE, ["user:tick-b", "user:tick-unknown"]),
    ]);
    expect(queries).toBe(1);
    expect([...a.keys()]).toEqual(["user:tick-a"]);
    expect([...b.keys()]).toEqual(["user:tick-b"]);
    expect(a.get("user:tick-a")?.id).toBe(made.get("user:tick-a")?.id);
    expect(b.get("user:tick-b")?.id).toBe(made.get("user:tick-b")?.id);
    const later = await keys.find(counted, DEFAULT_WORKSPACE, ["user:tick-a", "user:tick-c"]);
    expect(queries).toBe(2);
    expect(later.get("user:tick-c")?.id).toBe(made.get("user:tick-c")?.id);
  });

  it("opens none of the sealed copies after erasure (crypto-shredding)", async () => {
    const db = h.core.database.db;
    const before = await db.selectFrom("events").selectAll().where("user_id", "=", "lena").execute();
    expect(before.length).toBe(2);
    const erased = await h.inject({
      method: "POST",
      url: "/v1/subject-requests",
      headers: { authorization: `Bearer ${h.adminKey}`, "content-type": "application/json" },
      payload: JSON.stringify({ kind: "erasure", subject: "user:lena", verification: "account_login" }),
    });
    expect(erased.statusCode, erased.body).toBe(201);
    expect(erased.json().request.outcome.keysDestroyed).toBeGreaterThanOrEqual(2);
    const reopened = await h.core.eventCrypto.open(db, DEFAULT_WORKSPACE, before);
    for (const event of reopened) {
      const text = JSON.stringify(event);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
    const keys = await db.selectFrom("subject_keys").select("identity_key").execute();
    expect(keys.map((k) => k.identity_key)).not.toContain("user:lena");
  });
});
