import { readFileSync } from "node:fs";
import { mineFrequentItemsets } from "./src/analytics/basket/mine-frequent-itemsets.js";
import { countBySize } from "./src/analytics/basket/itemset-table.js";
const text = readFileSync("/work/shared/datasets/fimi_retail/retail.dat", "utf8");
const tx = text.split("\n").filter(l => l.trim()).map(l => Int32Array.from(l.trim().split(/\s+/), Number));
const g = readFileSync("/work/shared/datasets/groceries/groceries.csv", "utf8").split("\n").filter(l=>l).map(l => l.split(",").map(s=>s.trim()));
for (const s of [0.001, 0.01]) { const r = mineFrequentItemsets(g, { support: s }); if (r.ok) console.log("groceries", s, r.value.size, countBySize(r.value).join(" ")); }
for (const s of [0.01, 0.001, 0.0005, 0.0002, 0.0001]) {
  for (let rep = 0; rep < 3; rep++) {
  const t0 = performance.now();
  const r = mineFrequentItemsets(tx, { support: s, maxLength: 100 });
  const ms = performance.now() - t0;
  if (r.ok) console.log(s, r.value.size, ms.toFixed(0), "ms", countBySize(r.value).join(" "));
  else console.log(r.issues);
  }
}
