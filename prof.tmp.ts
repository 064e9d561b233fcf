import { readFileSync } from "node:fs";
import { mineFrequentItemsets } from "./src/analytics/basket/mine-frequent-itemsets.js";
import { rankDatabase } from "./src/analytics/basket/ranked-database.js";
const text = readFileSync("/work/shared/datasets/fimi_retail/retail.dat", "utf8");
const tx = text.split("\n").filter(l => l.trim()).map(l => Int32Array.from(l.trim().split(/\s+/), Number));
const s = Number(process.argv[2] ?? 0.001);
for (let rep = 0; rep < 4; rep++) {
  let t0 = performance.now();
  const db = rankDatabase(tx, Math.ceil(s * tx.length));
  const t1 = performance.now();
  const r = mineFrequentItemsets(tx, { support: s, maxLength: 100 });
  const t2 = performance.now();
  console.log("rank", (t1 - t0).toFixed(0), "total", (t2 - t1).toFixed(0), r.ok && r.value.size);
}
