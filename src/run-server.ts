/**
 * The server process. Opens the database (PGlite in ./data unless DATABASE_URL is set),
 * applies migrations, listens, and on SIGTERM/SIGINT stops accepting, lets in-flight requests
 * finish, commits everything acknowledged and closes the database.
 */
import { pino } from "pino";
import { ConfigError, loadConfig } from "./config.js";
import { JOBS } from "./insights/index.js";
import { openConfiguredCore } from "./open-core.js";
import { buildApp } from "./server/index.js";
import { StorageError } from "./storage/index.js";

/** Starts the server and installs the signal handlers; resolves once it listens. */
export async function runServer(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const core = await openConfiguredCore(config);
  const database = core.database;
  let shuttingDown = false;
  const app = await buildApp(core, {
    logger: { level: config.logLevel },
    isShuttingDown: () => shuttingDown,
  });
  const address = await app.listen({ port: config.port, host: config.host });
  if (database.lock) {
    // While this server owns the embedded database, the CLI reaches it through the admin API.
    const token = database.lock.advertiseServer(`http://127.0.0.1:${new URL(address).port}`);
    core.authenticator.allowLocalAdmin(token, core.workspaceId);
  }
  log.info({ address, backend: database.backend, dataDir: config.dataDir }, "kundenprofil ready");
  // Windowed computed traits change when a day leaves the window, without any new event.
  const refresh = setInterval(() => {
    core.profiles
      .refreshExpired(core.workspaceId, 5_000)
      .catch((error: unknown) => log.warn({ err: error }, "refreshing computed traits failed"));
  }, 60_000);
  refresh.unref();
  // Retention: a first run shortly after start, then every configured number of hours.
  const runRetention = () =>
    core.retention
      .run(core.workspaceId)
      .then((run) => log.info({ retention: run }, "retention run"))
      .catch((error: unknown) => log.warn({ err: error }, "retention run failed"));
  const retentionTimers =
    config.retentionHours > 0
      ? [setTimeout(runRetention, 5 * 60_000), setInterval(runRetention, config.retentionHours * 3_600_000)]
      : [];
  // Analytics jobs: a first run a little after retention, then every configured number of hours.
  const runAnalytics = () =>
    core.insights
      .run(core.workspaceId, JOBS, { actor: "system:scheduler" })
      .then((runs) =>
        log.info({ analytics: runs.map(({ job, status }) => ({ job, status })) }, "analytics run"),
      )
      .catch((error: unknown) => log.warn({ err: error }, "analytics run failed"));
  // Segments: everyone re-evaluated now and then, since windows slide without any new event.
  const refreshSegments = () =>
    core.segments
      .recompute(core.workspaceId)
      .catch((error: unknown) => log.warn({ err: error }, "segment refresh failed"));
  const scheduled = [
    ...retentionTimers,
    ...(config.segmentRefreshMinutes > 0
      ? [setInterval(refreshSegments, config.segmentRefreshMinutes * 60_000)]
      : []),
    ...(config.analyticsHours > 0
      ? [setTimeout(runAnalytics, 10 * 60_000), setInterval(runAnalytics, config.analyticsHours * 3_600_000)]
      : []),
  ];
  for (const timer of scheduled) timer.unref();

  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    clearInterval(refresh);
    for (const timer of scheduled) clearTimeout(timer);
    log.info({ signal }, "shutting down");
    try {
      await app.close();
      await core.close();
      log.info("stopped cleanly");
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** Exit code 2 with a one-line message for configuration and storage problems, 1 otherwise. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof ConfigError || error instanceof StorageError) {
    console.error(`kundenprofil: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
}
