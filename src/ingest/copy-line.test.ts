import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyLine } from "./copy-line.js";
import type { EventRow } from "./event-row.js";

// As JSON would hand it over (no -0, which JSON writes as 0).
const json = fc
  .dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 })
  .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
const rows: fc.Arbitrary<EventRow> = fc.record({
  workspace_id: fc.string(),
  source_id: fc.string(),
  message_id: fc.string(),
  type: fc.constantFrom("track", "identify", "page"),
  event: fc.option(fc.string(), { nil: null }),
  user_id: fc.option(fc.string(), { nil: null }),
  anonymous_id: fc.option(fc.string(), { nil: null }),
  identity_key: fc.string(),
  ts: fc.constant("2026-11-24T01:00:00.000Z"),
  received_at: fc.constant("2026-11-24T01:00:01.000Z"),
  properties: json,
  context: json,
  traits: json,
  extra: json,
});

/** COPY's text format read back: fields by tab, `\N` as null, backslash escapes undone. */
function readLine(line: string): Array<string | null> {
  return line
    .split("\t")
    .map((field) =>
      field === "\\N"
        ? null
        : field.replace(/\\(.)/g, (_, c: string) => ({ t: "\t", n: "\n", r: "\r" })[c] ?? c),
    );
}

describe("COPY line of an event row", () => {
  it("reads back to the row's fields, and bounds the length of the row's JSON", () => {
    fc.assert(
      fc.property(rows, (row) => {
        const { line, jsonLength } = copyLine(row);
        expect(line.slice(0, -1)).not.toMatch(/[\n\r]/);
        const fields = readLine(line);
        expect(fields.slice(0, 10)).toEqual([
          row.workspace_id,
          row.source_id,
          row.message_id,
          row.type,
          row.event,
          row.user_id,
          row.anonymous_id,
          row.identity_key,
          row.ts,
          row.received_at,
        ]);
        expect(fields.slice(10).map((f) => JSON.parse(f!))).toEqual([
          row.properties,
          row.context,
          row.traits,
          row.extra,
        ]);
        // A bound, never less than the real length (the size limit relies on that).
        expect(jsonLength).toBeGreaterThanOrEqual(JSON.stringify(row).length);
      }),
      { numRuns: 500 },
    );
  });
});
