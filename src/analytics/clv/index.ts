/**
 * Public surface of the CLV context: calibration summaries from transactions, the BG/NBD,
 * Pareto/NBD and Gamma-Gamma models (likelihoods, fits, predictions), discounted CLV, value
 * tiers and churn risk. Pure TypeScript, no I/O: adapters read files and pass rows in.
 */
export {
  type BgNbdParams,
  bgNbdLogLikelihood,
  bgNbdModel,
  bgNbdProbabilityAlive,
  fitBgNbd,
} from "./bg-nbd.js";
export {
  type ClvOptions,
  type CustomerScore,
  discountedTransactions,
  periodDiscountRate,
  type ScoreResult,
  scoreCustomers,
} from "./customer-value.js";
export { DATE_FORMATS, type DateFormat, formatDay, parseDay } from "./dates.js";
export {
  expectedAverageSpend,
  fitGammaGamma,
  type GammaGammaParams,
  gammaGammaLogLikelihood,
  type SpendObservation,
} from "./gamma-gamma.js";
export { type Hyp2f1Result, hyp2f1 } from "./hypergeometric.js";
export {
  fitParetoNbd,
  type ParetoNbdParams,
  paretoNbdLogLikelihood,
  paretoNbdModel,
  paretoNbdProbabilityAlive,
} from "./pareto-nbd.js";
export { groupRfm, type RfmGroups } from "./rfm-groups.js";
export {
  PERIOD_DAYS,
  type SummaryOptions,
  type SummaryResult,
  summariseTransactions,
} from "./rfm-summary.js";
export { lbeta, lgamma } from "./special-functions.js";
export {
  type ColumnMapping,
  parseAmount,
  type RowConversion,
  type SkippedRows,
  type Transaction,
  transactionsFromRows,
} from "./transaction-rows.js";
export type {
  ClvIssue,
  ClvIssueCode,
  CustomerRfm,
  FitDiagnostics,
  FitResult,
  Period,
  PurchaseModel,
  RfmTriple,
} from "./types.js";
export { churnRisk, DEFAULT_TIER_LABELS, quantile, type ValueTiers, valueTiers } from "./value-tiers.js";
