/**
 * The public generator: a lazy, seeded stream of raw Segment messages, customer after customer.
 * Only one customer's messages are held at a time, so memory stays flat for any N; customer i
 * depends only on (seed, i), so any slice of customers can be generated on its own.
 */
import type { RunSettings } from "./customer-state.js";
import type { DemoMessage } from "./messages.js";
import { customerMessages } from "./simulate-customer.js";

/** What to generate. */
export interface DemoOptions {
  /** Number of customers (a non-negative integer). */
  customers: number;
  /** PRNG seed (an integer, 0 to 2^32 − 1); default 42. */
  seed?: number | undefined;
  /** Start of the simulated period; default 2024-07-01T00:00:00Z. */
  start?: Date | undefined;
  /** End of the simulated period; default 2026-06-30T23:59:59.999Z. */
  end?: Date | undefined;
  /** First customer index to generate (for slices); default 0. */
  firstCustomer?: number | undefined;
}

/** Default seed. */
export const DEFAULT_SEED = 42;
/** Default window: two years ending 2026-06-30 (fixed, never "now", so every run is identical). */
export const DEFAULT_START = new Date("2024-07-01T00:00:00.000Z");
export const DEFAULT_END = new Date("2026-06-30T23:59:59.999Z");
/** Messages per customer on average (11.12 measured over 100,000 customers, seed 42, default window). */
export const AVERAGE_MESSAGES_PER_CUSTOMER = 11.1;

/**
 * Streams the demo shop's messages: every message of customer 0 in time order, then customer 1, ...
 * @example
 * for (const message of generateDemo({ customers: 1000 })) await ingest(message);
 */
export function* generateDemo(options: DemoOptions): Generator<DemoMessage, void, undefined> {
  const run = runSettings(options);
  const first = options.firstCustomer ?? 0;
  for (let i = first; i < first + options.customers; i++) {
    const messages = customerMessages(run, i);
    for (let n = 0; n < messages.length; n++) yield messages[n] as DemoMessage;
  }
}

/** How much `generateDemo` will produce, for a progress bar (the message count is an estimate). */
export function demoSize(options: DemoOptions): { customers: number; approxMessages: number } {
  const run = runSettings(options);
  const years = (run.end - run.start) / (730.5 * 86_400_000);
  return {
    customers: options.customers,
    approxMessages: Math.round(options.customers * AVERAGE_MESSAGES_PER_CUSTOMER * Math.max(0.1, years)),
  };
}

function runSettings(options: DemoOptions): RunSettings {
  const { customers, seed = DEFAULT_SEED, firstCustomer = 0 } = options;
  if (!Number.isSafeInteger(customers) || customers < 0)
    throw new RangeError("customers must be a non-negative integer");
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff)
    throw new RangeError("seed must be an integer from 0 to 2^32 - 1");
  if (!Number.isSafeInteger(firstCustomer) || firstCustomer < 0)
    throw new RangeError("firstCustomer must be a non-negative integer");
  const start = (options.start ?? DEFAULT_START).getTime();
  const end = (options.end ?? DEFAULT_END).getTime();
  if (!(end - start >= 30 * 86_400_000))
    throw new RangeError("the window from start to end must span at least 30 days");
  return { seed, start, end };
}
