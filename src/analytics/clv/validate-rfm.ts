/**
 * Input checks shared by the purchase-count fits: a degenerate data set (no customers, a single
 * customer, nobody who came back, no time observed) is answered with issues, never a throw.
 */
import type { ClvIssue, RfmTriple } from "./types.js";

/** Fewer customers than this cannot identify four parameters. */
export const MIN_CUSTOMERS = 2;

/** Issues that make `rows` unusable for BG/NBD or Pareto/NBD; empty when they are fine. */
export function validateRfm(rows: readonly RfmTriple[]): ClvIssue[] {
  if (rows.length === 0) return [{ code: "no_customers", message: "no customers to fit" }];
  const bad = rows.findIndex(
    (r) =>
      !Number.isInteger(r.frequency) ||
      r.frequency < 0 ||
      !(r.recency >= 0) ||
      !(r.age >= r.recency) ||
      !Number.isFinite(r.age) ||
      (r.frequency === 0 && r.recency !== 0),
  );
  if (bad >= 0) {
    return [
      {
        code: "invalid_input",
        message: `customer #${bad + 1}: need integer frequency ≥ 0, 0 ≤ recency ≤ age, recency 0 when frequency is 0`,
      },
    ];
  }
  const issues: ClvIssue[] = [];
  if (rows.length < MIN_CUSTOMERS) {
    issues.push({
      code: "too_few_customers",
      message: `need at least ${MIN_CUSTOMERS} customers, got ${rows.length}`,
    });
  }
  if (!rows.some((r) => r.frequency > 0)) {
    issues.push({
      code: "no_repeat_purchases",
      message:
        "no customer made a repeat purchase in the calibration period: purchase rates are not identified",
    });
  }
  if (!rows.some((r) => r.age > 0)) {
    issues.push({ code: "no_observation_time", message: "every customer has age 0: nothing was observed" });
  }
  return issues;
}
