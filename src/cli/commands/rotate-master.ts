/**
 * `kundenprofil keys rotate-master`: a new master key. Every data key and the keyring's root
 * secret are rewrapped in one transaction; no event, profile or identifier is touched, and no
 * blind index, suppression entry, preference link or audit signature changes. Needs the database
 * to itself: stop the server first (the embedded database refuses a second owner anyway).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { decodeKey, loadConfig, loadMasterKey } from "../../config.js";
import { rotateMasterKey } from "../../crypto/index.js";
import { openDatabase } from "../../storage/index.js";
import { emit, stdoutOutput } from "../output.js";
import { type Progress, startProgress } from "../progress.js";

export function rotateMasterCommand(): Command {
  return new Command("rotate-master")
    .description("rewrap every per-person key with a new master key (no data is re-encrypted)")
    .option("--new-key-file <file>", "the new key (32 bytes, base64 or hex); default: a fresh random key")
    .option("--json", "print JSON")
    .action(async (o: { newKeyFile?: string; json?: boolean }) => {
      const config = loadConfig();
      const fromEnv = Boolean(process.env.KUNDENPROFIL_MASTER_KEY?.trim());
      if (fromEnv && o.newKeyFile === undefined)
        throw new Error(
          "the master key comes from KUNDENPROFIL_MASTER_KEY: give the new one with --new-key-file",
        );
      const oldMaster = loadMasterKey(config.dataDir);
      const newMaster =
        o.newKeyFile === undefined
          ? randomBytes(32)
          : decodeKey(readFileSync(o.newKeyFile, "utf8").trim(), o.newKeyFile);
      const keyFile = join(config.dataDir, "master.key");
      const pending = `${keyFile}.new`;
      // Written before the database changes, so a crash in between leaves the key that fits.
      if (!fromEnv) writeFileSync(pending, `${newMaster.toString("base64")}\n`, { mode: 0o600 });
      const database = await openDatabase(config.storage);
      let progress: Progress | undefined;
      try {
        const rotation = await rotateMasterKey(database.db, oldMaster, newMaster, (done, total) => {
          progress ??= startProgress(total, "keys", !o.json && process.stderr.isTTY === true);
          progress.update(done);
        });
        progress?.stop();
        if (!fromEnv) renameSync(pending, keyFile);
        emit(stdoutOutput(Boolean(o.json)), { ...rotation, keyFile: fromEnv ? null : keyFile }, () =>
          [
            `Rewrapped ${rotation.subjectKeys} per-person keys and the keyring: master key ${rotation.from} → ${rotation.to}.`,
            fromEnv
              ? `Set KUNDENPROFIL_MASTER_KEY to the contents of ${o.newKeyFile} before the next start.`
              : `The new key is in ${keyFile}; the old one is gone.`,
          ].join("\n"),
        );
      } catch (error) {
        progress?.stop();
        if (!fromEnv && existsSync(pending)) renameSync(pending, `${pending}.unused`);
        throw error;
      } finally {
        await database.close();
      }
    });
}
