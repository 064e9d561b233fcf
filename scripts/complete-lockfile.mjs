/**
 * Adds lockfile entries for optional platform packages the registry this machine reaches does not
 * hold (Biome's and msgpackr's darwin, win32, android and musl builds). npm install leaves them out
 * when it cannot fetch them, and npm ci then refuses the lockfile. An entry names only the version
 * and the platform; npm ci skips it on every other platform and fetches it from the registry on
 * its own. Run after `npm install` changes the lockfile: `node scripts/complete-lockfile.mjs`.
 */
import { readFileSync, writeFileSync } from "node:fs";

const LOCKFILE = new URL("../package-lock.json", import.meta.url);
const OS_NAMES = ["android", "darwin", "freebsd", "linux", "win32"];
const CPU_NAMES = ["arm64", "x64", "arm", "ia32"];

/** The os, cpu and libc a platform package's name encodes, e.g. `cli-linux-x64-musl`. */
function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = OS_NAMES.find((part) => parts.includes(part));
  const cpu = CPU_NAMES.find((part) => parts.includes(part));
  if (!os || !cpu) return undefined;
  const libc = os === "linux" ? { libc: [parts.includes("musl") ? "musl" : "glibc"] } : {};
  return { cpu: [cpu], os: [os], ...libc };
}

const lock = JSON.parse(readFileSync(LOCKFILE, "utf8"));
const added = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const platform = platformOf(name);
    if (lock.packages[key] || lock.packages[`${path}/${key}`] || !platform) continue;
    lock.packages[key] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added.push(`${name}@${version}`);
  }
}
// npm orders the entries this way; keeping its order keeps the diff to the added entries.
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => a.localeCompare(b, "en")),
);
writeFileSync(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.join(", ")}` : "lockfile complete");
