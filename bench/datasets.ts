/**
 * Where benchmarks find the large real data sets. Tests never read from here: they use the small
 * fixtures committed under test/fixtures/.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** `KUNDENPROFIL_DATASETS` or `../shared/datasets` relative to the repository root. */
export function datasetsDir(): string {
  const dir = resolve(process.env.KUNDENPROFIL_DATASETS ?? "../shared/datasets");
  if (!existsSync(dir)) {
    throw new Error(`data sets not found at ${dir}; set KUNDENPROFIL_DATASETS to the folder that holds them`);
  }
  return dir;
}
