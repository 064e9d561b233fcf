import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createBlindIndex } from "./blind-index.js";
import { IdentifierCodec } from "./identifiers.js";
import { IdentityGraph, pairKey, type ResolvedEvent } from "./identity-graph.js";
import { DEFAULT_IDENTITY_RULES, type IdentityRules, identityRules } from "./rules.js";

function setup(rules: IdentityRules = DEFAULT_IDENTITY_RULES) {
  const codec = new IdentifierCodec(rules, createBlindIndex(randomBytes(32), "default"));
  const graph = new IdentityGraph(rules, { persons: new Map(), blocks: new Set() });
  let n = 0;
  const send = (...refs: string[]) => {
    const identifiers = refs.map((r) => codec.parseReference(r)!);
    const event: ResolvedEvent = {
      eventId: String(++n),
      messageId: `m${n}`,
      sourceId: "s",
      type: "identify",
      at: new Date(n * 1000).toISOString(),
      identifiers,
    };
    return graph.resolve(event);
  };
  return { graph, send, key: (r: string) => codec.parseReference(r)!.key };
}

describe("identity graph", () => {
  it("links identifiers of one event and merges two persons a shared identifier joins", () => {
    const { graph, send, key } = setup();
    const anonymous = send("anon:a1");
    const known = send("user:u1", "email:u1@example.org");
    const merged = send("email:u1@example.org", "anon:a1");
    expect(merged).toBe(known);
    expect(graph.ownerOf(key("anon:a1"))).toBe(known);
    expect(graph.merges).toMatchObject([{ winner: known, loser: anonymous, rule: "shared anon" }]);
  });

  it("keeps the stronger person's id: an identified person absorbs an anonymous one", () => {
    const { graph, send } = setup();
    const card = send("card:1234", "anon:till");
    const user = send("user:u2");
    expect(send("user:u2", "card:1234")).toBe(user);
    expect(graph.merges[0]).toMatchObject({ winner: user, loser: card });
  });

  it("refuses a second userId (limit) and records the conflict", () => {
    const { graph, send } = setup();
    const a = send("user:a", "anon:shared");
    const b = send("user:b", "anon:shared");
    expect(b).not.toBe(a);
    expect(graph.conflicts[0]).toMatchObject({ rule: "limit:user" });
  });

  it("keeps the identified guard even where limits would allow the merge", () => {
    const { graph, send } = setup(identityRules({ limits: { user: 3 } }));
    const a = send("user:a", "device:tablet");
    const b = send("user:b");
    expect(send("user:b", "device:tablet")).toBe(b);
    expect(b).not.toBe(a);
    expect(graph.conflicts.map((c) => c.rule)).toContain("identified_guard");
  });

  it("caps identifiers per kind", () => {
    const { graph, send, key } = setup(identityRules({ limits: { email: 1 } }));
    const p = send("user:u", "email:first@example.org");
    send("user:u", "email:second@example.org");
    expect(graph.ownerOf(key("email:second@example.org"))).toBeUndefined();
    expect(graph.conflicts).toMatchObject([{ personId: p, rule: "limit:email" }]);
  });

  it("never merges a pair an unmerge separated", () => {
    const rules = DEFAULT_IDENTITY_RULES;
    const codec = new IdentifierCodec(rules, createBlindIndex(randomBytes(32), "default"));
    const persons = new Map([
      ["p1", new Map([["user:u", "user"]])],
      ["p2", new Map([["anon:a", "anon"]])],
    ]);
    const graph = new IdentityGraph(rules, { persons, blocks: new Set([pairKey("p2", "p1")]) });
    const person = graph.resolve({
      eventId: "1",
      messageId: "m",
      sourceId: "s",
      type: "identify",
      at: new Date().toISOString(),
      identifiers: [codec.parseReference("user:u")!, codec.parseReference("anon:a")!],
    });
    expect(person).toBe("p1");
    expect(graph.merges).toHaveLength(0);
    expect(graph.conflicts[0]).toMatchObject({ rule: "unmerged" });
  });

  it("resolves an alias's previousId to the user or anonymous id it names", () => {
    const { graph, send, key } = setup();
    const anon = send("anon:old");
    const user = send("user:new");
    const event: ResolvedEvent = {
      eventId: "9",
      messageId: "al",
      sourceId: "s",
      type: "alias",
      at: new Date().toISOString(),
      identifiers: [{ kind: "user", value: "new", key: "user:new" }],
      previousId: "old",
    };
    expect(graph.resolve(event)).toBe(user);
    expect(graph.ownerOf(key("anon:old"))).toBe(user);
    expect(graph.merges[0]).toMatchObject({ loser: anon, reason: "alias" });
  });
});
