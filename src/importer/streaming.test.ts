/** Constant-memory reading of a generated 30+ MB orders file. */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openImport } from "./index.js";

const ORDERS = 50_000;
const LINES_PER_ORDER = 3;
const NAME = "HAND-MADE CERAMIC TEA CUP WITH SAUCER, BLUE AND WHITE PATTERN".padEnd(150, ".");

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Writes a generic orders CSV of about 31 MB (long lines: the parser's cost is per byte, ours per row). */
async function writeOrders(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write("order_id,customer_id,product_id,product_name,category,price,quantity,timestamp\n");
  for (let order = 0; order < ORDERS; order += 500) {
    const lines: string[] = [];
    for (let o = order; o < order + 500; o++) {
      for (let l = 0; l < LINES_PER_ORDER; l++) {
        lines.push(
          `O${o},C${o % 7919},P${(o * 7 + l) % 4001},"${NAME}",Home > Kitchen > Cups,12.34,${l + 1},2024-01-01 10:00:00`,
        );
      }
    }
    if (!out.write(`${lines.join("\n")}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

describe("streaming", () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kundenprofil-stream-"));
    path = join(dir, "orders.csv");
    await writeOrders(path);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a 30+ MB orders file in constant memory", async () => {
    const { size } = await stat(path);
    expect(size).toBeGreaterThan(30_000_000);
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let rows = 0;
    let bytesAtFirstMessage = 0;
    const reader = await openImport(path, "orders");
    let others = 0;
    for await (const row of reader) {
      if (row.kind !== "message") others++;
      rows++;
      if (rows === 1) bytesAtFirstMessage = reader.bytesRead;
      if (rows % 10_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
    }
    expect([rows, others]).toEqual([ORDERS, 0]);
    expect(reader.bytesRead).toBe(size);
    // Rows arrive while the file is still being read…
    expect(bytesAtFirstMessage).toBeLessThan(size / 100);
    // …and what stays live is a few chunks and open orders, not the file (31 MB) or its messages.
    expect(peak).toBeLessThan(50 * 1024 * 1024);
  });
});
