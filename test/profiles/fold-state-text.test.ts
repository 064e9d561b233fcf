/**
 * The fold state is stored as text and sent as an element of a text array (migration 0013,
 * profiles/profile-store.ts): odd characters in it must come back as they went in, on both
 * databases, with encryption at rest on (traits sealed, the search in the state) and off (the
 * traits themselves in the state).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../support/backends.js";
import { type Harness, startHarness } from "../support/harness.js";

const ODD = 'say "hi" \\ back\\slash {a,b} NULL, \u00e4\u00f6\u00fc \u{1F9E5}\nline two\ttab \\"';

describe.each(BACKENDS)("the fold state as text on $name", (backend) => {
  for (const encryption of [true, false]) {
    describe(encryption ? "encryption on" : "encryption off", () => {
      let h: Harness;
      beforeAll(async () => {
        h = await startHarness(backend, undefined, { encryption });
      }, 120_000);
      afterAll(async () => {
        await h?.close();
      });

      it("keeps odd characters intact through every later update", async () => {
        const batch = [
          { type: "identify", userId: "odd", traits: { firstName: ODD } },
          { type: "track", userId: "odd", event: "Products Searched", properties: { query: ODD } },
        ];
        expect((await h.send("/v1/batch", { batch })).statusCode).toBe(200);
        // A later event loads the stored state, folds into it and writes it back.
        expect((await h.send("/v1/track", { userId: "odd", event: "Page Viewed" })).statusCode).toBe(200);
        const profile = (await h.get("/v1/profiles/user:odd")).json();
        expect(profile.traits.firstName).toBe(ODD);
        expect(profile.computed.lastSearch).toBe(ODD);
        expect(profile.computed.eventCount).toBe(3);
      });
    });
  }
});
