import { describe, expect, it } from "vitest";
import { sameJson } from "./same-json.js";

describe("sameJson", () => {
  it("compares values as JSON would store them, in any key order", () => {
    expect(sameJson({ a: [1, { b: "x" }] }, { a: [1, { b: "x" }] })).toBe(true);
    expect(sameJson({ a: 1, gone: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: null }, { a: undefined })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: 1, b: "x" }, { b: "x", a: 1 })).toBe(true);
  });
});
