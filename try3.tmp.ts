import { readFileSync } from "node:fs";
import { mineAssociationRules } from "./src/analytics/basket/mine-association-rules.js";
const g = readFileSync("/work/shared/datasets/groceries/groceries.csv", "utf8").split("\n").filter(l=>l).map(l => l.split(",").map(s=>s.trim()));
for (const c of ["single", "multi"] as const) {
  const t0 = performance.now();
  const r = mineAssociationRules(g, { support: 0.001, confidence: 0.5, consequents: c });
  if (r.ok) { console.log(c, r.value.rules.length, (performance.now()-t0).toFixed(0)); console.log(r.value.rules.slice(0,3)); }
}
for (const [s,c,ml] of [[0.001,0.8,undefined],[0.005,0.5,undefined],[0.01,0.5,undefined],[0.006,0.25,2]] as const) {
  const r = mineAssociationRules(g, { support: s, confidence: c, ...(ml ? {minLength: ml} : {}) });
  if (r.ok) console.log(s, c, r.value.rules.length);
}
const text = readFileSync("/work/shared/datasets/fimi_retail/retail.dat", "utf8");
const tx = text.split("\n").filter(l => l.trim()).map(l => Int32Array.from(l.trim().split(/\s+/), Number));
for (const [s,c] of [[0.01,0.5],[0.005,0.5],[0.001,0.5],[0.01,0.8],[0.005,0.8],[0.001,0.8]]) {
  const r = mineAssociationRules(tx, { support: s, confidence: c, maxLength: 100 });
  const m = mineAssociationRules(tx, { support: s, confidence: c, maxLength: 100, consequents: "multi" });
  if (r.ok && m.ok) console.log("retail", s, c, r.value.rules.length, m.value.rules.length - r.value.rules.length, r.value.rules.filter(x => x.antecedent.length===0).map(x=>JSON.stringify(x)));
}
