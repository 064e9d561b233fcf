import { readFileSync } from "node:fs";
import { mineFrequentItemsets } from "./src/analytics/basket/mine-frequent-itemsets.js";
const text = readFileSync("/work/shared/datasets/fimi_retail/retail.dat", "utf8");
const tx = text.split("\n").filter(l => l.trim()).map(l => Int32Array.from(l.trim().split(/\s+/), Number));
for (const s of (process.argv[2] ?? "0.001,0.0005,0.0002").split(",").map(Number)) {
  let best = Infinity, bestCpu = Infinity, size = 0;
  for (let rep = 0; rep < 7; rep++) {
    const c0 = process.cpuUsage(); const t0 = performance.now();
    const r = mineFrequentItemsets(tx, { support: s, maxLength: 100 });
    const ms = performance.now() - t0; const c = process.cpuUsage(c0);
    best = Math.min(best, ms); bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
    if (r.ok) size = r.value.size;
  }
  console.log(s, size, "wall", best.toFixed(0), "cpu", bestCpu.toFixed(0));
}
