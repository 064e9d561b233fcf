import { describe, expect, it } from "vitest";
import { shippedSchemaRegistry } from "./load-registry.js";
import { registryOf, TEST_CATEGORIES } from "./registry.test-helpers.js";
import { retentionPlan } from "./retention-plan.js";

describe("retention plan", () => {
  it("keeps an event as long as its longest own field and removes shorter context fields earlier", () => {
    const plan = retentionPlan(
      registryOf({
        default: {
          policy: "strip",
          categories: TEST_CATEGORIES,
          fields: {
            userId: "identifier",
            "traits.email": "contact",
            "context.ip": {
              category: "identifier",
              purposes: ["service"],
              legalBasis: "contract",
              retention: "P30D",
            },
            "properties.url": "behaviour.web",
          },
          events: { "Order Completed": { properties: { order_id: "behaviour.purchase" } } },
        },
        pos: {
          policy: "strip",
          categories: TEST_CATEGORIES,
          fields: { userId: "identifier" },
          events: { "Order Completed": { properties: { order_id: "behaviour.purchase" } } },
        },
      }),
    );
    const order = plan.events.find((e) => e.event === "Order Completed" && "otherThan" in e.scope);
    expect(order).toMatchObject({ type: "track", retention: "P10Y", scope: { otherThan: ["pos"] } });
    const page = plan.events.find((e) => e.type === "page" && "otherThan" in e.scope);
    expect(page).toMatchObject({ retention: "P90D" });
    const undeclared = plan.events.find(
      (e) => e.type === "track" && e.event === null && "otherThan" in e.scope,
    );
    expect(undeclared?.except).toEqual(expect.arrayContaining(["Order Completed", "Consent Updated"]));
    expect(plan.fields).toContainEqual(
      expect.objectContaining({ event: "Order Completed", column: "context", key: "ip", retention: "P30D" }),
    );
    expect(plan.events.some((e) => e.event === "Consent Updated")).toBe(false);
  });

  it("gives the shipped declarations a plan: web a year, positions 90 days, the IP 30 days", () => {
    const plan = retentionPlan(shippedSchemaRegistry());
    expect(plan.events.find((e) => e.type === "page")?.retention).toBe("P1Y");
    expect(plan.events.find((e) => e.event === "Location Entered")?.retention).toBe("P90D");
    expect(plan.events.find((e) => e.event === "Order Completed")?.retention).toBe("P3Y");
    expect(plan.fields).toContainEqual(
      expect.objectContaining({ event: "Order Completed", column: "context", key: "ip", retention: "P30D" }),
    );
  });
});
