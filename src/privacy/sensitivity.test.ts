import { describe, expect, it } from "vitest";
import { categoryTags, DEFAULT_SENSITIVITY_POLICY, sensitiveReferences } from "./sensitivity.js";

describe("sensitive references", () => {
  it("tags category paths by any segment, in German and English", () => {
    const tags = (path: string) => categoryTags(path, DEFAULT_SENSITIVITY_POLICY);
    expect(tags("Drogerie > Baby > Windeln")).toEqual(["pregnancy_baby"]);
    expect(tags("Drogerie > Gesundheit > Schmerzmittel")).toEqual(["health"]);
    expect(tags("Getränke/Wein & Sekt/Wein")).toEqual(["alcohol"]);
    expect(tags("Beverages > Beer")).toEqual([]);
    expect(tags("Lebensmittel > Kaffee & Tee > Kaffee")).toEqual([]);
    expect(tags("Elektronik > Audio")).toEqual([]);
  });

  it("reads events, declared fields and product tags from the policy", () => {
    const policy = {
      ...DEFAULT_SENSITIVITY_POLICY,
      events: { "Prescription Filled": ["health" as const] },
      fields: { "traits.religion": ["religion" as const] },
    };
    const found = sensitiveReferences(
      {
        kind: "segment",
        name: "x",
        events: ["Prescription Filled", "Order Completed"],
        fields: ["traits.religion", "traits.city"],
        productTags: ["alcohol", "bio"],
      },
      policy,
    );
    expect(found).toEqual([
      { reference: "event Prescription Filled", tags: ["health"] },
      { reference: "field traits.religion", tags: ["religion"] },
      { reference: "product tag alcohol", tags: ["alcohol"] },
    ]);
  });
});
