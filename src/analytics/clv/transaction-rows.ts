/**
 * Turns table rows (already split into string cells by whoever read the file) into
 * transactions: customer id, purchase day, amount. Rows that cannot be used are counted, not
 * thrown at the caller. File reading itself belongs to the adapters (CLI, benchmarks).
 */
import { type DateFormat, parseDay } from "./dates.js";

/** One purchase. `day` is an epoch day (see `dates.ts`). */
export interface Transaction {
  readonly customerId: string;
  readonly day: number;
  readonly amount: number;
}

/** Zero-based cell positions of the fields, and how dates are written. */
export interface ColumnMapping {
  readonly customer: number;
  readonly date: number;
  /** Without an amount column every transaction has amount 0 (no spend model). */
  readonly amount?: number;
  readonly dateFormat: DateFormat;
}

/** Rows that were left out, by reason. */
export interface SkippedRows {
  missingCustomer: number;
  badDate: number;
  badAmount: number;
}

/** The usable transactions and the count of rows left out. */
export interface RowConversion {
  readonly transactions: Transaction[];
  readonly skipped: SkippedRows;
}

/**
 * Maps rows to transactions; a row without a customer id, with an unreadable date or with a
 * non-numeric amount is skipped and counted.
 *
 * @example transactionsFromRows([["4", "19970101", "29.33"]], { customer: 0, date: 1, amount: 2, dateFormat: "auto" })
 */
export function transactionsFromRows(
  rows: Iterable<readonly string[]>,
  mapping: ColumnMapping,
): RowConversion {
  const transactions: Transaction[] = [];
  const skipped: SkippedRows = { missingCustomer: 0, badDate: 0, badAmount: 0 };
  for (const row of rows) {
    const customerId = (row[mapping.customer] ?? "").trim();
    if (customerId === "") {
      skipped.missingCustomer++;
      continue;
    }
    const day = parseDay(row[mapping.date] ?? "", mapping.dateFormat);
    if (day === undefined) {
      skipped.badDate++;
      continue;
    }
    const amount = mapping.amount === undefined ? 0 : parseAmount(row[mapping.amount] ?? "");
    if (amount === undefined) {
      skipped.badAmount++;
      continue;
    }
    transactions.push({ customerId, day, amount });
  }
  return { transactions, skipped };
}

/** A decimal number; a lone comma is read as the decimal separator ("12,50"). */
export function parseAmount(text: string): number | undefined {
  const s = text.trim();
  if (s === "") return undefined;
  const normalised = s.includes(",") && !s.includes(".") ? s.replace(",", ".") : s;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}
