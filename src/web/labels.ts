/**
 * The saver's words for the engine's codes. The core and the CLI name routes, cadences, warnings, ledger event
 * types and account kinds by stable codes (a contract of the JSON output); the page shows these labels and keeps
 * the code only in data attributes. A code without a label here is shown as words (dashes and underscores to
 * spaces), never raw.
 */

/** "EARNINGS_TAXED" / "after-tax-overshoot" → "Earnings taxed" / "After-tax overshoot". */
export function codeToWords(code: string): string {
  const words = code.replace(/_/g, " ").toLowerCase();
  // keep "after-tax", "in-plan", "five-year" hyphenated; other dashes are word breaks
  const spaced = words
    .replace(/-/g, " ")
    .replace(/\b(after|in|five|pre|per|year) (tax|plan|year|paycheck|end)\b/g, "$1-$2");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function labelOf(labels: Readonly<Record<string, string>>, code: string): string {
  return labels[code] ?? codeToWords(code);
}

export const ROUTE_LABELS: Readonly<Record<string, string>> = {
  "in-plan-roth": "In-plan Roth conversion",
  "roth-ira": "Withdraw to a Roth IRA (earnings included)",
  "roth-ira-earnings-to-traditional-ira": "Basis to a Roth IRA, earnings to a traditional IRA",
  "in-plan-roth-conversion": "In-plan Roth conversion",
  "in-service-withdrawal-to-roth-ira": "In-service withdrawal to a Roth IRA",
  "automatic-conversion": "Automatic conversion of each contribution",
};
export const routeLabel = (code: string) => labelOf(ROUTE_LABELS, code);

export const ROUTE_STATUS_LABELS: Readonly<Record<string, string>> = {
  open: "Available",
  closed: "Not available",
  unknown: "Ask the plan",
};

export const CADENCE_LABELS: Readonly<Record<string, string>> = {
  none: "No conversions planned",
  "per-paycheck": "Every paycheck",
  monthly: "Monthly",
  quarterly: "Quarterly",
  yearly: "Once a year",
  annually: "Once a year",
};
export const cadenceLabel = (code: string) => labelOf(CADENCE_LABELS, code);

export const FREQUENCY_LABELS: Readonly<Record<string, string>> = {
  weekly: "Weekly (52 a year)",
  biweekly: "Every two weeks (26 a year)",
  semimonthly: "Twice a month (24 a year)",
  monthly: "Monthly (12 a year)",
};

export const EVENT_TYPE_LABELS: Readonly<Record<string, string>> = {
  open: "Open an account",
  "after-tax-contribution": "After-tax contribution",
  "employer-contribution": "Employer contribution",
  "in-plan-roth-conversion": "In-plan Roth conversion",
  "roth-ira-conversion": "Conversion to a Roth IRA",
  rollover: "Rollover",
  distribution: "Distribution",
  "nondeductible-ira-contribution": "Nondeductible IRA contribution",
  "roth-ira-contribution": "Roth IRA contribution",
  "statement-balance": "Statement balance",
  "year-end-value": "December 31 value",
  "1099-r": "Form 1099-R received",
  "form-8606": "Form 8606 filed",
};
export const eventTypeLabel = (code: string) => labelOf(EVENT_TYPE_LABELS, code);

export const ACCOUNT_KIND_LABELS: Readonly<Record<string, string>> = {
  "401k-after-tax": "401(k) after-tax",
  "401k-pretax": "401(k) pre-tax",
  "roth-401k": "Roth 401(k)",
  "traditional-ira": "Traditional IRA",
  "roth-ira": "Roth IRA",
  taxable: "Taxable account",
};
export const accountKindLabel = (code: string) => labelOf(ACCOUNT_KIND_LABELS, code);

export const STRATEGY_LABELS: Readonly<Record<string, string>> = {
  "pre-tax": "Pre-tax 401(k)",
  roth: "Roth 401(k)",
  "after-tax": "After-tax, not converted",
  "after-tax-converted": "After-tax, converted (mega backdoor Roth)",
  taxable: "Taxable brokerage",
};

/** Plain titles for the warnings a person meets most; others are the code in words. */
export const WARNING_LABELS: Readonly<Record<string, string>> = {
  "after-tax-overshoot": "A flat percentage would overshoot",
  "front-loading-loses-match": "Front-loading would lose match",
  "compensation-limit-stops-match": "Pay reaches the compensation limit",
  "net-pay-limits-after-tax": "Take-home pay limits after-tax",
  "match-lost": "Some match is lost",
  "room-not-filled": "Room not filled",
  "after-tax-over-room": "After-tax already over the room",
  "deferrals-not-filled": "Deferral goal not reached",
  "no-paychecks-left": "No paychecks left",
  "after-tax-unconfirmed": "After-tax option unconfirmed",
  "no-after-tax": "No after-tax contributions",
  "catch-up-must-be-roth": "Catch-up must be Roth",
  "excess-annual-additions": "Over the annual additions limit",
  "catch-up-recharacterized": "Catch-up recharacterized",
  "catch-up-not-allowed": "Catch-up not allowed",
  "excess-deferral": "Excess deferral",
  "payroll-feasibility": "Payroll may not manage this",
  "match-not-kept-every-paycheck": "Full match not kept every paycheck",
  "deferrals-below-full-match": "Deferrals below the full match",
  "deferral-goal-over-limit": "Deferral goal over the limit",
  "unconverted-at-retirement": "Unconverted money at retirement",
  "roth-catch-up": "Roth catch-up rule",
  "projected-limits": "Limits projected",
  "over-415c": "Over the annual additions limit",
  "prior-year-wages-assumed": "Prior-year wages assumed",
  EARNINGS_TAXED: "Earnings are taxed",
  NOTICE_2014_54_TRAP: "Split rollover needs one distribution",
  LEFT_UNCONVERTED: "Money left unconverted",
  FIVE_YEAR_CLOCK: "Five-year clock",
  CONVERSION_FIVE_YEAR_RULE: "Five-year rule for conversions",
  MANDATORY_WITHHOLDING: "Mandatory withholding",
  NO_WITHHOLDING_ON_IRR: "No withholding on an in-plan conversion",
  PRETAX_IRA_PRO_RATA: "Pre-tax IRA money makes it pro rata",
  TRADITIONAL_IRA_BALANCE: "Traditional IRA balance",
  TRADITIONAL_IRA_BASIS: "Traditional IRA basis",
  LINE_10_PRECISION: "Line 10 rounding",
  LINE_13_CAPPED_AT_BASIS: "Line 13 capped at basis",
  STATEMENT_BASIS_MISMATCH: "Statement basis differs",
  STATEMENT_BALANCE_MISMATCH: "Statement balance differs",
  FORM_1099R_CODE_MISMATCH: "Form 1099-R code differs",
  FORM_1099R_UNEXPECTED: "Unexpected Form 1099-R",
  FORM_1099R_NOT_RECORDED: "Form 1099-R not recorded",
  FORM_8606_LINE14_MISMATCH: "Form 8606 line 14 differs",
  FORM_8606_LINE6_UNVALUED: "Form 8606 line 6 has no value",
  SEPARATE_CONTRACT_DEPENDS_ON_PLAN: "Separate contract depends on the plan",
};
export const warningLabel = (code: string) => labelOf(WARNING_LABELS, code);

/**
 * The planner's warnings in two groups: problems with the plan shown (take-home pay too low, a limit at risk,
 * room or match not reached), and alternatives the plan avoids (what a flat % or front-loading would do).
 */
export const AVOIDED_ALTERNATIVE_CODES: ReadonlySet<string> = new Set([
  "after-tax-overshoot",
  "front-loading-loses-match",
]);

/** "no change" / "1 change" / "2 changes": one wording for the election changes a plan uses. */
export function electionChangesText(changes: number): string {
  return changes === 0
    ? "no election change"
    : changes === 1
      ? "1 election change"
      : `${changes} election changes`;
}
