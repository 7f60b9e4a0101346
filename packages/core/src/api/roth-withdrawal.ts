import * as v from "valibot";
import { FORM_8606_LINES, type Form8606MoneyLine } from "../rules/form-8606.js";
import { type RothWithdrawal, rothWithdrawal as withdrawalRule } from "../rules/roth-ordering.js";
import {
  age,
  amount,
  bool,
  type Checked,
  checkInput,
  InputError,
  input,
  NONE,
  optionalAmount,
  type Shape,
  STEPS,
  toChecked,
  year,
} from "./check.js";
import type { Money } from "./money.js";

const RothWithdrawalArgs = input({
  year,
  amount,
  age,
  disabledOrDeceased: v.optional(bool),
  otherExceptionTo72t: v.optional(bool),
  regularContributions: optionalAmount,
  conversions: v.optional(
    v.array(input({ year, taxablePortion: optionalAmount, nontaxablePortion: optionalAmount })),
  ),
  firstRothYear: v.optional(year),
  firstTimeHomebuyerExpenses: optionalAmount,
});

/** What {@link rothWithdrawal} takes (as `megaroth roth-withdrawal`). */
export interface RothWithdrawalArgs {
  /** The year of the withdrawal. */
  readonly year: number;
  readonly amount: Money;
  /** Age on the withdrawal date (59.5 = 59½). */
  readonly age: number;
  readonly disabledOrDeceased?: boolean;
  /** Another IRC §72(t) exception (e.g. substantially equal periodic payments). */
  readonly otherExceptionTo72t?: boolean;
  /** Regular Roth IRA contributions not yet withdrawn. */
  readonly regularContributions?: Money;
  /** Each year's conversions (and plan rollovers) not yet withdrawn: the part that was taxable and the rest. */
  readonly conversions?: readonly {
    readonly year: number;
    readonly taxablePortion?: Money;
    readonly nontaxablePortion?: Money;
  }[];
  /** First year of any Roth IRA contribution or conversion (the five-year clock); default the first conversion's year. */
  readonly firstRothYear?: number;
  readonly firstTimeHomebuyerExpenses?: Money;
}

const LINES = Object.fromEntries(
  FORM_8606_LINES.filter((l): l is Form8606MoneyLine => l !== "10").map((l) => [l, "money"]),
) as Record<Form8606MoneyLine, "money">;

const WITHDRAWAL: Shape<RothWithdrawal> = {
  homebuyerExceptionTo10Pct: "money",
  layers: { amount: "money", tax: "money", penalty: "money" },
  includibleInIncome: "money",
  additionalTax10Pct: "money",
  form8606Lines: LINES,
  steps: STEPS,
};

/** What {@link rothWithdrawal} returns: the layers in the IRS order, the taxable amount and the 10%. */
export type RothWithdrawalReport = Checked<RothWithdrawal>;

/**
 * The Roth IRA ordering of a withdrawal (IRC §408A(d)(4); Treas. Reg. §1.408A-6 Q&A-8): regular contributions,
 * then conversions oldest first (taxable portion first), then earnings; the taxable amount, the 10% additional
 * tax under each conversion's five-year clock, and Form 8606 lines 19–25c.
 */
export function rothWithdrawal(args: RothWithdrawalArgs): RothWithdrawalReport {
  const fn = "rothWithdrawal";
  const a = checkInput(fn, RothWithdrawalArgs, args);
  const conversions = (a.conversions ?? []).map((c) => ({
    year: c.year,
    taxablePortion: c.taxablePortion ?? NONE,
    nontaxablePortion: c.nontaxablePortion ?? NONE,
  }));
  const years = conversions.map((c) => c.year);
  const firstRothYear = a.firstRothYear ?? (years.length > 0 ? Math.min(...years) : undefined);
  if (firstRothYear === undefined)
    throw new InputError(fn, [
      { path: "firstRothYear", message: "is missing: needed when no conversions are given" },
    ]);
  if (firstRothYear > a.year || (years.length > 0 && firstRothYear > Math.min(...years)))
    throw new InputError(fn, [
      {
        path: "firstRothYear",
        message: `${firstRothYear} is after the withdrawal year or the first conversion`,
      },
    ]);
  const late = conversions.findIndex((c) => c.year > a.year);
  if (late >= 0)
    throw new InputError(fn, [
      {
        path: `conversions[${late}].year`,
        message: `${conversions[late]!.year} is after the withdrawal year ${a.year}`,
      },
    ]);
  const result = withdrawalRule({
    year: a.year,
    amount: a.amount,
    ageAtDistribution: a.age,
    disabledOrDeceased: a.disabledOrDeceased ?? false,
    otherExceptionTo72t: a.otherExceptionTo72t ?? false,
    regularContributionBasis: a.regularContributions ?? NONE,
    conversions,
    firstRothYear,
    firstTimeHomebuyerExpenses: a.firstTimeHomebuyerExpenses ?? NONE,
  });
  return toChecked(result, WITHDRAWAL);
}
