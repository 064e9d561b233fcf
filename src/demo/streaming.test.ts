import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { generateDemo } from "./index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

describe("generateDemo streaming", () => {
  it("generates 200,000 customers in constant memory", () => {
    const customers = 200_000;
    let messages = 0;
    let growth = 0;
    const base = heapAfterGc();
    for (const message of generateDemo({ customers })) {
      messages++;
      // Every ~260k messages: what is still alive must not grow with the number generated.
      if ((messages & 0x3ffff) === 0) growth = Math.max(growth, heapAfterGc() - base);
      if (message.messageId === "") throw new Error("unnumbered message");
    }
    expect(messages).toBeGreaterThan(customers * 8);
    expect(growth).toBeLessThan(16 * 1024 * 1024);
  }, 120_000);
});
