import * as v from "valibot";
import {
  type AddedIncomeTax,
  type CapitalGainsTax,
  incomeTaxExplained,
  longTermCapitalGainsTax,
  type TaxResult,
  taxOnAddedIncome,
} from "../rules/federal-tax.js";
import { add } from "../rules/money/cents.js";
import {
  amount,
  type Checked,
  checkInput,
  filingStatus,
  input,
  type Shape,
  STEPS,
  toChecked,
  year,
} from "./check.js";
import type { Money } from "./money.js";

const TaxArgs = input({
  year,
  filingStatus,
  taxableIncome: amount,
  add: v.optional(amount),
  ltcg: v.optional(amount),
});

/** What {@link federalTax} takes. */
export interface TaxArgs {
  readonly year: number;
  /** `"single"`, `"mfj"`, `"mfs"` or `"hoh"`. */
  readonly filingStatus: "single" | "mfj" | "mfs" | "hoh";
  /** Ordinary taxable income (Form 1040 line 15 less the net capital gain). */
  readonly taxableIncome: Money;
  /** Ordinary income added on top (a conversion, a bonus): gives the incremental tax tax(T + X) − tax(T). */
  readonly add?: Money;
  /** Long-term capital gains (and qualified dividends), stacked on top of ordinary income at 0% / 15% / 20%. */
  readonly ltcg?: Money;
}

const TAX: Shape<TaxResult> = { tax: "money", steps: STEPS };
const ADDED: Shape<AddedIncomeTax> = {
  tax: "money",
  taxWithAdded: "money",
  incrementalTax: "money",
  steps: STEPS,
};
const GAINS: Shape<CapitalGainsTax> = {
  gainsAt0Pct: "money",
  gainsAt15Pct: "money",
  gainsAt20Pct: "money",
  capitalGainsTax: "money",
  steps: STEPS,
};

/** What {@link federalTax} returns: the schedule tax, and the added-income and capital-gains parts when asked. */
export interface TaxReport extends Checked<TaxResult> {
  readonly year: number;
  readonly filingStatus: TaxArgs["filingStatus"];
  /** With `add`: the incremental tax and the rates. */
  readonly added: Checked<AddedIncomeTax> | null;
  /** With `ltcg`: the tax on the long-term gains, by rate band. */
  readonly capitalGains: Checked<CapitalGainsTax> | null;
}

/**
 * Federal income tax from the year's rate schedules (IRC §1), rounded half-up to the cent; with `add`, the
 * incremental tax of added ordinary income; with `ltcg`, the tax on long-term capital gains (IRC §1(h)).
 * @example federalTax({ year: 2025, filingStatus: "single", taxableIncome: dollars(100000) }).tax.toString()
 */
export function federalTax(args: TaxArgs): TaxReport {
  const a = checkInput("federalTax", TaxArgs, args);
  const base = incomeTaxExplained(a.year, a.filingStatus, a.taxableIncome);
  const added = a.add === undefined ? null : taxOnAddedIncome(a.year, a.filingStatus, a.taxableIncome, a.add);
  // The gains stack on top of all ordinary income, the added amount included (IRC §1(h)(1)).
  const ordinary = a.add === undefined ? a.taxableIncome : add(a.taxableIncome, a.add);
  const gains =
    a.ltcg === undefined ? null : longTermCapitalGainsTax(a.year, a.filingStatus, ordinary, a.ltcg);
  return {
    year: a.year,
    filingStatus: a.filingStatus,
    ...toChecked(base, TAX),
    added: added && toChecked(added, ADDED),
    capitalGains: gains && toChecked(gains, GAINS),
  };
}
