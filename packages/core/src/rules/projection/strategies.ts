import type { Cents } from "../money/cents.js";
import type { BasisPoints } from "../money/percent.js";

/** The five ways to save a dollar that megaroth compares, in display order. */
export type StrategyName = "pre-tax" | "roth" | "after-tax" | "after-tax-converted" | "taxable";

export const STRATEGIES: readonly StrategyName[] = [
  "pre-tax",
  "roth",
  "after-tax",
  "after-tax-converted",
  "taxable",
];

/**
 * What an equal-budget projection assumes. Every rate is a marginal rate in basis points; "now" rates apply to
 * the contribution years (and to conversions and dividends while working), "retirement" rates to withdrawals.
 */
export interface EqualBudgetAssumptions {
  /** Pre-tax dollars set aside in each contribution year: pre-tax puts all of it in; the others pay tax first. */
  readonly budget: Cents;
  /** Contribution years, from the first year of the horizon (1 = a single contribution now). */
  readonly contributionYears: number;
  /** Years from the first contribution to retirement, when every account is valued after tax. */
  readonly horizonYears: number;
  readonly rateNowBp: BasisPoints;
  readonly rateRetirementBp: BasisPoints;
  readonly stateRateNowBp: BasisPoints;
  readonly stateRateRetirementBp: BasisPoints;
  /** Expected nominal total return per year (the deterministic path; the lognormal mean). */
  readonly returnBp: BasisPoints;
  /** Dividend yield of the taxable account, part of the total return, taxed each year. */
  readonly dividendYieldBp: BasisPoints;
  /** Federal rate on those (qualified) dividends. */
  readonly dividendTaxRateBp: BasisPoints;
  /** Federal long-term capital-gains rate on the sale of the taxable account at retirement. */
  readonly capitalGainsRateBp: BasisPoints;
  /** Annual fee on every account, as a share of the balance. */
  readonly feeBp: BasisPoints;
  /** 0 = after-tax money is converted to Roth as it is contributed; k = converted at the end of every k-th year. */
  readonly conversionEveryYears: number;
}

export const MAX_HORIZON_YEARS = 80;

/** Rejects assumptions the model cannot represent; the message names the field and its range. */
export function checkEqualBudgetAssumptions(a: EqualBudgetAssumptions): void {
  const whole = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`${name} must be a whole number ${min}–${max}: ${value}`);
    }
  };
  whole("horizonYears", a.horizonYears, 1, MAX_HORIZON_YEARS);
  whole("contributionYears", a.contributionYears, 1, a.horizonYears);
  whole("conversionEveryYears", a.conversionEveryYears, 0, a.horizonYears);
  if (!Number.isSafeInteger(a.budget) || a.budget < 0)
    throw new RangeError(`budget must be 0 or more cents: ${a.budget}`);
  const rates: [string, number][] = [
    ["rateNowBp + stateRateNowBp", a.rateNowBp + a.stateRateNowBp],
    ["rateRetirementBp + stateRateRetirementBp", a.rateRetirementBp + a.stateRateRetirementBp],
    ["dividendTaxRateBp + stateRateNowBp", a.dividendTaxRateBp + a.stateRateNowBp],
    ["capitalGainsRateBp + stateRateRetirementBp", a.capitalGainsRateBp + a.stateRateRetirementBp],
    ["dividendYieldBp", a.dividendYieldBp],
    ["feeBp", a.feeBp],
  ];
  for (const [name, bp] of rates) whole(name, bp, 0, 10_000);
}
