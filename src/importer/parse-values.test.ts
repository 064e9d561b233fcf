/** Cell parsers and sniffing helpers. */
import { describe, expect, it } from "vitest";
import { completeUtf8Length } from "./decode-text.js";
import { sniffDelimiter } from "./detect-format.js";
import { isEmptyDate, parseCalendarDate, parseDateTime, parseNumber } from "./parse-values.js";

describe("parseNumber", () => {
  it.each([
    ["2.55", false, 2.55],
    ["-11062.06", false, -11062.06],
    ["1,299.00", false, 1299],
    ["12,99", true, 12.99],
    ["1.299,50", true, 1299.5],
    ["1.299", true, 1299],
    ["12.5", true, 12.5],
    ["0.125", true, 0.125],
    ["€ 3,50", true, 3.5],
    ["12,99", false, undefined],
    ["abc", false, undefined],
    ["", false, undefined],
  ])("%s (decimal comma: %s) → %s", (text, decimalComma, expected) => {
    expect(parseNumber(text, decimalComma)).toBe(expected);
  });
});

describe("parseDateTime", () => {
  it.each([
    ["2010-12-01 08:26:00", "2010-12-01T08:26:00.000Z"],
    ["2010-12-01", "2010-12-01T00:00:00.000Z"],
    ["2024-03-01T10:00:00+01:00", "2024-03-01T09:00:00.000Z"],
    ["2024-03-01T10:00:00.250Z", "2024-03-01T10:00:00.250Z"],
    ["20101201T082600Z", "2010-12-01T08:26:00.000Z"],
    ["1.12.2010 08:26", "2010-12-01T08:26:00.000Z"],
    ["12/1/2010 8:26", "2010-12-01T08:26:00.000Z"],
    ["12/1/2010 8:26 PM", "2010-12-01T20:26:00.000Z"],
    ["25/12/2010", "2010-12-25T00:00:00.000Z"],
    ["2010-02-30", undefined],
    ["2010-12-01 24:00", undefined],
    ["yesterday", undefined],
  ])("%s → %s", (text, expected) => {
    expect(parseDateTime(text)).toBe(expected);
  });

  it("reads calendar dates and Outlook's empty date", () => {
    expect(parseCalendarDate("17.3.1985")).toBe("1985-03-17");
    expect(parseCalendarDate("19900704")).toBe("1990-07-04");
    expect(parseCalendarDate("1990-07-04T00:00:00Z")).toBe("1990-07-04");
    expect(parseCalendarDate("--0412")).toBeUndefined();
    expect(isEmptyDate("0.0.00")).toBe(true);
    expect(isEmptyDate("0/0/00")).toBe(true);
    expect(isEmptyDate("1.1.2000")).toBe(false);
  });
});

describe("sniffing helpers", () => {
  it("picks the most frequent delimiter outside quotes", () => {
    expect(sniffDelimiter("a;b;c", ",")).toBe(";");
    expect(sniffDelimiter('"x,y";b', ",")).toBe(";");
    expect(sniffDelimiter("a\tb,c\td", ",")).toBe("\t");
    expect(sniffDelimiter("single", "\t")).toBe("\t");
  });

  it("never cuts a UTF-8 sequence in two", () => {
    const bytes = new TextEncoder().encode("aü€");
    expect(completeUtf8Length(bytes)).toBe(6);
    expect(completeUtf8Length(bytes.subarray(0, 5))).toBe(3);
    expect(completeUtf8Length(bytes.subarray(0, 2))).toBe(1);
  });
});
