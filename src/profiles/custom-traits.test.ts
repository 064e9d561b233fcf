import { describe, expect, it } from "vitest";
import {
  applyCustomTrait,
  type CustomTraitDefinition,
  type CustomTraitState,
  customTraitDefinitionSchema,
  evaluateCustomTrait,
} from "./custom-traits.js";
import type { FoldEvent } from "./fold-event.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10);
let id = 0;
const order = (day: number, revenue: unknown, channel = "store"): FoldEvent => ({
  id: ++id,
  ts: T0 + day * DAY,
  type: "track",
  event: "Order Completed",
  sourceId: "s",
  messageId: `m${id}`,
  properties: { revenue, channel },
  traits: {},
  context: {},
  extra: {},
});

function fold(def: CustomTraitDefinition, events: FoldEvent[]): CustomTraitState {
  const state: CustomTraitState = {};
  for (const e of events) applyCustomTrait(def, state, e);
  return state;
}

describe("user-defined computed traits", () => {
  const events = [order(0, 10), order(5, 30, "online"), order(20, 20), order(29, "n/a")];
  const def = (d: Record<string, unknown>) =>
    customTraitDefinitionSchema.parse({ name: "t", event: "Order Completed", ...d });

  it("computes every family over all time", () => {
    const value = (d: Record<string, unknown>) =>
      evaluateCustomTrait(def(d), fold(def(d), events), T0 + 30 * DAY).value;
    expect(value({ family: "count" })).toBe(4);
    expect(value({ family: "sum", property: "revenue" })).toBe(60);
    expect(value({ family: "avg", property: "revenue" })).toBe(20);
    expect(value({ family: "min", property: "revenue" })).toBe(10);
    expect(value({ family: "max", property: "revenue" })).toBe(30);
    expect(value({ family: "mostFrequent", property: "channel" })).toBe("store");
    expect(value({ family: "first", property: "revenue" })).toBe(10);
    expect(value({ family: "last", property: "revenue" })).toBe("n/a");
    expect(value({ family: "unique", property: "channel" })).toEqual(["online", "store"]);
  });

  it("slides a window with time alone and says when it next changes", () => {
    const windowed = def({ family: "sum", property: "revenue", windowDays: 10 });
    const state = fold(windowed, events);
    const at = evaluateCustomTrait(windowed, state, T0 + 25 * DAY);
    expect(at.value).toBe(20);
    expect(at.changesAt).toBe(T0 + 30 * DAY);
    expect(evaluateCustomTrait(windowed, state, T0 + 31 * DAY).value).toBeNull();
  });

  it("gives the same state whatever order the events arrive in", () => {
    for (const family of ["count", "sum", "min", "mostFrequent", "first", "last", "unique"] as const) {
      const d = def({
        family,
        property:
          family === "count"
            ? undefined
            : family === "mostFrequent" || family === "unique"
              ? "channel"
              : "revenue",
        windowDays: 15,
      });
      const forward = evaluateCustomTrait(d, fold(d, events), T0 + 30 * DAY).value;
      const backward = evaluateCustomTrait(d, fold(d, [...events].reverse()), T0 + 30 * DAY).value;
      expect(backward, family).toEqual(forward);
    }
  });

  it("rejects definitions that cannot work, naming the field", () => {
    expect(
      customTraitDefinitionSchema.safeParse({ name: "x", family: "sum" }).error?.issues[0]?.path,
    ).toEqual(["property"]);
    expect(customTraitDefinitionSchema.safeParse({ name: "1x", family: "count" }).success).toBe(false);
    expect(
      customTraitDefinitionSchema.safeParse({ name: "x", family: "median", property: "a" }).success,
    ).toBe(false);
  });
});
