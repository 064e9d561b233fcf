import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, openTestDatabase } from "../../test/support/backends.js";
import { lineCategories } from "./event-digests.js";

// Line items as clients send them: objects with or without a category of any JSON type, and now
// and then something that is not an object at all.
const item = fc.oneof(
  {
    arbitrary: fc.record({ category: fc.jsonValue(), price: fc.integer() }, { requiredKeys: ["price"] }),
    weight: 5,
  },
  { arbitrary: fc.jsonValue(), weight: 1 },
);
const properties = fc
  .record(
    { products: fc.oneof(fc.array(item, { maxLength: 4 }), fc.jsonValue()), total: fc.integer() },
    { requiredKeys: [] },
  )
  .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>);

/** JSON with every object's keys sorted. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

describe.each(BACKENDS)("event digests on $name", (backend) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await database?.remove();
  });

  it("are the same whether the projector computes them or the migration's SQL function", async () => {
    await fc.assert(
      fc.asyncProperty(properties, async (props) => {
        const { rows } = await sql<{ categories: unknown[] | null }>`
          select case when jsonb_typeof(${JSON.stringify(props)}::jsonb -> 'products') = 'array'
                      then kp_line_categories(${JSON.stringify(props)}::jsonb) end as categories`.execute(
          database.db,
        );
        // The same set of values: order means nothing, nor does the order of an object's keys.
        const sorted = (values: unknown[] | null | undefined) =>
          values === null || values === undefined ? null : [...new Set(values.map(canonical))].sort();
        expect(sorted(lineCategories(props))).toEqual(sorted(rows[0]!.categories));
      }),
      { numRuns: 300 },
    );
  });
});
