import { describe, expect, it } from "vitest";
import { maskContactData, maskEmail } from "./contact-masking.js";

describe("contact masking", () => {
  it("keeps the first letter and the domain of an e-mail address", () => {
    expect(maskEmail("anna.schmidt@example.de")).toBe("a***@example.de");
    expect(maskEmail("Schreiben Sie an info@laden.at oder b@x.ch")).toBe(
      "Schreiben Sie an i***@laden.at oder b***@x.ch",
    );
  });

  it("masks phone and card numbers down to their last two digits, wherever they are", () => {
    const masked = maskContactData({
      traits: { phone: "+49 170 5550101", address: { postalCode: "10115", city: "Berlin" } },
      identifiers: [
        { kind: "card", value: "4711" },
        { kind: "user", value: "u-1234567" },
      ],
      entries: [{ properties: { note: "rief von 0171/2345678 an" } }],
    });
    expect(masked.traits.phone).toBe("+** *** *****01");
    expect(masked.traits.address).toEqual({ postalCode: "10115", city: "Berlin" });
    expect(masked.identifiers).toEqual([
      { kind: "card", value: "**11" },
      { kind: "user", value: "u-1234567" },
    ]);
    expect(masked.entries[0]!.properties.note).toBe("rief von ****/*****78 an");
  });

  it("leaves ids, times and cursors alone so links and paging still work", () => {
    const value = {
      id: "0b6f2c1e-1234-4567-8000-000000000001",
      personId: "0b6f2c1e-1234-4567-8000-000000000002",
      product_id: "9780201633610",
      ts: "2026-11-23T12:00:00.000Z",
      lastSeen: "2026-11-23T12:00:00.000Z",
      nextCursor: "1732363200000:123456789",
      ordered: "2026-11-23",
    };
    expect(maskContactData(value)).toEqual(value);
  });
});
