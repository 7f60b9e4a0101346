import * as v from "valibot";
import type { Step } from "../rules/explain.js";
import {
  type AddedIncomeTax,
  type CapitalGainWorksheet,
  capitalGainWorksheet,
  capitalGainWorksheetSteps,
  incomeTaxExplained,
  marginalRateWithGainsPct,
  taxOnAddedIncome,
} from "../rules/federal-tax.js";
import {
  amount,
  type Checked,
  checkInput,
  filingStatus,
  InputError,
  input,
  type Shape,
  STEPS,
  toChecked,
  year,
} from "./check.js";
import { fromCents, type Money } from "./money.js";

const TaxArgs = input({
  year,
  filingStatus,
  taxableIncome: amount,
  add: v.optional(amount),
  ltcg: v.optional(amount),
});

/** What {@link federalTax} takes (as `megaroth tax`). */
export interface TaxArgs {
  readonly year: number;
  /** `"single"`, `"mfj"`, `"mfs"` or `"hoh"`. */
  readonly filingStatus: "single" | "mfj" | "mfs" | "hoh";
  /** Taxable income after deductions (Form 1040 line 15), long-term gains included. */
  readonly taxableIncome: Money;
  /** Ordinary income added on top (a conversion, a bonus): gives the incremental tax tax(T + X) − tax(T). */
  readonly add?: Money;
  /**
   * Qualified dividends and net long-term capital gain included in `taxableIncome`: the tax is then the
   * Qualified Dividends and Capital Gain Tax Worksheet's line 25 (IRC §1(h)(1)).
   */
  readonly ltcg?: Money;
}

const ADDED: Shape<AddedIncomeTax> = {
  tax: "money",
  taxWithAdded: "money",
  incrementalTax: "money",
  steps: STEPS,
};
const WORKSHEET = Object.fromEntries(
  [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25].map((n) => [
    `line${n}`,
    "money",
  ]),
) as Shape<CapitalGainWorksheet>;

/** What {@link federalTax} returns. */
export interface TaxReport {
  readonly year: number;
  readonly filingStatus: TaxArgs["filingStatus"];
  /** Form 1040 line 16: the rate schedule, or with `ltcg` the QDCG worksheet's line 25. */
  readonly tax: Money;
  /** The rate on the next dollar of ordinary income (after `add`, when given), gains included. */
  readonly marginalRatePct: number;
  /** With `ltcg`: the Qualified Dividends and Capital Gain Tax Worksheet, line by line. */
  readonly worksheet: Checked<CapitalGainWorksheet> | null;
  /** With `add`: the tax with it, the incremental tax and its effective rate (basis points). */
  readonly added: Checked<AddedIncomeTax> | null;
  readonly steps: readonly Checked<Step>[];
}

/**
 * Federal income tax from the year's rate schedules (IRC §1), rounded half-up to the cent; with `ltcg`, by the
 * Qualified Dividends and Capital Gain Tax Worksheet; with `add`, the incremental tax of added ordinary income.
 * @example federalTax({ year: 2025, filingStatus: "single", taxableIncome: dollars(100000) }).tax.toString() // "$16,914.00"
 */
export function federalTax(args: TaxArgs): TaxReport {
  const a = checkInput("federalTax", TaxArgs, args);
  if (a.ltcg !== undefined && a.ltcg > a.taxableIncome)
    throw new InputError("federalTax", [
      { path: "ltcg", message: "is more than taxableIncome (it is part of it)" },
    ]);
  const worksheet =
    a.ltcg === undefined ? null : capitalGainWorksheet(a.year, a.filingStatus, a.taxableIncome, a.ltcg);
  const ordinary = worksheet ? null : incomeTaxExplained(a.year, a.filingStatus, a.taxableIncome);
  const added =
    a.add === undefined ? null : taxOnAddedIncome(a.year, a.filingStatus, a.taxableIncome, a.add, a.ltcg);
  const marginalRatePct = added
    ? added.marginalRatePct
    : worksheet
      ? marginalRateWithGainsPct(a.year, a.filingStatus, a.taxableIncome, a.ltcg!)
      : ordinary!.marginalRatePct;
  const steps = [
    ...(worksheet ? capitalGainWorksheetSteps(a.year, worksheet) : ordinary!.steps),
    ...(added?.steps ?? []),
  ];
  return {
    year: a.year,
    filingStatus: a.filingStatus,
    tax: fromCents(worksheet ? worksheet.line25 : ordinary!.tax),
    marginalRatePct,
    worksheet: worksheet && toChecked(worksheet, WORKSHEET),
    added: added && toChecked(added, ADDED),
    steps: toChecked(steps, STEPS),
  };
}
