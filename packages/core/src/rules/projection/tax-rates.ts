import { citeFigure, figure } from "../../data/figures.js";
import { type Step, step } from "../explain.js";
import { marginalRateWithGainsPct, taxOnAddedIncome } from "../federal-tax.js";
import {
  type Cents,
  cents,
  formatUsd,
  minCents,
  nonNegative,
  sub,
  wholeDollars,
  ZERO,
} from "../money/cents.js";
import { type BasisPoints, basisPoints } from "../money/percent.js";
import { divideRounded } from "../money/rounding.js";
import type { FilingStatus } from "../tax-year.js";

/** A tax rate for a projection, with how it was found. */
export interface DerivedRate {
  readonly rateBp: BasisPoints;
  readonly steps: readonly Step[];
}

/** Taxable income from gross income with the standard deduction (IRC §63(c)), not below zero. */
function taxableAfterStandardDeduction(
  year: number,
  status: FilingStatus,
  income: Cents,
): { taxable: Cents; steps: Step[] } {
  const deduction = wholeDollars(figure("standardDeduction", year)[status]);
  const taxable = nonNegative(sub(income, deduction));
  return {
    taxable,
    steps: [
      step("income", income, "as entered"),
      step("standard deduction", deduction, citeFigure("standardDeduction", year)),
      step("taxable income", taxable, "IRC §63"),
    ],
  };
}

/**
 * The federal rate on the last `budget` dollars of wages this year: what deferring them saves, per dollar —
 * (tax(TI) − tax(max(0, TI − budget))) / budget with TI = income less the standard deduction, rounded half-up
 * to a basis point (the marginal rate for a zero budget). Exact across a bracket boundary, unlike the top
 * marginal rate (rules.md §(h)). With qualified dividends and long-term gains in the income, both taxes come
 * from the QDCG worksheet (IRC §1(h)(1)): fewer wages can pull gains back into the 0% band.
 */
export function rateOnContribution(
  year: number,
  status: FilingStatus,
  income: Cents,
  budget: Cents,
  qualifiedDividendsAndGains: Cents = ZERO,
): DerivedRate {
  const { taxable, steps } = taxableAfterStandardDeduction(year, status, income);
  const added = minCents(budget, taxable);
  if (budget === 0) {
    const pct = marginalRateWithGainsPct(year, status, taxable, qualifiedDividendsAndGains);
    const rateBp = basisPoints(Math.round(pct * 100));
    return {
      rateBp,
      steps: [
        ...steps,
        step(`marginal rate ${rateBp / 100}%`, null, citeFigure("ordinaryIncomeBrackets", year)),
      ],
    };
  }
  // Wages below the standard deduction are untaxed: the tax saved is divided by the whole budget.
  const r = taxOnAddedIncome(year, status, cents(taxable - added), added, qualifiedDividendsAndGains);
  const rateBp = basisPoints(
    Number(divideRounded(BigInt(r.incrementalTax) * 10_000n, BigInt(budget), "half-up")),
  );
  return {
    rateBp,
    steps: [
      ...steps,
      ...r.steps,
      step(
        `rate on the last ${formatUsd(budget)} of wages: incremental tax ÷ ${formatUsd(budget)} = ${rateBp / 100}%`,
        null,
        "rules.md §(h)",
      ),
    ],
  };
}

/**
 * The federal marginal rate on withdrawals at a retirement income, with this year's brackets and standard
 * deduction (today's dollars; the law indexes both for inflation). With qualified dividends and long-term
 * gains in that income, the rate on the next dollar follows the QDCG worksheet (IRC §1(h)(1)).
 */
export function rateOnWithdrawals(
  year: number,
  status: FilingStatus,
  retirementIncome: Cents,
  qualifiedDividendsAndGains: Cents = ZERO,
): DerivedRate {
  const { taxable, steps } = taxableAfterStandardDeduction(year, status, retirementIncome);
  const pct = marginalRateWithGainsPct(year, status, taxable, qualifiedDividendsAndGains);
  const rateBp = basisPoints(Math.round(pct * 100));
  return {
    rateBp,
    steps: [
      ...steps,
      step(
        `marginal rate at retirement ${rateBp / 100}% (${year} brackets)`,
        null,
        citeFigure("ordinaryIncomeBrackets", year),
      ),
    ],
  };
}
