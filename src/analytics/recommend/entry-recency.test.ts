import { describe, expect, it } from "vitest";
import { entryRecencyWeights } from "./entry-recency.js";
import { buildInteractionMatrix } from "./interaction-matrix.js";
import type { Purchase } from "./types.js";

const DAY = 86_400_000;

describe("entryRecencyWeights", () => {
  it("halves an entry's weight per half-life since its latest purchase", () => {
    const purchases: Purchase[] = [
      { customerId: "1", itemId: "a", time: 0 },
      { customerId: "1", itemId: "a", time: 60 * DAY }, // the latest purchase counts
      { customerId: "1", itemId: "b", time: 0 },
      { customerId: "2", itemId: "a", time: 120 * DAY },
    ];
    const matrix = buildInteractionMatrix(purchases);
    const weights = entryRecencyWeights(matrix, purchases, 120 * DAY, 60);
    // Entries in row order: customer 1 (a, b), customer 2 (a).
    expect([...weights]).toEqual([0.5, 0.25, 1]);
  });
});
