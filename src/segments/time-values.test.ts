import { describe, expect, it } from "vitest";
import { dayStartMs, durationMs, instantMs } from "./time-values.js";
import { compareCodePoints } from "./value-order.js";

describe("time values", () => {
  it("read durations in fixed units only", () => {
    expect(durationMs("90d")).toBe(90 * 86_400_000);
    expect(durationMs("2w")).toBe(14 * 86_400_000);
    expect(durationMs("12h")).toBe(12 * 3_600_000);
    for (const odd of ["0d", "090d", "1m", "1y", "1.5d", "-1d", "d"]) expect(durationMs(odd)).toBeUndefined();
  });

  it("read calendar days as midnight UTC, refusing days that do not exist", () => {
    expect(dayStartMs("2026-03-31")).toBe(Date.UTC(2026, 2, 31));
    expect(dayStartMs("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
    expect(dayStartMs("0099-01-01")).toBe(new Date("0099-01-01T00:00:00Z").getTime());
    for (const odd of ["2026-02-29", "2026-13-01", "2026-00-10", "2026-1-1"])
      expect(dayStartMs(odd)).toBeUndefined();
  });

  it("read instants with Z or an offset, fractions cut to milliseconds", () => {
    expect(instantMs("2026-03-15T12:00:00Z")).toBe(Date.UTC(2026, 2, 15, 12));
    expect(instantMs("2026-03-15T14:30+02:30")).toBe(Date.UTC(2026, 2, 15, 12));
    expect(instantMs("2026-03-15T12:00:00.123999Z")).toBe(Date.UTC(2026, 2, 15, 12, 0, 0, 123));
    expect(instantMs("2026-03-15")).toBe(Date.UTC(2026, 2, 15));
    for (const odd of [
      "2026-03-15T12:00:00",
      "2026-03-15 12:00Z",
      "2026-03-15T24:00Z",
      "2026-03-15T12:00:60Z",
      "x",
    ])
      expect(instantMs(odd)).toBeUndefined();
  });
});

describe("code point order", () => {
  it("sorts characters above U+FFFF after U+FFFF, unlike UTF-16 units", () => {
    expect(compareCodePoints("😀", "\uffff")).toBeGreaterThan(0);
    expect("😀" < "\uffff").toBe(true);
    expect(compareCodePoints("ab", "abc")).toBeLessThan(0);
    expect(compareCodePoints("Bern", "Bern")).toBe(0);
    expect(compareCodePoints("Z", "a")).toBeLessThan(0);
  });
});
