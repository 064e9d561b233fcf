import { describe, expect, it } from "vitest";
import { segmentFromText } from "./parse-text.js";
import { segmentReads } from "./segment-reads.js";

describe("segment reads", () => {
  it("lists the facets each kind of condition reads, and the segments used apart", () => {
    const reads = segmentReads(
      segmentFromText(`trait.address.city = "Bern" and computed.orderCount >= 2 and consent("marketing.push")
        and not has_identifier("phone") and (count(Order Completed, last 90d) >= 2 or in_segment("VIP"))
        and sequence(Products Searched, last 30d, then not Order Completed, within 7d)`),
    );
    expect([...reads.facets].sort()).toEqual([
      "computed.consent",
      "computed.orderCount",
      "event.Order Completed",
      "event.Products Searched",
      "identifier.phone",
      "trait.address",
    ]);
    expect([...reads.segments]).toEqual(["VIP"]);
  });
});
