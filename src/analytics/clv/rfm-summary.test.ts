import { describe, expect, it } from "vitest";
import { loadCdnowSummary, readCdnowRows } from "../../../test/fixtures/cdnow/load-cdnow.js";
import { formatDay, parseDay } from "./dates.js";
import { summariseTransactions } from "./rfm-summary.js";
import { parseAmount, transactionsFromRows } from "./transaction-rows.js";

const day = (iso: string) => parseDay(iso, "iso") ?? Number.NaN;

describe("summariseTransactions on CDNOW (BTYD dc.ElogToCbsCbt conventions)", () => {
  const customers = loadCdnowSummary();

  it("has BTYD's counts: 2,357 customers, Σx 2,457, 1,411 one-time buyers, 1,882 hold-out", () => {
    expect(customers).toHaveLength(2357);
    expect(customers.reduce((s, c) => s + c.frequency, 0)).toBe(2457);
    expect(customers.filter((c) => c.frequency === 0)).toHaveLength(1411);
    expect(customers.reduce((s, c) => s + (c.holdoutFrequency ?? 0), 0)).toBe(1882);
    expect(customers[0]?.holdoutLength).toBe(39);
  });

  it("merges same-day transactions (6,919 rows → 6,696 events)", () => {
    const { transactions } = transactionsFromRows(readCdnowRows(), {
      customer: 0,
      date: 2,
      amount: 4,
      dateFormat: "yyyymmdd",
    });
    expect(transactions).toHaveLength(6919);
    const summary = summariseTransactions(transactions, {
      calibrationEnd: day("1998-06-30"),
      period: "week",
    });
    if (!summary.ok) throw new Error("summary failed");
    expect(summary.calibrationTransactions).toBe(6696);
  });

  it("averages repeat transactions only: 946 repeat buyers with mean m_x $35.0778", () => {
    const repeaters = customers.filter((c) => c.frequency > 0);
    expect(repeaters).toHaveLength(946);
    const mean = repeaters.reduce((s, c) => s + c.monetaryValue, 0) / repeaters.length;
    expect(mean).toBeCloseTo(35.07785, 4);
  });

  it("measures t_x and T in weeks from the first purchase (customer 1: 2, 30.43, 38.86)", () => {
    const first = customers[0]!;
    expect(first.customerId).toBe("00004");
    expect(first.frequency).toBe(2);
    expect(first.recency).toBeCloseTo(30.43, 2);
    expect(first.age).toBeCloseTo(38.86, 2);
    expect(first.monetaryValue).toBeCloseTo((29.73 + 14.96) / 2, 10);
  });
});

describe("summariseTransactions edge cases", () => {
  const tx = (customerId: string, iso: string, amount = 10) => ({ customerId, day: day(iso), amount });

  it("counts customers first seen after the calibration end, and uses days as periods", () => {
    const summary = summariseTransactions(
      [tx("a", "2024-01-01"), tx("a", "2024-01-01", 5), tx("a", "2024-01-11", 30), tx("b", "2024-03-01")],
      { calibrationEnd: day("2024-01-31"), period: "day" },
    );
    if (!summary.ok) throw new Error("summary failed");
    expect(summary.excludedAfterCalibration).toBe(1);
    expect(summary.customers).toEqual([
      {
        customerId: "a",
        frequency: 1,
        recency: 10,
        age: 30,
        monetaryValue: 30,
        firstPurchaseDay: day("2024-01-01"),
      },
    ]);
  });

  it("answers bad options and empty input with issues", () => {
    const end = day("2024-01-31");
    const early = summariseTransactions([tx("a", "2024-01-01")], {
      calibrationEnd: end,
      holdoutEnd: end,
      period: "week",
    });
    expect(early.ok ? [] : early.issues.map((i) => i.code)).toEqual(["invalid_option"]);
    const none = summariseTransactions([], { calibrationEnd: end, period: "week" });
    expect(none.ok ? [] : none.issues.map((i) => i.code)).toEqual(["no_transactions"]);
    const late = summariseTransactions([tx("a", "2024-05-01")], { calibrationEnd: end, period: "week" });
    expect(late.ok ? [] : late.issues.map((i) => i.code)).toEqual(["no_customers"]);
  });
});

describe("dates and rows", () => {
  it("parses the supported layouts and rejects impossible dates", () => {
    expect(parseDay("19970930")).toBe(day("1997-09-30"));
    expect(parseDay("2011-06-30 08:26:00")).toBe(day("2011-06-30"));
    expect(parseDay("30.06.2011")).toBe(day("2011-06-30"));
    expect(parseDay("6/30/2011 8:26", "mdy")).toBe(day("2011-06-30"));
    expect(parseDay("30/06/2011", "dmy")).toBe(day("2011-06-30"));
    expect(parseDay("06/30/2011")).toBeUndefined();
    expect(parseDay("2011-02-30")).toBeUndefined();
    expect(formatDay(day("1997-09-30"))).toBe("1997-09-30");
  });

  it("skips and counts unusable rows", () => {
    const rows = [
      ["1", "2024-01-01", "9.5"],
      ["", "2024-01-01", "1"],
      ["2", "yesterday", "1"],
      ["3", "2024-01-02", "n/a"],
      ["4", "2024-01-03", "12,50"],
    ];
    const result = transactionsFromRows(rows, { customer: 0, date: 1, amount: 2, dateFormat: "auto" });
    expect(result.transactions.map((t) => t.amount)).toEqual([9.5, 12.5]);
    expect(result.skipped).toEqual({ missingCustomer: 1, badDate: 1, badAmount: 1 });
    expect(parseAmount("1e3")).toBe(1000);
  });
});
