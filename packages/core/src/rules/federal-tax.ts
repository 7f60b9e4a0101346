import { citeFigure, figure } from "../data/figures.js";
import { type Step, step } from "./explain.js";
import { type Cents, cents, sub, wholeDollars } from "./money/cents.js";
import { type BasisPoints, basisPoints } from "./money/percent.js";
import { divideRounded } from "./money/rounding.js";
import type { FilingStatus } from "./tax-year.js";

/**
 * Federal income tax from the tax rate schedules (not the $50-band Tax Tables), exact to the cent.
 * Each result is rounded once, half-up to the cent, as the golden cases and rules.md §(h) prescribe.
 */

export interface TaxResult {
  readonly tax: Cents;
  readonly marginalRatePct: number;
  readonly steps: readonly Step[];
}

/** Tax in hundredths of a cent-percent: Σ rate% × cents in the bracket, kept exact as a bigint. */
function scheduleTaxTimes100(year: number, status: FilingStatus, taxableIncome: Cents): bigint {
  const brackets = figure("ordinaryIncomeBrackets", year)[status];
  let total = 0n;
  brackets.forEach((bracket, i) => {
    const lower = wholeDollars(bracket.over);
    const next = brackets[i + 1];
    const upper = next ? wholeDollars(next.over) : Number.POSITIVE_INFINITY;
    const inBracket = Math.min(taxableIncome, upper) - lower;
    if (inBracket > 0) total += BigInt(inBracket) * BigInt(Math.round(bracket.ratePct * 100));
  });
  return total;
}

function checkTaxableIncome(taxableIncome: Cents): void {
  if (taxableIncome < 0) throw new RangeError(`taxable income must be 0 or more, got ${taxableIncome} cents`);
}

// IRC §1(a)–(d) rate schedules as adjusted under §1(f) and §1(j); rounded half-up to the cent.
export function incomeTax(year: number, status: FilingStatus, taxableIncome: Cents): Cents {
  checkTaxableIncome(taxableIncome);
  return cents(Number(divideRounded(scheduleTaxTimes100(year, status, taxableIncome), 10_000n, "half-up")));
}

/** The rate on the next dollar of ordinary income. */
export function marginalRatePct(year: number, status: FilingStatus, taxableIncome: Cents): number {
  checkTaxableIncome(taxableIncome);
  const brackets = figure("ordinaryIncomeBrackets", year)[status];
  let rate = brackets[0]?.ratePct ?? 0;
  for (const bracket of brackets) if (taxableIncome >= wholeDollars(bracket.over)) rate = bracket.ratePct;
  return rate;
}

/** Tax on taxable income, with the steps: each bracket's slice and its rate. */
export function incomeTaxExplained(year: number, status: FilingStatus, taxableIncome: Cents): TaxResult {
  const tax = incomeTax(year, status, taxableIncome);
  const citation = citeFigure("ordinaryIncomeBrackets", year);
  const brackets = figure("ordinaryIncomeBrackets", year)[status];
  const steps: Step[] = [step(`Taxable income (${year}, ${status})`, taxableIncome, "Form 1040, line 15")];
  brackets.forEach((bracket, i) => {
    const lower = wholeDollars(bracket.over);
    const next = brackets[i + 1];
    const upper = next ? wholeDollars(next.over) : Number.POSITIVE_INFINITY;
    const inBracket = Math.min(taxableIncome, upper) - lower;
    if (inBracket > 0) {
      steps.push(
        step(
          `${bracket.ratePct}% on income over $${bracket.over.toLocaleString("en-US")}`,
          cents(inBracket),
          citation,
        ),
      );
    }
  });
  steps.push(step("Tax (rate schedule, rounded half-up to the cent)", tax, citation));
  return { tax, marginalRatePct: marginalRatePct(year, status, taxableIncome), steps };
}

export interface AddedIncomeTax {
  readonly tax: Cents;
  readonly taxWithAdded: Cents;
  readonly incrementalTax: Cents;
  /** incrementalTax / added, in basis points rounded half-up (0 when nothing is added). */
  readonly effectiveRateBp: BasisPoints;
  /** Rate on the next dollar after the added amount. */
  readonly marginalRatePct: number;
  readonly steps: readonly Step[];
}

// rules.md §(h): the cost of added ordinary income is tax(TI + X) − tax(TI), not X × top rate.
export function taxOnAddedIncome(
  year: number,
  status: FilingStatus,
  baseTaxableIncome: Cents,
  added: Cents,
): AddedIncomeTax {
  if (added < 0) throw new RangeError(`added income must be 0 or more, got ${added} cents`);
  const tax = incomeTax(year, status, baseTaxableIncome);
  const withAdded = cents(baseTaxableIncome + added);
  const taxWithAdded = incomeTax(year, status, withAdded);
  const incrementalTax = sub(taxWithAdded, tax);
  const effectiveRateBp = basisPoints(
    added === 0 ? 0 : Number(divideRounded(BigInt(incrementalTax) * 10_000n, BigInt(added), "half-up")),
  );
  const citation = citeFigure("ordinaryIncomeBrackets", year);
  return {
    tax,
    taxWithAdded,
    incrementalTax,
    effectiveRateBp,
    marginalRatePct: marginalRatePct(year, status, withAdded),
    steps: [
      step("Tax on taxable income before the added amount", tax, citation),
      step("Taxable income with the added amount", withAdded, "Form 1040, line 15"),
      step("Tax with the added amount", taxWithAdded, citation),
      step("Incremental tax = tax with − tax without", incrementalTax, "rules.md §(h); IRC §1"),
    ],
  };
}

export interface CapitalGainsTax {
  readonly gainsAt0Pct: Cents;
  readonly gainsAt15Pct: Cents;
  readonly gainsAt20Pct: Cents;
  readonly capitalGainsTax: Cents;
  readonly steps: readonly Step[];
}

// IRC §1(h)(1), §1(j)(5): net capital gain stacked on top of ordinary taxable income, 0% / 15% / 20%.
export function longTermCapitalGainsTax(
  year: number,
  status: FilingStatus,
  ordinaryTaxableIncome: Cents,
  longTermCapitalGains: Cents,
): CapitalGainsTax {
  checkTaxableIncome(ordinaryTaxableIncome);
  if (longTermCapitalGains < 0) throw new RangeError("long-term capital gains must be 0 or more");
  const band = figure("capitalGainsThresholds", year)[status];
  const zeroMax = wholeDollars(band.zeroRateMax);
  const fifteenMax = wholeDollars(band.fifteenRateMax);
  const top = ordinaryTaxableIncome + longTermCapitalGains;
  const slice = (lo: number, hi: number) =>
    cents(Math.max(0, Math.min(top, hi) - Math.max(ordinaryTaxableIncome, lo)));
  const gainsAt0Pct = slice(0, zeroMax);
  const gainsAt15Pct = slice(zeroMax, fifteenMax);
  const gainsAt20Pct = slice(fifteenMax, Number.POSITIVE_INFINITY);
  const capitalGainsTax = cents(
    Number(divideRounded(BigInt(gainsAt15Pct) * 15n + BigInt(gainsAt20Pct) * 20n, 100n, "half-up")),
  );
  const citation = citeFigure("capitalGainsThresholds", year);
  return {
    gainsAt0Pct,
    gainsAt15Pct,
    gainsAt20Pct,
    capitalGainsTax,
    steps: [
      step("Gains taxed at 0% (up to the maximum zero rate amount)", gainsAt0Pct, citation),
      step("Gains taxed at 15%", gainsAt15Pct, citation),
      step("Gains taxed at 20%", gainsAt20Pct, citation),
      step("Capital gains tax (rounded half-up to the cent)", capitalGainsTax, "IRC §1(h)(1)"),
    ],
  };
}
