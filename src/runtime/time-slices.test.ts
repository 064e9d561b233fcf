import { describe, expect, it } from "vitest";
import { mapInSlices } from "./time-slices.js";

/** Spins for `ms` milliseconds: CPU work the event loop cannot interrupt. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("mapInSlices", () => {
  it("maps every item in order, from arrays and other iterables", async () => {
    const items = Array.from({ length: 1_000 }, (_, i) => i);
    expect(await mapInSlices(items, (n) => n * 2)).toEqual(items.map((n) => n * 2));
    expect(await mapInSlices(new Map([["a", 1]]), ([key, n]) => `${key}${n}`)).toEqual(["a1"]);
    expect(await mapInSlices([], (n: number) => n)).toEqual([]);
  });

  it("lets waiting callbacks run between slices of a long loop", async () => {
    let ranAt = -1;
    let done = 0;
    setImmediate(() => {
      ranAt = done;
    });
    // 64 items of 1 ms: a loop that held the event loop would let the callback run only after it.
    await mapInSlices(
      Array.from({ length: 64 }, (_, i) => i),
      () => {
        busy(1);
        done++;
      },
    );
    expect(ranAt).toBeGreaterThan(0);
    expect(ranAt).toBeLessThan(64);
  });
});
