import { describe, expect, it } from "vitest";
import { type CommitSnapshots, changedFacets, changesOf, mergeChanges } from "./profile-changes.js";

const view = (traits: Record<string, unknown>, computed: Record<string, unknown>) => ({ traits, computed });

describe("profile changes", () => {
  it("names the top-level traits and computed traits that differ, added or removed", () => {
    const before = view({ city: "Bern", address: { zip: "3000" } }, { eventCount: 3, consent: { p: 1 } });
    const after = view({ address: { zip: "3001" }, phone: "+41" }, { eventCount: 4, consent: { p: 1 } });
    expect([...changedFacets(before, after)].sort()).toEqual([
      "computed.eventCount",
      "trait.address",
      "trait.city",
      "trait.phone",
    ]);
    expect(changedFacets(before, before).size).toBe(0);
  });

  it("marks new and rebuilt persons as changed in every respect, and adds events and identifier kinds", () => {
    const same = view({ city: "Bern" }, { n: 1 });
    const snapshots: CommitSnapshots = {
      before: new Map([
        ["old", same],
        ["rebuilt", same],
      ]),
      after: new Map([
        ["old", same],
        ["new", same],
        ["rebuilt", same],
      ]),
      events: new Map([["old", new Set(["Order Completed"])]]),
      identifiers: new Map([
        ["old", new Set(["phone"])],
        ["new", new Set(["email"])],
      ]),
      rebuilt: new Set(["rebuilt"]),
    };
    const changes = changesOf(snapshots);
    expect(changes.get("new")).toBe("all");
    expect(changes.get("rebuilt")).toBe("all");
    expect([...(changes.get("old") as Set<string>)].sort()).toEqual([
      "event.Order Completed",
      "identifier.phone",
    ]);
  });

  it("merges commits person by person, everything winning over facets", () => {
    const into = new Map<string, Set<string> | "all">([["a", new Set(["trait.city"])]]);
    mergeChanges(
      into,
      new Map<string, Set<string> | "all">([
        ["a", new Set(["computed.revenue"])],
        ["b", "all"],
      ]),
    );
    mergeChanges(into, new Map([["b", new Set(["trait.city"])]]));
    expect([...(into.get("a") as Set<string>)].sort()).toEqual(["computed.revenue", "trait.city"]);
    expect(into.get("b")).toBe("all");
  });
});
