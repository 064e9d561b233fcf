/**
 * The audit log on both backends: what the API records (pseudonyms only), the database refusing
 * changes, and tampering done with the triggers disabled (as a database superuser could) found
 * by verification every time.
 */
import { sql, type Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuditLog,
  chain,
  createAuditLog,
  createCheckpointSigner,
  GENESIS_HASH,
  type SignedCheckpoint,
} from "../../src/audit/index.js";
import type { Database } from "../../src/storage/index.js";
import { BACKENDS, openTestDatabase } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

const WS = "default";
const TAMPER_TRIALS = Number(process.env.AUDIT_TAMPER_TRIALS ?? 100);

/** A small deterministic generator, so a failing trial can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % n;
  };
}

describe.each(BACKENDS)("audit log on $name", (backend) => {
  describe("through the API", () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(backend);
    });
    afterAll(async () => {
      await h.close();
    });

    it("records profile reads and key changes under pseudonyms, never the identifier asked for", async () => {
      await h.send("/v1/identify", {
        userId: "u-audit-1",
        traits: { email: "Anna.Audit@example.de", phone: "+49 170 5550101", firstName: "Anna" },
      });
      const view = (await h.get(`/v1/profiles/${encodeURIComponent("email:anna.audit@example.de")}`)).json();
      await h.get(`/v1/profiles/${view.id}/timeline`);
      const created = (
        await h.inject({
          method: "POST",
          url: "/v1/keys",
          headers: { authorization: `Bearer ${h.adminKey}` },
          payload: { type: "admin", role: "analyst" },
        })
      ).json();

      const page = (await h.get("/v1/audit?limit=1000")).json();
      const actions = page.entries.map((e: { action: string; subject: string }) => [e.action, e.subject]);
      expect(actions).toEqual([
        ["profile.read", view.id],
        ["profile.timeline", view.id],
        ["key.create", `key:${created.id}`],
      ]);
      expect(page.entries[0].details).toEqual({ via: "email" });
      expect(page.entries[0].actor).toMatch(/^key:/);

      // Nothing in the stored rows reveals the person: no address, no phone, no name.
      const rows = await sql`select * from audit_log`.execute(h.core.database.db);
      const text = JSON.stringify(rows.rows).toLowerCase();
      for (const canary of ["anna.audit", "example.de", "5550101", "anna"])
        expect(text).not.toContain(canary);

      const bySubject = (await h.get(`/v1/audit?subject=${view.id}`)).json();
      expect(bySubject.entries).toHaveLength(2);
      const verified = (
        await h.inject({
          method: "POST",
          url: "/v1/audit/verify",
          headers: { authorization: `Bearer ${h.adminKey}` },
          payload: {},
        })
      ).json();
      expect(verified).toMatchObject({ ok: true, entries: 3, problems: [] });

      // Raw events hold personal data too: reading them is audited with the filters, not their values.
      expect((await h.get("/v1/events?userId=u-audit-1&limit=10")).json().events.length).toBeGreaterThan(0);
      const reads = (await h.get("/v1/audit?action=events.read")).json().entries;
      expect(reads).toEqual([
        expect.objectContaining({ subject: null, details: { count: 1, filters: ["userId"] } }),
      ]);
    });

    it("signs checkpoints and checks exported ones; only admins read the log", async () => {
      const made = await h.inject({
        method: "POST",
        url: "/v1/audit/checkpoints",
        headers: { authorization: `Bearer ${h.adminKey}` },
      });
      expect(made.statusCode).toBe(201);
      const { checkpoint, publicKey } = made.json();
      expect(publicKey).toContain("BEGIN PUBLIC KEY");
      const forged = { ...checkpoint, seq: checkpoint.seq - 1 };
      const verified = (
        await h.inject({
          method: "POST",
          url: "/v1/audit/verify",
          headers: { authorization: `Bearer ${h.adminKey}` },
          payload: { checkpoints: [checkpoint, forged] },
        })
      ).json();
      expect(verified.ok).toBe(false);
      expect(verified.problems).toEqual([expect.objectContaining({ kind: "signature" })]);

      for (const [method, url] of [
        ["GET", "/v1/audit"],
        ["POST", "/v1/audit/verify"],
        ["POST", "/v1/audit/checkpoints"],
        ["GET", "/v1/audit/public-key"],
      ] as const) {
        const payload = method === "POST" ? { payload: {} } : {};
        const asAnalyst = await h.inject({
          method,
          url,
          ...payload,
          headers: { authorization: `Bearer ${h.analystKey}` },
        });
        expect(asAnalyst.statusCode, `${method} ${url}`).toBe(403);
        const asWriter = await h.inject({
          method,
          url,
          ...payload,
          headers: { authorization: `Bearer ${h.writeKey}` },
        });
        expect(asWriter.statusCode, `${method} ${url}`).toBe(403);
      }
      const bad = await h.get("/v1/audit?limit=0");
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/limit/);
    });
  });

  describe("in the database", () => {
    let database: Awaited<ReturnType<typeof openTestDatabase>>;
    const signer = createCheckpointSigner(Buffer.alloc(32, 42));
    let audit: AuditLog;
    let checkpoint: SignedCheckpoint;
    const ENTRIES = 40;
    beforeAll(async () => {
      database = await openTestDatabase(backend);
      audit = createAuditLog(database.db, signer);
      for (let i = 0; i < ENTRIES; i++)
        await audit.record(WS, {
          actor: `key:k${i % 3}`,
          action: i % 2 ? "profile.read" : "profile.rectify",
          subject: `7d1c0e52-0000-4000-8000-${String(i).padStart(12, "0")}`,
          details: { via: "user", traits: ["city"], n: i },
        });
      checkpoint = (await audit.checkpoint(WS))!;
    });
    afterAll(async () => {
      await database.remove();
    });

    it("keeps appends concurrent-safe: one chain, no gaps", async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          audit.record("other", {
            actor: "system",
            action: "retention.run",
            subject: null,
            details: { n: i },
          }),
        ),
      );
      const result = await audit.verify("other");
      expect(result).toMatchObject({ ok: true, entries: 20 });
    });

    it("keeps one chain when two processes append, one inside a transaction of its own", async () => {
      // Each log keeps the head it last committed and chains onto it in one statement; the
      // other's appends make that head stale, which must cost a retry, never a fork or a failure.
      const first = createAuditLog(database.db, signer);
      const second = createAuditLog(database.db, signer);
      const entry = (n: number) => ({
        actor: "system",
        action: "retention.run",
        subject: null,
        details: { n },
      });
      for (let n = 0; n < 3; n++) await first.record("race", entry(n));
      for (let n = 3; n < 5; n++) await second.record("race", entry(n));
      expect((await first.record("race", entry(5))).seq).toBe(6);
      let during: Promise<unknown> | undefined;
      await database.db.transaction().execute(async (trx) => {
        await second.record("race", entry(6), trx);
        // Waits for the transaction's lock, then finds its head taken and appends after it.
        during = first.record("race", entry(7));
        await new Promise((resolve) => setTimeout(resolve, 50));
      });
      await during;
      await second.record("race", entry(8));
      await first.record("race", entry(9));
      const result = await first.verify("race");
      expect(result).toMatchObject({ ok: true, entries: 10 });
      const page = await first.list("race", { limit: 100 });
      expect(page.entries.map((e) => e.details.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it("refuses UPDATE, DELETE and TRUNCATE", async () => {
      const db = database.db;
      await expect(sql`update audit_log set actor = 'x' where seq = 1`.execute(db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`delete from audit_log where seq = 1`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_checkpoints`.execute(db)).rejects.toThrow(/append-only/);
      expect((await audit.verify(WS, [checkpoint])).ok).toBe(true);
    });

    it(`detects ${TAMPER_TRIALS} random edits, deletions, reorderings and rewrites with triggers off`, async () => {
      const pick = random(20261123);
      const columns = ["actor", "action", "subject", "details", "at", "hash", "prev_hash"] as const;
      const detected: string[] = [];
      const missed: string[] = [];
      for (let trial = 0; trial < TAMPER_TRIALS; trial++) {
        const kind = ["update", "delete", "reorder", "truncate-tail", "rewrite"][pick(5)]!;
        const seq = 1 + pick(ENTRIES);
        const other = 1 + ((seq + pick(ENTRIES - 1)) % ENTRIES);
        const column = columns[pick(columns.length)]!;
        const label = `${trial}:${kind}@${seq}${kind === "update" ? `.${column}` : ""}${kind === "reorder" ? `<->${other}` : ""}`;
        const outcome = await database.db
          .transaction()
          .execute(async (trx) => {
            await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx);
            await tamper(trx, kind, seq, other, column);
            const result = await createAuditLog(trx, signer).verify(WS);
            throw new Rollback(result.ok);
          })
          .catch((error: unknown) => {
            if (error instanceof Rollback) return error.ok;
            throw error;
          });
        (outcome ? missed : detected).push(label);
      }
      expect(missed).toEqual([]);
      expect(detected).toHaveLength(TAMPER_TRIALS);
      // Every trial was rolled back: the log is whole again.
      expect((await audit.verify(WS, [checkpoint])).ok).toBe(true);
    });
  });
});

class Rollback extends Error {
  constructor(readonly ok: boolean) {
    super("rollback");
  }
}

async function tamper(
  trx: Transaction<Database>,
  kind: string,
  seq: number,
  other: number,
  column: string,
): Promise<void> {
  switch (kind) {
    case "update": {
      const change: Record<string, ReturnType<typeof sql>> = {
        actor: sql`'key:intruder'`,
        action: sql`action || '.x'`,
        subject: sql`'7d1c0e52-ffff-4000-8000-000000000000'`,
        details: sql`details || '{"n": -1}'::jsonb`,
        at: sql`at + interval '1 second'`,
        hash: sql`md5(hash) || md5(hash)`,
        prev_hash: sql`md5(prev_hash) || md5(prev_hash)`,
      };
      await sql`update audit_log set ${sql.ref(column)} = ${change[column]!} where workspace_id = 'default' and seq = ${seq}`.execute(
        trx,
      );
      return;
    }
    case "delete":
      await sql`delete from audit_log where workspace_id = 'default' and seq = ${seq}`.execute(trx);
      return;
    case "reorder":
      // Swap everything but the position.
      await sql`update audit_log a set actor = b.actor, action = b.action, subject = b.subject, details = b.details,
                  at = b.at, prev_hash = b.prev_hash, hash = b.hash
                from audit_log b
                where a.workspace_id = 'default' and b.workspace_id = 'default'
                  and ((a.seq = ${seq} and b.seq = ${other}) or (a.seq = ${other} and b.seq = ${seq}))`.execute(
        trx,
      );
      return;
    case "truncate-tail":
      await sql`delete from audit_log where workspace_id = 'default' and seq >= ${seq}`.execute(trx);
      return;
    case "rewrite": {
      // A careful intruder: edit one entry and recompute every hash after it, so the chain is
      // consistent in itself. Only the signed checkpoint shows it.
      const rows = await trx
        .selectFrom("audit_log")
        .selectAll()
        .where("workspace_id", "=", "default")
        .orderBy("seq")
        .execute();
      let prev = seq === 1 ? GENESIS_HASH : rows[seq - 2]!.hash;
      for (const row of rows.slice(seq - 1)) {
        const entry = chain(prev, {
          workspaceId: row.workspace_id,
          seq: Number(row.seq),
          at: new Date(row.at).toISOString(),
          actor: Number(row.seq) === seq ? "key:intruder" : row.actor,
          action: row.action,
          subject: row.subject,
          details: row.details,
        });
        await sql`update audit_log set actor = ${entry.actor}, prev_hash = ${entry.prevHash}, hash = ${entry.hash}
                  where workspace_id = 'default' and seq = ${entry.seq}`.execute(trx);
        prev = entry.hash;
      }
      return;
    }
  }
}
