import { type Step, step, type Warning } from "../explain.js";
import { type Cents, cents, nonNegative, sub } from "../money/cents.js";
import { type BasisPoints, basisPoints, percentOf } from "../money/percent.js";
import { type AccountPaths, advanceYear, emptyAccountPaths, growthRates } from "./account-growth.js";
import { checkEqualBudgetAssumptions, type EqualBudgetAssumptions, type StrategyName } from "./strategies.js";

/** One strategy's deterministic result at retirement, in whole cents. */
export interface StrategyOutcome {
  readonly name: StrategyName;
  /** What went into the account (pre-tax: the whole budget; the others: the budget less the tax paid now). */
  readonly contributions: Cents;
  readonly taxPaidNow: Cents;
  /** Tax paid while invested: dividend tax (taxable) or tax on converted earnings (after-tax-converted). */
  readonly taxPaidDuring: Cents;
  /** Tax paid on withdrawal or sale at retirement. */
  readonly taxPaidLater: Cents;
  /** Balance at retirement before the tax on withdrawal. */
  readonly grossValue: Cents;
  readonly afterTaxValue: Cents;
  readonly steps: readonly Step[];
}

export interface EqualBudgetProjection {
  readonly assumptions: EqualBudgetAssumptions;
  readonly strategies: readonly StrategyOutcome[];
  /**
   * The federal retirement marginal rate (bp, half-up) at which pre-tax and Roth end equal; above it Roth wins.
   * Null when no rate from 0% to 100% makes them equal.
   */
  readonly breakEvenRateBp: BasisPoints | null;
  /** The same break-even between pre-tax and after-tax-converted at the chosen conversion cadence. */
  readonly breakEvenRateConvertedBp: BasisPoints | null;
  /** Roth's after-tax value less after-tax-converted's: what converting later than at once costs (or saves). */
  readonly conversionDelayCost: Cents;
  readonly warnings: readonly Warning[];
}

/** Floats in cents leave the projection rounded half-up to the cent (Math.round: ties toward +∞). */
export function roundToCents(amountInCents: number): Cents {
  return cents(Math.round(amountInCents));
}

/**
 * The income tax on wages paid as Roth, after-tax or taxable savings instead of pre-tax: budget × (federal +
 * state rate now), rounded half-up to the cent. Pre-tax deferrals are excluded from income (IRC §402(e)(3)).
 */
export function taxPaidNowPerYear(a: EqualBudgetAssumptions): Cents {
  return percentOf(a.budget, basisPoints(a.rateNowBp + a.stateRateNowBp), "half-up");
}

/** Runs the accounts over the horizon at the single return `returnBp` every year. */
function deterministicAccounts(a: EqualBudgetAssumptions): AccountPaths {
  checkEqualBudgetAssumptions(a);
  const rates = growthRates(a, taxPaidNowPerYear(a));
  const state = emptyAccountPaths(1);
  const returns = Float64Array.of(a.returnBp / 10_000);
  for (let year = 0; year < a.horizonYears; year++) advanceYear(state, rates, year, returns);
  return state;
}

/**
 * For the same pre-tax budget, the after-tax value at retirement of each strategy (pre-tax contributions
 * are grossed up: the whole budget goes in; the others pay the tax now first), with the break-even retirement
 * rate and the cost of converting late.
 */
export function projectEqualBudget(a: EqualBudgetAssumptions): EqualBudgetProjection {
  const s = deterministicAccounts(a);
  const years = a.contributionYears;
  const taxNow = taxPaidNowPerYear(a);
  const afterTaxContribution = sub(a.budget, taxNow);
  const contributed = cents(afterTaxContribution * years);
  const taxPaidNow = cents(taxNow * years);
  const withdrawalBp = basisPoints(a.rateRetirementBp + a.stateRateRetirementBp);
  const gainsBp = basisPoints(a.capitalGainsRateBp + a.stateRateRetirementBp);
  const at = (column: Float64Array) => roundToCents(column[0]!);

  const paidNowStep = step(
    `tax now on ${years} year(s) of wages saved after tax (federal + state marginal rate)`,
    taxPaidNow,
    "IRC §61(a)(1); IRC §402A(a)(1) for designated Roth contributions",
  );

  const preTaxGross = at(s.preTax);
  const preTaxLater = percentOf(preTaxGross, withdrawalBp, "half-up");
  const preTax: StrategyOutcome = {
    name: "pre-tax",
    contributions: cents(a.budget * years),
    taxPaidNow: cents(0),
    taxPaidDuring: cents(0),
    taxPaidLater: preTaxLater,
    grossValue: preTaxGross,
    afterTaxValue: sub(preTaxGross, preTaxLater),
    steps: [
      step("pre-tax deferrals, excluded from income now", cents(a.budget * years), "IRC §402(e)(3)"),
      step("balance at retirement", preTaxGross, "projection at the assumed return less fees"),
      step("tax on withdrawal at the retirement rate", preTaxLater, "IRC §402(a); IRC §72"),
    ],
  };

  const rothGross = at(s.roth);
  const roth: StrategyOutcome = {
    name: "roth",
    contributions: contributed,
    taxPaidNow,
    taxPaidDuring: cents(0),
    taxPaidLater: cents(0),
    grossValue: rothGross,
    afterTaxValue: rothGross,
    steps: [
      paidNowStep,
      step("balance at retirement", rothGross, "projection at the assumed return less fees"),
      step("qualified distribution, tax-free", cents(0), "IRC §402A(d)(1); IRC §408A(d)(1)"),
    ],
  };

  const afterTaxGross = at(s.afterTax);
  const afterTaxEarnings = nonNegative(sub(afterTaxGross, contributed));
  const afterTaxLater = percentOf(afterTaxEarnings, withdrawalBp, "half-up");
  const afterTax: StrategyOutcome = {
    name: "after-tax",
    contributions: contributed,
    taxPaidNow,
    taxPaidDuring: cents(0),
    taxPaidLater: afterTaxLater,
    grossValue: afterTaxGross,
    afterTaxValue: sub(afterTaxGross, afterTaxLater),
    steps: [
      paidNowStep,
      step("balance at retirement", afterTaxGross, "projection at the assumed return less fees"),
      step("earnings above basis, taxed as ordinary income", afterTaxEarnings, "IRC §72(b), §72(e)(8)"),
      step("tax on the earnings at the retirement rate", afterTaxLater, "IRC §72"),
    ],
  };

  const convertedRoth = at(s.convertedRoth);
  const pending = at(s.convertedPending);
  const pendingEarnings = nonNegative(sub(pending, roundToCents(s.convertedPendingBasis[0]!)));
  const convertedLater = percentOf(pendingEarnings, withdrawalBp, "half-up");
  const conversionTax = at(s.conversionTax);
  const convertedGross = cents(convertedRoth + pending);
  const converted: StrategyOutcome = {
    name: "after-tax-converted",
    contributions: contributed,
    taxPaidNow,
    taxPaidDuring: conversionTax,
    taxPaidLater: convertedLater,
    grossValue: convertedGross,
    afterTaxValue: sub(convertedGross, convertedLater),
    steps: [
      paidNowStep,
      step(
        a.conversionEveryYears === 0
          ? "converted to Roth as contributed: no earnings to tax"
          : `tax on earnings converted every ${a.conversionEveryYears} year(s), paid from the converted money`,
        conversionTax,
        "IRC §402A(c)(4); Notice 2014-54",
      ),
      step("Roth balance at retirement", convertedRoth, "projection at the assumed return less fees"),
      step("not yet converted at retirement, taxed on its earnings", convertedLater, "IRC §72"),
    ],
  };

  const taxableGross = at(s.taxable);
  const taxableBasis = roundToCents(s.taxableBasis[0]!);
  const taxableGain = nonNegative(sub(taxableGross, taxableBasis));
  const taxableLater = percentOf(taxableGain, gainsBp, "half-up");
  const dividendTax = at(s.dividendTax);
  const taxable: StrategyOutcome = {
    name: "taxable",
    contributions: contributed,
    taxPaidNow,
    taxPaidDuring: dividendTax,
    taxPaidLater: taxableLater,
    grossValue: taxableGross,
    afterTaxValue: sub(taxableGross, taxableLater),
    steps: [
      paidNowStep,
      step("tax on dividends each year, net reinvested", dividendTax, "IRC §1(h)(11)"),
      step("basis: contributions plus reinvested dividends", taxableBasis, "IRC §1012"),
      step("long-term gain on sale at retirement", taxableGain, "IRC §1001"),
      step("capital-gains tax (federal LTCG + state rate)", taxableLater, "IRC §1(h)"),
    ],
  };

  const strategies = [preTax, roth, afterTax, converted, taxable];
  return {
    assumptions: a,
    strategies,
    breakEvenRateBp: breakEvenRate(s.preTax[0]!, s.roth[0]!, 0, a.stateRateRetirementBp),
    breakEvenRateConvertedBp: breakEvenRate(
      s.preTax[0]!,
      s.convertedRoth[0]! + s.convertedPending[0]!,
      Math.max(0, s.convertedPending[0]! - s.convertedPendingBasis[0]!),
      a.stateRateRetirementBp,
    ),
    conversionDelayCost: sub(roth.afterTaxValue, converted.afterTaxValue),
    warnings: equalBudgetWarnings(a),
  };
}

/**
 * Solves preTaxGross × (1 − t − s) = otherGross − otherTaxableEarnings × (t + s) for the federal retirement
 * rate t (s = state retirement rate): both sides are linear in t, so the break-even is exact up to float
 * rounding, then rounded half-up to a basis point.
 */
function breakEvenRate(
  preTaxGross: number,
  otherGross: number,
  otherTaxableEarnings: number,
  stateRateRetirementBp: number,
): BasisPoints | null {
  const slope = preTaxGross - otherTaxableEarnings;
  if (slope <= 0) return null;
  const combined = (preTaxGross - otherGross) / slope;
  const bp = Math.round(combined * 10_000) - stateRateRetirementBp;
  return bp >= 0 && bp <= 10_000 ? basisPoints(bp) : null;
}

function equalBudgetWarnings(a: EqualBudgetAssumptions): Warning[] {
  const warnings: Warning[] = [];
  if (a.conversionEveryYears > 0 && a.horizonYears % a.conversionEveryYears !== 0) {
    warnings.push({
      code: "unconverted-at-retirement",
      message: `the horizon (${a.horizonYears} years) is not a multiple of the conversion cadence (${a.conversionEveryYears}): after-tax money contributed since the last conversion is valued unconverted`,
    });
  }
  return warnings;
}
