/**
 * An analytics run whose process died during the run: its rows said "running" for ever, and the
 * CLI following a run over HTTP polled them for ever. The running process now beats on its rows,
 * and the API reports a run whose heartbeat has been quiet for 15 minutes as failed, interrupted.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHeartbeat } from "../../src/insights/run-heartbeat.js";
import { DEFAULT_WORKSPACE } from "../../src/storage/index.js";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

describe.each(BACKENDS)("analytics run heartbeat on $name", (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A run row as a process leaves it, its heartbeat `quietMinutes` ago. */
  async function runRow(status: "running" | "done", quietMinutes: number): Promise<string> {
    const id = randomUUID();
    const at = new Date(Date.now() - quietMinutes * 60_000).toISOString();
    await h.core.database.db
      .insertInto("analytics_runs")
      .values({
        workspace_id: DEFAULT_WORKSPACE,
        id,
        job: "clv",
        status,
        actor: "test",
        started_at: at,
        heartbeat_at: at,
        finished_at: status === "done" ? at : null,
        summary: "{}",
      })
      .execute();
    return id;
  }

  const heartbeatOf = async (id: string): Promise<number> => {
    const row = await h.core.database.db
      .selectFrom("analytics_runs")
      .select("heartbeat_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    return new Date(row.heartbeat_at!).getTime();
  };

  it("reports a run quiet for more than 15 minutes as interrupted, a live one as running", async () => {
    const dead = await runRow("running", 16);
    const live = await runRow("running", 1);
    const finished = await runRow("done", 60);
    const deadRun = (await h.get(`/v1/analytics/runs/${dead}`)).json();
    expect(deadRun).toMatchObject({ status: "failed", finishedAt: null });
    expect(deadRun.error).toMatch(
      /^interrupted: the process running it has given no sign of life since \d{4}-\d\d-\d\dT.* \(it stopped or restarted during the run\)$/,
    );
    expect((await h.get(`/v1/analytics/runs/${live}`)).json()).toMatchObject({
      status: "running",
      error: null,
    });
    expect((await h.get(`/v1/analytics/runs/${finished}`)).json()).toMatchObject({ status: "done" });
    const { runs } = (await h.get("/v1/analytics/runs?limit=50")).json();
    const byId = new Map(runs.map((r: { id: string; status: string }) => [r.id, r.status]));
    expect([byId.get(dead), byId.get(live), byId.get(finished)]).toEqual(["failed", "running", "done"]);
  });

  it("beats on its running rows only, until stopped", async () => {
    const running = await runRow("running", 16);
    const finished = await runRow("done", 16);
    const before = { running: await heartbeatOf(running), finished: await heartbeatOf(finished) };
    const stop = startHeartbeat(h.core.database.db, DEFAULT_WORKSPACE, [running, finished], 20);
    await new Promise((resolve) => setTimeout(resolve, 200));
    stop();
    // A beat sent just before the stop may still be on its way on another connection.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const beaten = await heartbeatOf(running);
    expect(beaten).toBeGreaterThan(before.running + 15 * 60_000);
    expect(await heartbeatOf(finished)).toBe(before.finished);
    expect((await h.get(`/v1/analytics/runs/${running}`)).json().status).toBe("running");
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await heartbeatOf(running)).toBe(beaten);
  });

  it("stamps a new run's heartbeat when it starts", async () => {
    const [run] = await h.core.insights.start(DEFAULT_WORKSPACE, ["clv"], { actor: "test" });
    await h.core.insights.settled();
    const row = await h.core.database.db
      .selectFrom("analytics_runs")
      .select([sql<boolean>`heartbeat_at is not null`.as("stamped"), "status"])
      .where("id", "=", run!.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ stamped: true, status: "done" });
  });
});
