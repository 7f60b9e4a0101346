import type { EqualBudgetAssumptions } from "./strategies.js";

/**
 * The arithmetic of the five accounts over one year, for many return paths at once (structure of typed
 * arrays, one element per path). The deterministic projection is the one-path case, so the Monte Carlo and
 * the single line can never disagree about the rules. Amounts are floats in cents here; results are rounded
 * to whole cents (half-up) where they leave the projection.
 *
 * Order within a year: contributions at the start, then the year's return, the taxable account's dividend
 * tax, the fee, and at the year's end the after-tax account's conversion when one is due.
 */
export interface AccountPaths {
  readonly paths: number;
  readonly preTax: Float64Array;
  readonly roth: Float64Array;
  readonly afterTax: Float64Array;
  readonly afterTaxBasis: Float64Array;
  /** After-tax-converted strategy: the part already in Roth, and the part not yet converted with its basis. */
  readonly convertedRoth: Float64Array;
  readonly convertedPending: Float64Array;
  readonly convertedPendingBasis: Float64Array;
  readonly conversionTax: Float64Array;
  readonly taxable: Float64Array;
  readonly taxableBasis: Float64Array;
  readonly dividendTax: Float64Array;
}

/** Per-year constants of the model, as fractions, derived once from the assumptions. */
export interface GrowthRates {
  /** Pre-tax budget per contribution year, and what is left of it after the tax paid now (both cents). */
  readonly budget: number;
  readonly afterTaxContribution: number;
  readonly contributionYears: number;
  readonly keepAfterFee: number;
  readonly dividendYield: number;
  readonly dividendTaxRate: number;
  readonly conversionTaxRate: number;
  readonly conversionEveryYears: number;
  readonly withdrawalTaxRate: number;
  readonly capitalGainsTaxRate: number;
}

export function growthRates(a: EqualBudgetAssumptions, taxPaidNowPerYear: number): GrowthRates {
  const fraction = (bp: number) => bp / 10_000;
  return {
    budget: a.budget,
    afterTaxContribution: a.budget - taxPaidNowPerYear,
    contributionYears: a.contributionYears,
    keepAfterFee: 1 - fraction(a.feeBp),
    dividendYield: fraction(a.dividendYieldBp),
    dividendTaxRate: fraction(a.dividendTaxRateBp + a.stateRateNowBp),
    conversionTaxRate: fraction(a.rateNowBp + a.stateRateNowBp),
    conversionEveryYears: a.conversionEveryYears,
    withdrawalTaxRate: fraction(a.rateRetirementBp + a.stateRateRetirementBp),
    capitalGainsTaxRate: fraction(a.capitalGainsRateBp + a.stateRateRetirementBp),
  };
}

export function emptyAccountPaths(paths: number): AccountPaths {
  const column = () => new Float64Array(paths);
  return {
    paths,
    preTax: column(),
    roth: column(),
    afterTax: column(),
    afterTaxBasis: column(),
    convertedRoth: column(),
    convertedPending: column(),
    convertedPendingBasis: column(),
    conversionTax: column(),
    taxable: column(),
    taxableBasis: column(),
    dividendTax: column(),
  };
}

/**
 * Advances every path by one year (`yearIndex` 0 = the first year), given each path's total return for the
 * year (`returns[p]`, a decimal, 0.06 = 6%).
 */
export function advanceYear(s: AccountPaths, r: GrowthRates, yearIndex: number, returns: Float64Array): void {
  const contributing = yearIndex < r.contributionYears;
  const budget = contributing ? r.budget : 0;
  const contribution = contributing ? r.afterTaxContribution : 0;
  const convertNow = r.conversionEveryYears === 0;
  const conversionDue = !convertNow && (yearIndex + 1) % r.conversionEveryYears === 0;
  const keep = r.keepAfterFee;
  const { dividendYield, dividendTaxRate, conversionTaxRate } = r;
  const { preTax, roth, afterTax, afterTaxBasis, convertedRoth, convertedPending, convertedPendingBasis } = s;
  const { conversionTax, taxable, taxableBasis, dividendTax } = s;
  for (let p = 0; p < s.paths; p++) {
    const growth = 1 + returns[p]!;
    const factor = growth * keep;
    preTax[p] = (preTax[p]! + budget) * factor;
    roth[p] = (roth[p]! + contribution) * factor;
    afterTax[p] = (afterTax[p]! + contribution) * factor;
    afterTaxBasis[p] = afterTaxBasis[p]! + contribution;
    if (convertNow) {
      convertedRoth[p] = (convertedRoth[p]! + contribution) * factor;
    } else {
      convertedRoth[p] = convertedRoth[p]! * factor;
      convertedPending[p] = (convertedPending[p]! + contribution) * factor;
      convertedPendingBasis[p] = convertedPendingBasis[p]! + contribution;
      if (conversionDue) {
        // Only the earnings are taxable on conversion (IRC §402A(c)(4), Notice 2014-54); the tax is paid from
        // the converted money. A loss is not deductible: no tax, no refund.
        const earnings = convertedPending[p]! - convertedPendingBasis[p]!;
        const tax = earnings > 0 ? earnings * conversionTaxRate : 0;
        conversionTax[p] = conversionTax[p]! + tax;
        convertedRoth[p] = convertedRoth[p]! + convertedPending[p]! - tax;
        convertedPending[p] = 0;
        convertedPendingBasis[p] = 0;
      }
    }
    // Dividends are taxed the year they are paid (IRC §1(h)(11)); the net is reinvested and adds to basis.
    const start = taxable[p]! + contribution;
    const dividend = start * dividendYield;
    const tax = dividend * dividendTaxRate;
    dividendTax[p] = dividendTax[p]! + tax;
    taxable[p] = (start * growth - tax) * keep;
    taxableBasis[p] = taxableBasis[p]! + contribution + dividend - tax;
  }
}

/**
 * Each strategy's value if everything were withdrawn (or sold) now at the retirement rates, written to
 * `out[strategy][p]` in STRATEGIES order. Gains are taxed, losses are not deducted.
 */
export function afterTaxValues(s: AccountPaths, r: GrowthRates, out: readonly Float64Array[]): void {
  const [preTaxOut, rothOut, afterTaxOut, convertedOut, taxableOut] = out as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const withdrawal = r.withdrawalTaxRate;
  const gains = r.capitalGainsTaxRate;
  for (let p = 0; p < s.paths; p++) {
    preTaxOut[p] = s.preTax[p]! * (1 - withdrawal);
    rothOut[p] = s.roth[p]!;
    const earnings = s.afterTax[p]! - s.afterTaxBasis[p]!;
    afterTaxOut[p] = s.afterTax[p]! - (earnings > 0 ? earnings * withdrawal : 0);
    const pendingEarnings = s.convertedPending[p]! - s.convertedPendingBasis[p]!;
    convertedOut[p] =
      s.convertedRoth[p]! + s.convertedPending[p]! - (pendingEarnings > 0 ? pendingEarnings * withdrawal : 0);
    const gain = s.taxable[p]! - s.taxableBasis[p]!;
    taxableOut[p] = s.taxable[p]! - (gain > 0 ? gain * gains : 0);
  }
}
