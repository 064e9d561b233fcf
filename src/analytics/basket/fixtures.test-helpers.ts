/**
 * Test-only loaders for the committed fixtures in `test/fixtures/` (never the shared data set
 * folder, which CI may not have): Groceries and FIMI retail transactions and the arules
 * reference CSVs. Not exported from the context's index.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { splitBasketLine } from "./read-basket-lines.js";

/** Absolute path of a file under `test/fixtures/`. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/${relative}`, import.meta.url));
}

/** A fixture's text, gunzipped when the name ends in `.gz`. */
export function readFixture(relative: string): string {
  const raw = readFileSync(fixturePath(relative));
  return (relative.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
}

/** Groceries as label transactions (9,835 baskets, labels trimmed). */
export function groceriesTransactions(): string[][] {
  return nonEmptyLines(readFixture("groceries/groceries.csv.gz")).map((line) =>
    splitBasketLine(line, "comma"),
  );
}

/** FIMI retail as id transactions (88,162 baskets). */
export function retailTransactions(): Int32Array[] {
  return nonEmptyLines(readFixture("fimi-retail/retail.dat.gz")).map((line) =>
    Int32Array.from(splitBasketLine(line, "whitespace"), Number),
  );
}

/** Rows of a reference CSV (header row gives the keys). */
export function readReferenceCsv(relative: string): Record<string, string>[] {
  return parse(readFixture(relative), { columns: true, skip_empty_lines: true });
}

/** Canonical key of an item list: sorted, joined with " | " (order-independent comparison). */
export function itemsKey(items: readonly string[]): string {
  return [...items].sort().join(" | ");
}

function nonEmptyLines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim().length > 0);
}
