import { citeFigure, figure } from "../data/figures.js";
import { type Step, step } from "./explain.js";
import { type Cents, cents, minCents, sub, wholeDollars, ZERO } from "./money/cents.js";
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

// rules.md §(h): the cost of added ordinary income is tax(TI + X) − tax(TI), not X × top rate. With
// qualified dividends and net capital gain in TI, both taxes come from the QDCG worksheet (IRC §1(h)(1)):
// the added income sits on top of ordinary income and pushes gains into higher bands.
export function taxOnAddedIncome(
  year: number,
  status: FilingStatus,
  baseTaxableIncome: Cents,
  added: Cents,
  qualifiedDividendsAndGains: Cents = ZERO,
): AddedIncomeTax {
  if (added < 0) throw new RangeError(`added income must be 0 or more, got ${added} cents`);
  const gains = qualifiedDividendsAndGains;
  const tax = federalIncomeTax(year, status, baseTaxableIncome, gains);
  const withAdded = cents(baseTaxableIncome + added);
  const taxWithAdded = federalIncomeTax(year, status, withAdded, gains);
  const incrementalTax = sub(taxWithAdded, tax);
  const effectiveRateBp = basisPoints(
    added === 0 ? 0 : Number(divideRounded(BigInt(incrementalTax) * 10_000n, BigInt(added), "half-up")),
  );
  const citation =
    gains === 0
      ? citeFigure("ordinaryIncomeBrackets", year)
      : "Qualified Dividends and Capital Gain Tax Worksheet, line 25; IRC §1(h)(1)";
  return {
    tax,
    taxWithAdded,
    incrementalTax,
    effectiveRateBp,
    marginalRatePct: marginalRateWithGainsPct(year, status, withAdded, gains),
    steps: [
      step("Tax on taxable income before the added amount", tax, citation),
      step("Taxable income with the added amount", withAdded, "Form 1040, line 15"),
      step("Tax with the added amount", taxWithAdded, citation),
      step("Incremental tax = tax with − tax without", incrementalTax, "rules.md §(h); IRC §1"),
    ],
  };
}

/**
 * The Qualified Dividends and Capital Gain Tax Worksheet (Form 1040 instructions, line 16), line by line.
 * Line 1 is taxable income (Form 1040 line 15); line 4 is qualified dividends plus net capital gain
 * (28% rate gain and unrecaptured §1250 gain are not modelled: they need the Schedule D worksheet).
 */
export interface CapitalGainWorksheet {
  readonly line1: Cents;
  readonly line4: Cents;
  readonly line5: Cents;
  readonly line6: Cents;
  readonly line7: Cents;
  readonly line8: Cents;
  readonly line9: Cents;
  readonly line10: Cents;
  readonly line11: Cents;
  readonly line12: Cents;
  readonly line13: Cents;
  readonly line14: Cents;
  readonly line15: Cents;
  readonly line16: Cents;
  readonly line17: Cents;
  readonly line18: Cents;
  readonly line19: Cents;
  readonly line20: Cents;
  readonly line21: Cents;
  readonly line22: Cents;
  readonly line23: Cents;
  readonly line24: Cents;
  readonly line25: Cents;
}

/** The worksheet's amount lines in cents, plus lines 18, 21, 22 and 24 exact (cent × basis points). */
function worksheetLines(year: number, status: FilingStatus, taxableIncome: Cents, gains: Cents) {
  const band = figure("capitalGainsThresholds", year)[status];
  const min = Math.min;
  const l1 = taxableIncome;
  const l4 = gains;
  const l5 = Math.max(0, l1 - l4);
  const l6 = wholeDollars(band.zeroRateMax);
  const l7 = min(l1, l6);
  const l8 = min(l5, l7);
  const l9 = l7 - l8;
  const l10 = min(l1, l4);
  const l11 = l9;
  const l12 = l10 - l11;
  const l13 = wholeDollars(band.fifteenRateMax);
  const l14 = min(l1, l13);
  const l15 = l5 + l9;
  const l16 = Math.max(0, l14 - l15);
  const l17 = min(l12, l16);
  const l19 = l9 + l17;
  const l20 = l10 - l19;
  return {
    amounts: { l1, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14, l15, l16, l17, l19, l20 },
    exact18: BigInt(l17) * 1500n,
    exact21: BigInt(l20) * 2000n,
    exact22: scheduleTaxTimes100(year, status, cents(l5)),
    exact24: scheduleTaxTimes100(year, status, cents(l1)),
  };
}

const roundCentBp = (x: bigint): Cents => cents(Number(divideRounded(x, 10_000n, "half-up")));

/**
 * Tax on taxable income that includes qualified dividends and net capital gain: the Qualified Dividends and
 * Capital Gain Tax Worksheet, including line 25, the smaller of the stacked tax (line 23) and the regular
 * tax on all of it (line 24). Each tax and each rate product is rounded half-up to the cent (rate
 * schedules, not the Tax Table).
 * @example 2026 mfj, taxable income 100,861 with 2,099 of gains → line 23 11,649.59, line 24 11,613.42, tax 11,613.42
 */
// IRC §1(h)(1) ("shall not exceed the sum of …"), §1(j)(5); Form 1040 instructions, QDCG Tax Worksheet
export function capitalGainWorksheet(
  year: number,
  status: FilingStatus,
  taxableIncome: Cents,
  qualifiedDividendsAndGains: Cents,
): CapitalGainWorksheet {
  checkTaxableIncome(taxableIncome);
  if (qualifiedDividendsAndGains < 0)
    throw new RangeError("qualified dividends and capital gains must be 0 or more");
  const w = worksheetLines(year, status, taxableIncome, qualifiedDividendsAndGains);
  const a = w.amounts;
  const line18 = roundCentBp(w.exact18);
  const line21 = roundCentBp(w.exact21);
  const line22 = roundCentBp(w.exact22);
  const line23 = cents(line18 + line21 + line22);
  const line24 = roundCentBp(w.exact24);
  return {
    line1: cents(a.l1),
    line4: cents(a.l4),
    line5: cents(a.l5),
    line6: cents(a.l6),
    line7: cents(a.l7),
    line8: cents(a.l8),
    line9: cents(a.l9),
    line10: cents(a.l10),
    line11: cents(a.l11),
    line12: cents(a.l12),
    line13: cents(a.l13),
    line14: cents(a.l14),
    line15: cents(a.l15),
    line16: cents(a.l16),
    line17: cents(a.l17),
    line18,
    line19: cents(a.l19),
    line20: cents(a.l20),
    line21,
    line22,
    line23,
    line24,
    line25: minCents(line23, line24),
  };
}

/** Worksheet line 25 unrounded, in cent × basis points (for rates on the next cent). */
function exactTaxTimes100(year: number, status: FilingStatus, taxableIncome: Cents, gains: Cents): bigint {
  if (gains === 0) return scheduleTaxTimes100(year, status, taxableIncome);
  const w = worksheetLines(year, status, taxableIncome, gains);
  const stacked = w.exact18 + w.exact21 + w.exact22;
  return stacked < w.exact24 ? stacked : w.exact24;
}

/**
 * Federal income tax on taxable income (Form 1040 line 16): the rate schedule, or with qualified dividends
 * and net capital gain in it, the QDCG worksheet's line 25.
 */
// IRC §1(a)–(d), §1(h)(1)
export function federalIncomeTax(
  year: number,
  status: FilingStatus,
  taxableIncome: Cents,
  qualifiedDividendsAndGains: Cents = ZERO,
): Cents {
  if (qualifiedDividendsAndGains === 0) return incomeTax(year, status, taxableIncome);
  return capitalGainWorksheet(year, status, taxableIncome, qualifiedDividendsAndGains).line25;
}

/**
 * The rate on the next dollar of ordinary income, gains included: it can exceed the bracket rate where the
 * added dollar pushes a dollar of gain from 0% to 15% (or 15% to 20%).
 */
export function marginalRateWithGainsPct(
  year: number,
  status: FilingStatus,
  taxableIncome: Cents,
  qualifiedDividendsAndGains: Cents,
): number {
  checkTaxableIncome(taxableIncome);
  if (qualifiedDividendsAndGains === 0) return marginalRatePct(year, status, taxableIncome);
  const next = cents(taxableIncome + 1);
  const bp =
    exactTaxTimes100(year, status, next, qualifiedDividendsAndGains) -
    exactTaxTimes100(year, status, taxableIncome, qualifiedDividendsAndGains);
  return Number(bp) / 100;
}

/** The worksheet's lines as steps, in the worksheet's words. */
export function capitalGainWorksheetSteps(year: number, w: CapitalGainWorksheet): Step[] {
  const ws = "Qualified Dividends and Capital Gain Tax Worksheet";
  const cg = citeFigure("capitalGainsThresholds", year);
  const brackets = citeFigure("ordinaryIncomeBrackets", year);
  return [
    step("Line 1: taxable income", w.line1, `${ws}, line 1; Form 1040 line 15`),
    step("Line 4: qualified dividends and net capital gain", w.line4, `${ws}, lines 2–4`),
    step("Line 5: line 1 minus line 4 (ordinary income)", w.line5, `${ws}, line 5`),
    step("Line 6: top of the 0% rate", w.line6, `${ws}, line 6; ${cg}`),
    step("Line 7: smaller of line 1 or line 6", w.line7, `${ws}, line 7`),
    step("Line 8: smaller of line 5 or line 7", w.line8, `${ws}, line 8`),
    step("Line 9: line 7 minus line 8 (taxed at 0%)", w.line9, `${ws}, line 9`),
    step("Line 10: smaller of line 1 or line 4", w.line10, `${ws}, line 10`),
    step("Line 12: line 10 minus line 11 (line 11 = line 9)", w.line12, `${ws}, lines 11–12`),
    step("Line 13: top of the 15% rate", w.line13, `${ws}, line 13; ${cg}`),
    step("Line 14: smaller of line 1 or line 13", w.line14, `${ws}, line 14`),
    step("Line 15: line 5 plus line 9", w.line15, `${ws}, line 15`),
    step("Line 16: line 14 minus line 15 (not below 0)", w.line16, `${ws}, line 16`),
    step("Line 17: smaller of line 12 or line 16 (taxed at 15%)", w.line17, `${ws}, line 17`),
    step("Line 18: line 17 × 15%", w.line18, `${ws}, line 18; IRC §1(h)(1)(C)`),
    step(
      "Line 20: line 10 minus line 19 (taxed at 20%; line 19 = line 9 + line 17)",
      w.line20,
      `${ws}, lines 19–20`,
    ),
    step("Line 21: line 20 × 20%", w.line21, `${ws}, line 21; IRC §1(h)(1)(D)`),
    step("Line 22: tax on line 5 (rate schedule)", w.line22, `${ws}, line 22; ${brackets}`),
    step("Line 23: lines 18 + 21 + 22 (tax with gains stacked)", w.line23, `${ws}, line 23`),
    step("Line 24: tax on line 1 at ordinary rates (rate schedule)", w.line24, `${ws}, line 24; ${brackets}`),
    step("Line 25: smaller of line 23 or line 24 (the tax)", w.line25, `${ws}, line 25; IRC §1(h)(1)`),
  ];
}

export interface CapitalGainsTax {
  readonly gainsAt0Pct: Cents;
  readonly gainsAt15Pct: Cents;
  readonly gainsAt20Pct: Cents;
  /** The tax the gains add: worksheet line 25 minus the tax on ordinary income (line 22). */
  readonly capitalGainsTax: Cents;
  /** The whole tax on ordinary income plus gains: worksheet line 25. */
  readonly tax: Cents;
  readonly worksheet: CapitalGainWorksheet;
  readonly steps: readonly Step[];
}

/**
 * Net capital gain (and qualified dividends) on top of ordinary taxable income, by the QDCG worksheet: the
 * gains fill the 0%, 15% and 20% bands above ordinary income, and the tax is never more than the tax on
 * all of it at ordinary rates (line 25), so `capitalGainsTax` = line 25 − line 22.
 * @example 2026 mfj, ordinary 98,762 + gains 2,099 → tax 11,613.42 (line 24 binds), capitalGainsTax 257.98
 */
// IRC §1(h)(1), §1(j)(5); QDCG Tax Worksheet lines 1–25
export function longTermCapitalGainsTax(
  year: number,
  status: FilingStatus,
  ordinaryTaxableIncome: Cents,
  longTermCapitalGains: Cents,
): CapitalGainsTax {
  checkTaxableIncome(ordinaryTaxableIncome);
  if (longTermCapitalGains < 0) throw new RangeError("long-term capital gains must be 0 or more");
  const w = capitalGainWorksheet(
    year,
    status,
    cents(ordinaryTaxableIncome + longTermCapitalGains),
    longTermCapitalGains,
  );
  const capitalGainsTax = sub(w.line25, w.line22);
  return {
    gainsAt0Pct: w.line9,
    gainsAt15Pct: w.line17,
    gainsAt20Pct: w.line20,
    capitalGainsTax,
    tax: w.line25,
    worksheet: w,
    steps: [
      ...capitalGainWorksheetSteps(year, w),
      step("Tax the gains add: line 25 minus line 22", capitalGainsTax, "IRC §1(h)(1)"),
    ],
  };
}
