import * as v from "valibot";
import {
  type Cadence,
  CONVERSION_ROUTES,
  type ConversionCost,
  type ConversionCostInput,
  type ConversionRoute,
  compareCadences as compareRule,
  conversionCost as costRule,
  STANDARD_CADENCES,
  type StandardCadence,
} from "../rules/conversion-cost.js";
import type { Form1099R } from "../rules/form-1099r.js";
import { basisPoints } from "../rules/money/percent.js";
import {
  amount,
  type Checked,
  checkInput,
  choice,
  date,
  filingStatus,
  InputError,
  input,
  NONE,
  optionalAmount,
  percent,
  rate,
  type Shape,
  STEPS,
  toChecked,
  wholeNumber,
  year,
} from "./check.js";
import type { Money } from "./money.js";

const cadence = v.union(
  [
    choice(STANDARD_CADENCES),
    input({ dates: v.pipe(v.array(date), v.minLength(1, "must list at least one date")) }),
  ],
  `expected one of ${STANDARD_CADENCES.map((c) => `"${c}"`).join(", ")} or { dates: ["YYYY-MM-DD", …] }`,
);

const ConversionArgs = input({
  year,
  contributions: v.pipe(
    v.array(input({ date, amount }), "expected an array of { date, amount }"),
    v.minLength(1, "must list at least one contribution"),
  ),
  return: v.optional(percent),
  cadence,
  lagDays: v.optional(wholeNumber(0)),
  route: v.optional(choice(CONVERSION_ROUTES)),
  fee: optionalAmount,
  marginalRate: v.optional(rate),
  filingStatus: v.optional(filingStatus),
  taxableIncome: v.optional(amount),
  ltcg: v.optional(amount),
  stateRate: v.optional(rate),
});

/** What {@link conversionCost} takes. Tax: `marginalRate`, or `filingStatus` + `taxableIncome` for the schedule. */
export interface ConversionArgs {
  readonly year: number;
  /** The after-tax contributions, each with its date. */
  readonly contributions: readonly { readonly date: string; readonly amount: Money }[];
  /** Annual return until conversion, `"6%"` (may be negative); default 0%. Simple interest, actual days / 365. */
  readonly return?: string;
  /** `"per-paycheck"`, `"monthly"`, `"quarterly"`, `"yearly"` or `{ dates: [...] }`. */
  readonly cadence: StandardCadence | { readonly dates: readonly string[] };
  /** Days from a paycheck to its conversion (per-paycheck cadence); default 0. */
  readonly lagDays?: number;
  /** `"in-plan-roth"` (default), `"roth-ira"` or `"roth-ira-earnings-to-traditional-ira"`. */
  readonly route?: ConversionRoute;
  /** Fee per conversion; default none. */
  readonly fee?: Money;
  /** A stated federal marginal rate, `"24%"`. */
  readonly marginalRate?: string;
  /** With `taxableIncome`: the federal schedule on other income gives the tax. */
  readonly filingStatus?: "single" | "mfj" | "mfs" | "hoh";
  readonly taxableIncome?: Money;
  /** Qualified dividends and net capital gain inside `taxableIncome` (the QDCG worksheet then applies). */
  readonly ltcg?: Money;
  /** A flat state rate on the taxable amount, `"5%"`; default 0%. */
  readonly stateRate?: string;
}

const FORM_1099R: Shape<Form1099R> = {
  box1: "money",
  box2a: "money",
  box4: "money",
  box5: "money",
  box10: "money",
};

const COST: Shape<ConversionCost> = {
  byTaxYear: { taxable: "money", federalTax: "money", stateTax: "money", tax: "money" },
  conversions: {
    amount: "money",
    basis: "money",
    earnings: "money",
    taxable: "money",
    federalTax: "money",
    stateTax: "money",
    tax: "money",
    fee: "money",
    toTraditionalIra: "money",
    form1099R: FORM_1099R,
    forms1099R: FORM_1099R,
  },
  totalContributions: "money",
  totalEarnings: "money",
  totalTaxable: "money",
  totalFederalTax: "money",
  totalStateTax: "money",
  totalTax: "money",
  totalFees: "money",
  totalCost: "money",
  totalToTraditionalIra: "money",
  unconverted: { basis: "money", earnings: "money" },
  unrecoveredBasis: "money",
  fiveYearClocks: { taxableAmount: "money" },
  steps: STEPS,
};

/** What {@link conversionCost} returns: each conversion with its tax and expected Form 1099-R, and the totals. */
export type ConversionReport = Checked<ConversionCost>;

function ruleInput(fn: string, args: ConversionArgs): ConversionCostInput {
  const a = checkInput(fn, ConversionArgs, args);
  let rates: ConversionCostInput["rates"];
  if (a.marginalRate !== undefined) {
    if (a.filingStatus !== undefined || a.taxableIncome !== undefined)
      throw new InputError(fn, [
        { path: "marginalRate", message: "give marginalRate, or filingStatus with taxableIncome, not both" },
      ]);
    rates = { kind: "marginal", federalRateBp: a.marginalRate };
  } else if (a.filingStatus !== undefined && a.taxableIncome !== undefined) {
    rates = {
      kind: "schedule",
      filingStatus: a.filingStatus,
      baseTaxableIncome: a.taxableIncome,
      ...(a.ltcg !== undefined && { qualifiedDividendsAndGains: a.ltcg }),
    };
  } else {
    throw new InputError(fn, [
      {
        path: "marginalRate",
        message: 'is missing: give marginalRate ("24%"), or filingStatus with taxableIncome',
      },
    ]);
  }
  return {
    year: a.year,
    contributions: a.contributions,
    annualReturnBp: a.return ?? 0,
    cadence: a.cadence as Cadence,
    lagDays: a.lagDays ?? 0,
    route: a.route ?? "in-plan-roth",
    feePerConversion: a.fee ?? NONE,
    rates,
    stateRateBp: a.stateRate ?? basisPoints(0),
  };
}

/**
 * What converting after-tax money to Roth costs at one cadence: each conversion's value, basis, taxable
 * earnings, federal and state tax, fee and expected Form 1099-R (IRC §402(c)(2), §408A(d)(3); Notice 2014-54).
 */
export function conversionCost(args: ConversionArgs): ConversionReport {
  return toChecked(costRule(ruleInput("conversionCost", args)), COST);
}

/** {@link conversionCost} at every standard cadence (per-paycheck, monthly, quarterly, yearly), to compare. */
export function compareCadences(args: Omit<ConversionArgs, "cadence">): readonly ConversionReport[] {
  const { cadence: _, ...rule } = ruleInput("compareCadences", { ...args, cadence: "yearly" });
  return compareRule(rule).map((c) => toChecked(c, COST));
}
