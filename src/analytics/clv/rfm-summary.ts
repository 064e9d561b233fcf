/**
 * Calibration-period summaries (the "CBS" of BTYD): per customer, repeat frequency x, recency
 * t_x and age T in periods, mean repeat-transaction value m_x, and hold-out counts.
 *
 * Conventions (BTYD `dc.ElogToCbsCbt`, which reproduces the published CDNOW numbers):
 * - transactions of a customer on the same day are merged into one, amounts summed
 *   (`dc.MergeTransactionsOnSameDate`);
 * - the calibration period ends at the end of `calibrationEnd` (inclusive); customers whose first
 *   purchase is later are not part of the cohort and are only counted;
 * - t_x and T are (day difference) / (days per period), not rounded: weeks are days / 7;
 * - m_x averages the repeat transactions only (the first purchase excluded), 0 when x = 0; this
 *   is what Gamma-Gamma's CDNOW estimates (p 6.25, q 3.74, γ 15.44) are based on.
 */
import type { Transaction } from "./transaction-rows.js";
import type { ClvIssue, CustomerRfm, Period } from "./types.js";

/** Days per period. */
export const PERIOD_DAYS: Readonly<Record<Period, number>> = { day: 1, week: 7 };

/** Where the calibration (and optional hold-out) period ends, as epoch days, and the time unit. */
export interface SummaryOptions {
  readonly calibrationEnd: number;
  readonly holdoutEnd?: number;
  readonly period: Period;
}

/** Per-customer summaries, or why there are none. */
export type SummaryResult =
  | {
      readonly ok: true;
      readonly customers: CustomerRfm[];
      /** Customer-days (merged transactions) up to the calibration end. */
      readonly calibrationTransactions: number;
      /** Customers whose first purchase falls after the calibration end. */
      readonly excludedAfterCalibration: number;
    }
  | { readonly ok: false; readonly issues: readonly ClvIssue[] };

/**
 * Builds the RFM summary of every customer who bought on or before `calibrationEnd`.
 *
 * @example
 * const summary = summariseTransactions(transactions, { calibrationEnd: parseDay("1997-09-30")!, period: "week" });
 */
export function summariseTransactions(
  transactions: Iterable<Transaction>,
  options: SummaryOptions,
): SummaryResult {
  const { calibrationEnd, holdoutEnd } = options;
  if (holdoutEnd !== undefined && !(holdoutEnd > calibrationEnd)) {
    return {
      ok: false,
      issues: [{ code: "invalid_option", message: "the hold-out must end after the calibration" }],
    };
  }
  const byCustomer = mergeSameDay(transactions);
  if (byCustomer.size === 0)
    return { ok: false, issues: [{ code: "no_transactions", message: "no transactions" }] };
  const customers: CustomerRfm[] = [];
  let calibrationTransactions = 0;
  let excludedAfterCalibration = 0;
  for (const [customerId, days] of byCustomer) {
    const row = summariseCustomer(customerId, days, options);
    if (row === undefined) {
      excludedAfterCalibration++;
      continue;
    }
    customers.push(row);
    calibrationTransactions += row.frequency + 1;
  }
  if (customers.length === 0) {
    return {
      ok: false,
      issues: [{ code: "no_customers", message: "no customer bought before the calibration end" }],
    };
  }
  return { ok: true, customers, calibrationTransactions, excludedAfterCalibration };
}

/** customer → (day → summed amount). */
function mergeSameDay(transactions: Iterable<Transaction>): Map<string, Map<number, number>> {
  const byCustomer = new Map<string, Map<number, number>>();
  for (const t of transactions) {
    let days = byCustomer.get(t.customerId);
    if (days === undefined) {
      days = new Map();
      byCustomer.set(t.customerId, days);
    }
    days.set(t.day, (days.get(t.day) ?? 0) + t.amount);
  }
  return byCustomer;
}

function summariseCustomer(
  customerId: string,
  dayAmounts: ReadonlyMap<number, number>,
  options: SummaryOptions,
): CustomerRfm | undefined {
  const { calibrationEnd, holdoutEnd } = options;
  const unit = PERIOD_DAYS[options.period];
  const days = [...dayAmounts.keys()].sort((p, q) => p - q);
  const calibration = days.filter((d) => d <= calibrationEnd);
  const first = calibration[0];
  if (first === undefined) return undefined;
  const last = calibration[calibration.length - 1] ?? first;
  const repeats = calibration.slice(1);
  const repeatSpend = repeats.reduce((sum, d) => sum + (dayAmounts.get(d) ?? 0), 0);
  const base = {
    customerId,
    frequency: repeats.length,
    recency: (last - first) / unit,
    age: (calibrationEnd - first) / unit,
    monetaryValue: repeats.length > 0 ? repeatSpend / repeats.length : 0,
    firstPurchaseDay: first,
  };
  if (holdoutEnd === undefined) return base;
  const holdoutFrequency = days.filter((d) => d > calibrationEnd && d <= holdoutEnd).length;
  return { ...base, holdoutFrequency, holdoutLength: (holdoutEnd - calibrationEnd) / unit };
}
