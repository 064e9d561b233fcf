/**
 * The core as the configuration asks for it: the data directory's master key, the database, and
 * the keyring's root secret, which proves the master key is the one this database was sealed with
 * before anything is read or written. Used by the server and by the CLI's direct mode.
 */
import { type Config, ConfigError, loadMasterKey } from "./config.js";
import { type Core, createCore } from "./core.js";
import { KeyringError, openKeyring } from "./crypto/index.js";
import { openDatabase } from "./storage/index.js";

export async function openConfiguredCore(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Core> {
  const masterKey = loadMasterKey(config.dataDir, env);
  const database = await openDatabase(config.storage);
  let rootSecret: Buffer;
  try {
    rootSecret = await openKeyring(database.db, masterKey);
  } catch (error) {
    await database.close();
    if (error instanceof KeyringError) throw new ConfigError(error.message);
    throw error;
  }
  return createCore(database, {
    masterKey,
    rootSecret,
    identityRules: config.identityRules,
    timeZone: config.timeZone,
    profiles: config.profiles,
    schemas: config.schemas,
    encryption: config.encryption,
    minimisation: config.minimisation,
  });
}
