import { describe, expect, it } from "vitest";
import { groupTabularRecords } from "./group-tabular-records.js";
import { detectSeparator, readBasketLines, splitBasketLine } from "./read-basket-lines.js";

describe("basket format", () => {
  it("prefers commas when any line has one, so names with spaces survive", () => {
    expect(detectSeparator(["whole milk", "citrus fruit,semi-finished bread"])).toBe("comma");
    expect(detectSeparator(["1 2 3 ", "4 5"])).toBe("whitespace");
  });

  it("trims items and drops empty ones", () => {
    expect(splitBasketLine("whole milk, cream cheese ,,", "comma")).toEqual(["whole milk", "cream cheese"]);
    expect(splitBasketLine(" 39 48\t41 ", "whitespace")).toEqual(["39", "48", "41"]);
  });

  it("reads lines with one separator for the whole file, skipping blank lines", async () => {
    const lines = ["whole milk", "", "citrus fruit,margarine", "yogurt , whole milk"];
    expect(await readBasketLines(lines)).toEqual([
      ["whole milk"],
      ["citrus fruit", "margarine"],
      ["yogurt", "whole milk"],
    ]);
    expect(await readBasketLines(["1 2 ", "3"])).toEqual([["1", "2"], ["3"]]);
    expect(await readBasketLines(["a b"], "comma")).toEqual([["a b"]]);
  });
});

describe("tabular format", () => {
  it("groups rows by transaction id in first-seen order", async () => {
    const rows = [
      ["t2", "milk"],
      ["t1", "bread"],
      ["t2", " eggs "],
      ["", "orphan"],
      ["t1", "butter"],
    ];
    expect(await groupTabularRecords(rows, { transactionColumn: 0, itemColumn: 1 })).toEqual([
      ["milk", "eggs"],
      ["bread", "butter"],
    ]);
  });
});
