/**
 * bench:demo — demo generator speed (not a test): generates N customers three times and
 * prints messages per second, by wall clock and by CPU time, plus serialized size. Run on one
 * thread so CPU time is one core's work:
 *
 *   npm run bench:demo -- 100000   (node --single-threaded --import tsx bench/demo.ts)
 */
import { Command } from "commander";
import { wholeNumberParser } from "../src/cli/options.js";
import { generateDemo } from "../src/demo/index.js";
import { benchOptions } from "./support/bench-command.js";

const command = new Command("bench:demo")
  .description("demo generator speed: N customers three times, messages per second by wall clock and CPU")
  .argument("[customers]", "demo customers per round", wholeNumberParser({ min: 1 }), 100_000);
benchOptions(command);
const customers = command.processedArgs[0] as number;
for (let round = 1; round <= 3; round++) {
  let messages = 0;
  let bytes = 0;
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (const message of generateDemo({ customers })) {
    messages++;
    // Serialize a sample only: the speed of interest is generation, JSON.stringify is the caller's.
    if (messages % 64 === 0) bytes += JSON.stringify(message).length;
  }
  const wallS = (performance.now() - wall) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  const line = {
    round,
    customers,
    messages,
    perCustomer: +(messages / customers).toFixed(2),
    wallSeconds: +wallS.toFixed(2),
    cpuSeconds: +cpuS.toFixed(2),
    perSecondWall: Math.round(messages / wallS),
    perSecondCpu: Math.round(messages / cpuS),
    avgJsonBytes: Math.round(bytes / Math.floor(messages / 64)),
  };
  console.log(JSON.stringify(line));
}
