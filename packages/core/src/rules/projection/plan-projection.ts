import type { Warning } from "../explain.js";
import { type Cents, cents, formatUsd, minCents, nonNegative, sub, ZERO } from "../money/cents.js";
import { type BasisPoints, percentOf } from "../money/percent.js";
import { divideRounded } from "../money/rounding.js";
import { type ProjectableLimit, projectableLimit } from "./projected-limits.js";

/** A yearly contribution: a dollar amount, or "max" for as much as the limits allow. */
export type PlannedAmount = "max" | Cents;

export interface PlanProjectionInput {
  readonly startYear: number;
  /** Age on December 31 of the start year. */
  readonly ageAtYearEnd: number;
  readonly years: number;
  /** Pay in the start year (IRC §415(c)(3) compensation), growing by `wageGrowthBp` a year. */
  readonly compensation: Cents;
  readonly wageGrowthBp: BasisPoints;
  /** Assumed yearly cost-of-living increase for limits the IRS has not published yet. */
  readonly indexingBp: BasisPoints;
  readonly preTaxDeferrals: PlannedAmount;
  readonly rothDeferrals: PlannedAmount;
  /** Employer match and nonelective contributions together, as a share of pay (capped by IRC §401(a)(17)). */
  readonly employerBp: BasisPoints;
  readonly afterTax: PlannedAmount;
  /** Saved each year in a taxable brokerage account. */
  readonly taxable: Cents;
  readonly returnBp: BasisPoints;
  readonly feeBp: BasisPoints;
  readonly dividendYieldBp: BasisPoints;
  /** Federal + state rate on dividends, and on converted earnings. */
  readonly dividendTaxRateBp: BasisPoints;
  readonly conversionTaxRateBp: BasisPoints;
  /** 0 = after-tax money goes to Roth as contributed; k = converted at the end of every k-th year. */
  readonly conversionEveryYears: number;
}

export interface PlanYearLimits {
  readonly electiveDeferral: ProjectableLimit;
  readonly catchUp: ProjectableLimit;
  readonly annualAdditions: ProjectableLimit;
  readonly compensation: ProjectableLimit;
  readonly rothCatchUpWageThreshold: ProjectableLimit;
  /** True when any limit used this year is a projection rather than a published figure. */
  readonly anyProjected: boolean;
}

export interface PlanYearContributions {
  readonly preTax: Cents;
  readonly roth: Cents;
  /** The part of the deferrals above the §402(g) limit: catch-up (in pre-tax or Roth above). */
  readonly catchUp: Cents;
  readonly employer: Cents;
  readonly afterTax: Cents;
  readonly taxable: Cents;
}

export interface PlanYearBalances {
  readonly preTax: Cents;
  readonly roth: Cents;
  readonly afterTaxBasis: Cents;
  readonly afterTaxEarnings: Cents;
  readonly taxableBasis: Cents;
  readonly taxableGains: Cents;
}

export interface PlanYear {
  readonly year: number;
  readonly ageAtYearEnd: number;
  readonly compensation: Cents;
  readonly limits: PlanYearLimits;
  /** 415(c) room left for after-tax contributions once deferrals (except catch-ups) and employer money count. */
  readonly afterTaxRoom: Cents;
  readonly contributions: PlanYearContributions;
  readonly conversionTax: Cents;
  readonly dividendTax: Cents;
  /** Balances at the end of the year. */
  readonly balances: PlanYearBalances;
}

export interface PlanProjection {
  readonly years: readonly PlanYear[];
  readonly warnings: readonly Warning[];
}

/**
 * Year by year: the limits (published, or projected and labelled so), the contributions by type that fit
 * them, and the balances by bucket. Every amount is whole cents: contributions at the start of the year, then
 * a year of return and fee on the balance, each rounded half-up to the cent, so each row can be checked by hand.
 */
export function projectPlan(input: PlanProjectionInput): PlanProjection {
  if (!Number.isInteger(input.years) || input.years < 1 || input.years > 80) {
    throw new RangeError(`years must be a whole number 1–80: ${input.years}`);
  }
  if (!Number.isInteger(input.conversionEveryYears) || input.conversionEveryYears < 0) {
    throw new RangeError(`conversionEveryYears must be a whole number ≥ 0: ${input.conversionEveryYears}`);
  }
  const warnings: Warning[] = [];
  const rows: PlanYear[] = [];
  let b = {
    preTax: ZERO,
    roth: ZERO,
    afterTaxBasis: ZERO,
    afterTaxEarnings: ZERO,
    taxableBasis: ZERO,
    taxableGains: ZERO,
  };
  let priorYearWages: Cents | null = null;
  for (let i = 0; i < input.years; i++) {
    const year = input.startYear + i;
    const age = input.ageAtYearEnd + i;
    const compensation = grownPay(input.compensation, input.wageGrowthBp, i);
    const limits = planYearLimits(year, age, input.indexingBp);
    const { contributions: c, afterTaxRoom } = contributionsFor(
      input,
      compensation,
      limits,
      priorYearWages ?? compensation,
    );
    if (i === 0 && c.catchUp > 0 && limits.rothCatchUpWageThreshold.amount !== null) {
      warnings.push({
        code: "prior-year-wages-assumed",
        message: `${year}: last year's FICA wages are taken to equal this year's pay for the Roth catch-up rule (IRC §414(v)(7))`,
      });
    }
    const additions = c.preTax + c.roth - c.catchUp + c.employer;
    if (additions > minCents(limits.annualAdditions.amount!, compensation)) {
      warnings.push({
        code: "over-415c",
        message: `${year}: deferrals and employer contributions (${formatUsd(cents(additions))}) exceed the §415(c) limit for this pay; the plan must correct the excess`,
      });
    }
    const growth = (balance: Cents) =>
      sub(percentOf(balance, input.returnBp, "half-up"), percentOf(balance, input.feeBp, "half-up"));

    const preTax = cents(b.preTax + c.preTax + c.employer);
    let roth = cents(b.roth + c.roth);
    let afterTaxBasis = b.afterTaxBasis;
    let afterTaxEarnings = b.afterTaxEarnings;
    if (input.conversionEveryYears === 0) roth = cents(roth + c.afterTax);
    else afterTaxBasis = cents(afterTaxBasis + c.afterTax);
    const preTaxEnd = cents(preTax + growth(preTax));
    const rothGrowth = growth(roth);
    afterTaxEarnings = cents(afterTaxEarnings + growth(cents(afterTaxBasis + afterTaxEarnings)));
    let rothEnd = cents(roth + rothGrowth);
    let conversionTax = ZERO;
    if (input.conversionEveryYears > 0 && (i + 1) % input.conversionEveryYears === 0) {
      // IRC §402A(c)(4); Notice 2014-54: the earnings are taxable on conversion, paid from the converted money.
      conversionTax = percentOf(nonNegative(afterTaxEarnings), input.conversionTaxRateBp, "half-up");
      rothEnd = cents(rothEnd + afterTaxBasis + afterTaxEarnings - conversionTax);
      afterTaxBasis = ZERO;
      afterTaxEarnings = ZERO;
    }
    // IRC §1(h)(11): dividends taxed the year paid; the net is reinvested and adds to basis (IRC §1012).
    const taxableStart = cents(b.taxableBasis + b.taxableGains + c.taxable);
    const dividends = percentOf(taxableStart, input.dividendYieldBp, "half-up");
    const dividendTax = percentOf(dividends, input.dividendTaxRateBp, "half-up");
    const taxableEnd = cents(taxableStart + growth(taxableStart) - dividendTax);
    const taxableBasis = cents(b.taxableBasis + c.taxable + dividends - dividendTax);

    b = {
      preTax: preTaxEnd,
      roth: rothEnd,
      afterTaxBasis,
      afterTaxEarnings,
      taxableBasis,
      taxableGains: sub(taxableEnd, taxableBasis),
    };
    rows.push({
      year,
      ageAtYearEnd: age,
      compensation,
      limits,
      afterTaxRoom,
      contributions: c,
      conversionTax,
      dividendTax,
      balances: b,
    });
    priorYearWages = compensation;
  }
  if (rows.some((r) => r.limits.anyProjected)) {
    warnings.push({
      code: "projected-limits",
      message: `limits after the last published year are projections (last figure × (1 + ${input.indexingBp / 100}%) a year, rounded down as the law rounds), not IRS figures`,
    });
  }
  return { years: rows, warnings };
}

/** Pay in year i: start pay × (1 + growth)^i, rounded half-up to the cent (exact integer arithmetic). */
function grownPay(start: Cents, growthBp: BasisPoints, i: number): Cents {
  const numerator = BigInt(start) * (10_000n + BigInt(growthBp)) ** BigInt(i);
  return cents(Number(divideRounded(numerator, 10_000n ** BigInt(i), "half-up")));
}

export function planYearLimits(year: number, ageAtYearEnd: number, indexingBp: BasisPoints): PlanYearLimits {
  const electiveDeferral = projectableLimit("electiveDeferralLimit", year, indexingBp);
  // IRC §414(v)(1), (v)(2)(E): catch-up from age 50 at year end; the higher limit at ages 60–63 from 2025.
  const superCatchUp = projectableLimit("catchUp60to63Limit", year, indexingBp);
  const regularCatchUp = projectableLimit("catchUpLimit", year, indexingBp);
  const catchUp: ProjectableLimit =
    ageAtYearEnd < 50
      ? {
          ...regularCatchUp,
          amount: ZERO,
          projected: false,
          basis: `age ${ageAtYearEnd} < 50 at Dec 31: no catch-up (IRC §414(v)(5))`,
        }
      : ageAtYearEnd >= 60 && ageAtYearEnd <= 63 && superCatchUp.amount !== null
        ? superCatchUp
        : regularCatchUp;
  const annualAdditions = projectableLimit("annualAdditionsLimit", year, indexingBp);
  const compensation = projectableLimit("compensationLimit", year, indexingBp);
  const rothCatchUpWageThreshold = projectableLimit("rothCatchUpWageThreshold", year, indexingBp);
  const used = [electiveDeferral, catchUp, annualAdditions, compensation, rothCatchUpWageThreshold];
  return {
    electiveDeferral,
    catchUp,
    annualAdditions,
    compensation,
    rothCatchUpWageThreshold,
    anyProjected: used.some((l) => l.projected),
  };
}

function contributionsFor(
  input: PlanProjectionInput,
  compensation: Cents,
  limits: PlanYearLimits,
  priorYearWages: Cents,
): { contributions: PlanYearContributions; afterTaxRoom: Cents } {
  const base = limits.electiveDeferral.amount!;
  const catchUpLimit = limits.catchUp.amount ?? ZERO;
  // IRC §402(g)(1) + §414(v): pre-tax and Roth share one limit, and cannot exceed pay.
  const deferralCap = minCents(cents(base + catchUpLimit), compensation);
  const want = (amount: PlannedAmount, cap: Cents) => (amount === "max" ? cap : minCents(amount, cap));
  let preTax = want(input.preTaxDeferrals, deferralCap);
  let roth = want(input.rothDeferrals, sub(deferralCap, preTax));
  const catchUp = nonNegative(cents(preTax + roth - base));
  // IRC §414(v)(7): above the prior-year wage threshold, catch-ups must be designated Roth.
  const threshold = limits.rothCatchUpWageThreshold.amount;
  if (threshold !== null && priorYearWages > threshold && catchUp > 0) {
    const moved = minCents(catchUp, preTax);
    preTax = sub(preTax, moved);
    roth = cents(roth + moved);
  }
  // IRC §401(a)(17): employer contributions are figured on pay up to the compensation limit.
  const employer = percentOf(
    minCents(compensation, limits.compensation.amount!),
    input.employerBp,
    "half-up",
  );
  // IRC §415(c)(1): annual additions up to the lesser of the dollar limit and 100% of compensation;
  // catch-ups are not annual additions (IRC §414(v)(3)(A)).
  const additionsLimit = minCents(limits.annualAdditions.amount!, compensation);
  const afterTaxRoom = nonNegative(sub(additionsLimit, cents(preTax + roth - catchUp + employer)));
  const afterTax = want(input.afterTax, afterTaxRoom);
  return {
    contributions: { preTax, roth, catchUp, employer, afterTax, taxable: input.taxable },
    afterTaxRoom,
  };
}
