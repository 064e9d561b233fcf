/**
 * Configuration from the environment (documented in README.md). Parsed once at start; a bad value
 * stops the process with a message that names the variable.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type IdentityRules, IdentityRulesError, loadIdentityRules } from "./identity/index.js";
import { formatProblem, readSchemaRegistry, type SchemaRegistry, schemaDirectory } from "./registry/index.js";
import type { StorageConfig } from "./storage/index.js";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  storage: StorageConfig;
  logLevel: string;
  /** Merge rules from the JSON file named by `KUNDENPROFIL_IDENTITY_RULES`, else the defaults. */
  identityRules: IdentityRules;
  /** `KUNDENPROFIL_TIMEZONE` (IANA name, default Europe/Berlin): for "usual weekday and hour". */
  timeZone: string;
  /** `KUNDENPROFIL_PROFILES=off` collects events without resolving identities (bulk loads, benchmarks). */
  profiles: boolean;
  /** `KUNDENPROFIL_SCHEMA_DIR` (default `./schemas`, else the shipped declarations). */
  schemaDir: string;
  /** The declarations in `schemaDir`, checked: a broken file stops the start. */
  schemas: SchemaRegistry;
  /** `KUNDENPROFIL_ENCRYPTION=off` stores events unsealed (only to measure what sealing costs). */
  encryption: boolean;
  /** `KUNDENPROFIL_MINIMISATION=off` skips the declarations at ingest (only to measure their cost). */
  minimisation: boolean;
  /** `KUNDENPROFIL_RETENTION_HOURS` (default 24): how often the server runs retention; 0 never. */
  retentionHours: number;
  /** `KUNDENPROFIL_ANALYTICS_HOURS` (default 24): how often the server runs the analytics jobs; 0 never. */
  analyticsHours: number;
  /**
   * `KUNDENPROFIL_SEGMENT_REFRESH_MINUTES` (default 15): how often every segment is evaluated for
   * everyone, so time windows ("last 30d") let people in and out without a new event; 0 never.
   */
  segmentRefreshMinutes: number;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a TCP port number, got ${JSON.stringify(env.PORT)}`);
  }
  const dataDir = resolve(env.KUNDENPROFIL_DATA_DIR ?? "./data");
  const url = env.DATABASE_URL?.trim();
  if (url && !/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError("DATABASE_URL must be a postgres:// or postgresql:// URL");
  }
  const timeZone = env.KUNDENPROFIL_TIMEZONE ?? "Europe/Berlin";
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    throw new ConfigError(
      `KUNDENPROFIL_TIMEZONE must be an IANA time zone such as Europe/Berlin, got ${JSON.stringify(timeZone)}`,
    );
  }
  let identityRules: IdentityRules;
  try {
    identityRules = loadIdentityRules(env.KUNDENPROFIL_IDENTITY_RULES);
  } catch (error) {
    if (error instanceof IdentityRulesError) throw new ConfigError(error.message);
    throw error;
  }
  const schemaDir = schemaDirectory(env.KUNDENPROFIL_SCHEMA_DIR);
  return {
    schemaDir,
    schemas: loadSchemas(schemaDir),
    profiles: onOff(env, "KUNDENPROFIL_PROFILES"),
    encryption: onOff(env, "KUNDENPROFIL_ENCRYPTION"),
    minimisation: onOff(env, "KUNDENPROFIL_MINIMISATION"),
    retentionHours: intervalOf("KUNDENPROFIL_RETENTION_HOURS", env.KUNDENPROFIL_RETENTION_HOURS),
    analyticsHours: intervalOf("KUNDENPROFIL_ANALYTICS_HOURS", env.KUNDENPROFIL_ANALYTICS_HOURS),
    segmentRefreshMinutes: intervalOf(
      "KUNDENPROFIL_SEGMENT_REFRESH_MINUTES",
      env.KUNDENPROFIL_SEGMENT_REFRESH_MINUTES,
      15,
    ),
    identityRules,
    timeZone,
    port,
    host: env.HOST ?? "0.0.0.0",
    dataDir,
    storage: url ? { backend: "postgres", url } : { backend: "pglite", dataDir },
    logLevel: env.LOG_LEVEL ?? "info",
  };
}

/** A non-negative interval setting (hours or minutes, as its name says); 0 means never. */
function intervalOf(name: string, text: string | undefined, fallback = 24): number {
  const value = Number(text ?? fallback);
  if (!Number.isFinite(value) || value < 0)
    throw new ConfigError(`${name} must be a non-negative number (0: never), got ${JSON.stringify(text)}`);
  return value;
}

/** A switch that is on unless set to off. */
function onOff(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = (env[name] ?? "on").toLowerCase();
  if (value !== "on" && value !== "off") throw new ConfigError(`${name} must be on or off`);
  return value === "on";
}

function loadSchemas(directory: string): SchemaRegistry {
  const load = readSchemaRegistry(directory);
  if (load.ok) return load.registry;
  const problems = load.problems.map((p) => `  ${formatProblem(p)}`).join("\n");
  throw new ConfigError(
    `KUNDENPROFIL_SCHEMA_DIR: the declarations in ${directory} are invalid (check with \`kundenprofil schema validate\`):\n${problems}`,
  );
}

/**
 * The master key that wraps per-person keys (privacy context): `KUNDENPROFIL_MASTER_KEY` (32 bytes,
 * base64 or hex) or a key file generated in the data directory on first start (mode 0600).
 */
export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.KUNDENPROFIL_MASTER_KEY?.trim();
  if (fromEnv) return decodeKey(fromEnv, "KUNDENPROFIL_MASTER_KEY");
  const path = join(dataDir, "master.key");
  if (existsSync(path)) return decodeKey(readFileSync(path, "utf8").trim(), path);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  return key;
}

export function decodeKey(text: string, where: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== 32) throw new ConfigError(`${where} must hold a 32-byte key (base64 or 64 hex digits)`);
  return key;
}
