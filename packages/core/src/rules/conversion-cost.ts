import { citeFigure, figure, supportedYears } from "../data/figures.js";
import { type Step, step, type Warning } from "./explain.js";
import { federalIncomeTax, taxOnAddedIncome } from "./federal-tax.js";
import {
  addDays,
  type ConversionClock,
  calendarYearOf,
  conversionClock,
  daysBetween,
  daysInMonth,
  isoDate,
  parseIsoDate,
} from "./five-year-clock.js";
import { type Form1099R, form1099RForDirectRollover } from "./form-1099r.js";
import { allocateEvenly } from "./money/allocate.js";
import { type Cents, cents, formatUsd, maxCents, minCents, sum, wholeDollars, ZERO } from "./money/cents.js";
import { type BasisPoints, basisPoints, formatPercent, percentOf } from "./money/percent.js";
import { divideRounded } from "./money/rounding.js";
import { afterTaxSubaccount, allocateDistribution, type DistributionRouting } from "./notice-2014-54.js";
import { type PayFrequency, payDates } from "./paycheck-plan/pay-calendar.js";
import type { FilingStatus } from "./tax-year.js";

/**
 * What converting after-tax 401(k) money costs: the taxable earnings of each conversion under a cadence
 * and a route, the federal (and optional flat state) tax on them, and the Form 1099-R each conversion
 * produces.
 *
 * Growth model (stated, exact): each contribution earns simple interest at the annual return, actual
 * days / 365, from the day it is contributed to the day it is converted, rounded half-up to the cent per
 * contribution. Fees per conversion are shown as a cost and assumed paid from outside the converted
 * amount, so they do not change the taxable figures.
 */

export type StandardCadence = "per-paycheck" | "monthly" | "quarterly" | "yearly";
export type Cadence = StandardCadence | { readonly dates: readonly string[] };
export const STANDARD_CADENCES: readonly StandardCadence[] = [
  "per-paycheck",
  "monthly",
  "quarterly",
  "yearly",
];

/**
 * in-plan-roth: an in-plan Roth rollover (IRC §402A(c)(4)). roth-ira: an in-service distribution of the
 * subaccount directly rolled to a Roth IRA, earnings included. roth-ira-earnings-to-traditional-ira: basis
 * to a Roth IRA and earnings directly rolled to a traditional IRA (Notice 2014-54).
 */
export type ConversionRoute = "in-plan-roth" | "roth-ira" | "roth-ira-earnings-to-traditional-ira";
export const CONVERSION_ROUTES: readonly ConversionRoute[] = [
  "in-plan-roth",
  "roth-ira",
  "roth-ira-earnings-to-traditional-ira",
];

/** The person's tax rates: the federal schedule on their other taxable income, or a stated marginal rate. */
export type ConversionTaxRates =
  | {
      readonly kind: "schedule";
      readonly filingStatus: FilingStatus;
      readonly baseTaxableIncome: Cents;
      /** Qualified dividends and net capital gain inside baseTaxableIncome: the QDCG worksheet then applies. */
      readonly qualifiedDividendsAndGains?: Cents;
    }
  | { readonly kind: "marginal"; readonly federalRateBp: BasisPoints };

export interface AfterTaxContribution {
  readonly date: string;
  readonly amount: Cents;
}

export interface ConversionCostInput {
  readonly year: number;
  readonly contributions: readonly AfterTaxContribution[];
  /** Annual return in basis points; may be negative. */
  readonly annualReturnBp: number;
  readonly cadence: Cadence;
  /** Days between a paycheck and its automatic conversion (per-paycheck cadence only). */
  readonly lagDays: number;
  readonly route: ConversionRoute;
  readonly feePerConversion: Cents;
  readonly rates: ConversionTaxRates;
  /** Optional flat state income tax rate on the taxable amount. */
  readonly stateRateBp: BasisPoints;
}

export interface Conversion {
  readonly date: string;
  /**
   * The tax year the conversion (and its Form 1099-R) belongs to: the calendar year of its date, which is
   * the next year when a per-paycheck lag carries December's conversion into January (IRC §402(c), §451).
   */
  readonly taxYear: number;
  /** Value converted or rolled (Form 1099-R box 1 of the whole distribution). */
  readonly amount: Cents;
  readonly basis: Cents;
  readonly earnings: Cents;
  readonly taxable: Cents;
  readonly federalTax: Cents;
  readonly stateTax: Cents;
  readonly tax: Cents;
  readonly fee: Cents;
  /** Earnings sent to a traditional IRA (the split route). */
  readonly toTraditionalIra: Cents;
  /** The 1099-R of the Roth destination. */
  readonly form1099R: Form1099R;
  /** Every 1099-R of this conversion (two for the split route). */
  readonly forms1099R: readonly Form1099R[];
}

/** What the conversions of one tax year add up to (the year's Forms 1099-R and its return). */
export interface ConversionTaxYearTotals {
  readonly taxYear: number;
  readonly conversions: number;
  readonly taxable: Cents;
  readonly federalTax: Cents;
  readonly stateTax: Cents;
  readonly tax: Cents;
}

export interface ConversionCost {
  /** The year of the contributions; the totals cover every conversion of them, whatever its tax year. */
  readonly year: number;
  /** The totals split by the tax year each conversion belongs to (one entry unless a lag crosses December 31). */
  readonly byTaxYear: readonly ConversionTaxYearTotals[];
  readonly cadence: string;
  readonly route: ConversionRoute;
  readonly conversions: readonly Conversion[];
  readonly totalContributions: Cents;
  readonly totalEarnings: Cents;
  readonly totalTaxable: Cents;
  readonly totalFederalTax: Cents;
  readonly totalStateTax: Cents;
  readonly totalTax: Cents;
  readonly totalFees: Cents;
  /** Tax plus fees. */
  readonly totalCost: Cents;
  readonly totalToTraditionalIra: Cents;
  /** Contributions after the last conversion date, still after-tax at Dec 31, with their earnings to then. */
  readonly unconverted: { readonly basis: Cents; readonly earnings: Cents };
  /**
   * Basis that conversions at a loss could not recover (a conversion recovers at most its value). It stays
   * investment in the contract of the after-tax subaccount and shelters that subaccount's later earnings.
   */
  readonly unrecoveredBasis: Cents;
  readonly fiveYearClocks: readonly ConversionClock[];
  readonly steps: readonly Step[];
  readonly warnings: readonly Warning[];
}

export function cadenceLabel(cadence: Cadence): string {
  return typeof cadence === "string" ? cadence : `dates (${cadence.dates.length})`;
}

/**
 * Earnings of one contribution held for `days`: amount × return × days / 365, rounded half-up to the cent.
 * @example earningsOver(cents(100_000), 700, 365) → 7_000 (7% of $1,000 for a year)
 */
export function earningsOver(amount: Cents, annualReturnBp: number, days: number): Cents {
  if (days < 0) throw new RangeError("a contribution cannot be converted before it is made");
  return cents(
    Number(divideRounded(BigInt(amount) * BigInt(annualReturnBp) * BigInt(days), 3_650_000n, "half-up")),
  );
}

/** The conversion dates of a scheduled cadence in a year (month ends, quarter ends, Dec 31, or the dates given). */
export function scheduledConversionDates(year: number, cadence: Exclude<Cadence, "per-paycheck">): string[] {
  if (typeof cadence !== "string") return [...new Set(cadence.dates)].sort();
  const months =
    cadence === "monthly"
      ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
      : cadence === "quarterly"
        ? [3, 6, 9, 12]
        : [12];
  return months.map((m) => isoDate(year, m, daysInMonth(year, m)));
}

/** A yearly after-tax total spread over the paychecks, leftover cents to the earliest (rules.md §(i)). */
export function paycheckContributions(
  year: number,
  total: Cents,
  frequency: PayFrequency,
  firstPayDate?: string,
): AfterTaxContribution[] {
  const dates = payDates(year, frequency, firstPayDate);
  const amounts = allocateEvenly(total, dates.length);
  return dates.map((date, i) => ({ date, amount: amounts[i]! }));
}

interface Batch {
  readonly date: string;
  readonly basis: Cents;
  readonly earnings: Cents;
}

/** Groups contributions into conversions: each contribution converts on the first conversion date on or after it. */
function conversionBatches(input: ConversionCostInput): { batches: Batch[]; unconverted: Batch } {
  const contributions = [...input.contributions].sort((a, b) => a.date.localeCompare(b.date));
  if (input.cadence === "per-paycheck") {
    const byDate = new Map<string, { basis: number; earnings: number }>();
    for (const c of contributions) {
      const date = addDays(c.date, input.lagDays);
      const b = byDate.get(date) ?? { basis: 0, earnings: 0 };
      byDate.set(date, {
        basis: b.basis + c.amount,
        earnings: b.earnings + earningsOver(c.amount, input.annualReturnBp, input.lagDays),
      });
    }
    const batches = [...byDate.entries()].map(([date, b]) => ({
      date,
      basis: cents(b.basis),
      earnings: cents(b.earnings),
    }));
    return { batches, unconverted: { date: isoDate(input.year, 12, 31), basis: ZERO, earnings: ZERO } };
  }
  const dates = scheduledConversionDates(input.year, input.cadence);
  const batches: Batch[] = [];
  let next = 0;
  for (const date of dates) {
    const due = [];
    while (next < contributions.length && contributions[next]!.date <= date) due.push(contributions[next++]!);
    if (due.length === 0) continue;
    batches.push({
      date,
      basis: sum(due.map((c) => c.amount)),
      earnings: sum(due.map((c) => earningsOver(c.amount, input.annualReturnBp, daysBetween(c.date, date)))),
    });
  }
  const yearEnd = isoDate(input.year, 12, 31);
  const rest = contributions.slice(next);
  return {
    batches,
    unconverted: {
      date: yearEnd,
      basis: sum(rest.map((c) => c.amount)),
      earnings: sum(
        rest.map((c) =>
          earningsOver(c.amount, input.annualReturnBp, Math.max(0, daysBetween(c.date, yearEnd))),
        ),
      ),
    },
  };
}

/** The year whose rate schedule taxes a tax year's conversions: that year, or the input's year if unpublished. */
function scheduleYear(input: ConversionCostInput, taxYear: number): number {
  if (input.rates.kind === "marginal") return taxYear;
  return supportedYears("ordinaryIncomeBrackets").includes(taxYear) ? taxYear : input.year;
}

/** The destinations of one conversion's money by route; with a loss, everything left is basis. */
// Notice 2014-54 (split route); IRC §402A(c)(4) (in-plan)
function routingFor(route: ConversionRoute, basis: Cents, pretax: Cents): DistributionRouting {
  const value = cents(basis + pretax);
  if (route === "in-plan-roth") return { inPlanRoth: value };
  if (route === "roth-ira") return { rothIra: value };
  return { rothIra: basis, traditionalIra: pretax };
}

/** Tax on the k-th slice of taxable income stacked on the earlier ones: f(cumulative) − f(previous cumulative). */
function stackedTaxes(taxables: readonly Cents[], taxOn: (cumulative: Cents) => Cents): Cents[] {
  let cumulative = ZERO;
  let previousTax = taxOn(ZERO);
  return taxables.map((t) => {
    cumulative = cents(cumulative + t);
    const tax = taxOn(cumulative);
    const slice = cents(tax - previousTax);
    previousTax = tax;
    return slice;
  });
}

function federalTaxOn(year: number, rates: ConversionTaxRates): (added: Cents) => Cents {
  if (rates.kind === "marginal") return (added) => percentOf(added, rates.federalRateBp, "half-up");
  // Same as taxOnAddedIncome(…).incrementalTax, without building its steps for every slice; with gains in
  // the base, both taxes come from the QDCG worksheet (IRC §1(h)(1)).
  const gains = rates.qualifiedDividendsAndGains ?? ZERO;
  const taxBefore = federalIncomeTax(year, rates.filingStatus, rates.baseTaxableIncome, gains);
  return (added) =>
    cents(
      federalIncomeTax(year, rates.filingStatus, cents(rates.baseTaxableIncome + added), gains) - taxBefore,
    );
}

export interface ConversionTax {
  /** Federal tax on other income alone, and with the taxable amount added (schedule mode; null with a stated rate). */
  readonly taxBefore: Cents | null;
  readonly taxAfter: Cents | null;
  readonly federalTax: Cents;
  readonly stateTax: Cents;
  readonly tax: Cents;
  /** Federal tax ÷ taxable amount, in basis points rounded half-up. */
  readonly effectiveRateBp: BasisPoints;
  readonly steps: readonly Step[];
}

/** The tax on a taxable conversion amount: federal (schedule or stated marginal rate) plus a flat state rate. */
// rules.md §(h): tax(TI + X) − tax(TI); IRC §1
export function taxOnConversion(
  year: number,
  rates: ConversionTaxRates,
  stateRateBp: BasisPoints,
  taxable: Cents,
): ConversionTax {
  const stateTax = percentOf(taxable, stateRateBp, "half-up");
  const stateStep = step(
    `State tax at a flat ${formatPercent(stateRateBp)}`,
    stateTax,
    "stated flat state rate",
  );
  if (rates.kind === "marginal") {
    const federalTax = percentOf(taxable, rates.federalRateBp, "half-up");
    const label = `Federal tax at the stated ${formatPercent(rates.federalRateBp)} marginal rate`;
    return conversionTax(null, null, federalTax, stateTax, taxable, [
      step(label, federalTax, "stated marginal rate"),
      stateStep,
    ]);
  }
  const added = taxOnAddedIncome(
    year,
    rates.filingStatus,
    rates.baseTaxableIncome,
    taxable,
    rates.qualifiedDividendsAndGains ?? ZERO,
  );
  return conversionTax(added.tax, added.taxWithAdded, added.incrementalTax, stateTax, taxable, [
    ...added.steps,
    stateStep,
  ]);
}

function conversionTax(
  taxBefore: Cents | null,
  taxAfter: Cents | null,
  federalTax: Cents,
  stateTax: Cents,
  taxable: Cents,
  steps: Step[],
): ConversionTax {
  const effectiveRateBp = basisPoints(
    taxable === 0 ? 0 : Number(divideRounded(BigInt(federalTax) * 10_000n, BigInt(taxable), "half-up")),
  );
  return {
    taxBefore,
    taxAfter,
    federalTax,
    stateTax,
    tax: cents(federalTax + stateTax),
    effectiveRateBp,
    steps,
  };
}

function checkInput(input: ConversionCostInput): void {
  for (const c of input.contributions) {
    if (c.amount < 0) throw new RangeError(`contribution on ${c.date} must be 0 or more`);
    if (parseIsoDate(c.date).year !== input.year)
      throw new RangeError(`contribution date ${c.date} is not in ${input.year}`);
  }
  if (typeof input.cadence !== "string") {
    for (const d of input.cadence.dates) {
      if (parseIsoDate(d).year !== input.year)
        throw new RangeError(`conversion date ${d} is not in ${input.year}`);
    }
  }
  if (!Number.isInteger(input.annualReturnBp) || input.annualReturnBp < -10_000) {
    throw new RangeError("annual return must be a whole number of basis points, -100% or more");
  }
  if (!Number.isInteger(input.lagDays) || input.lagDays < 0)
    throw new RangeError("lagDays must be a whole number 0 or more");
  // A lag may carry a conversion into the next year (it is then that year's conversion), not further.
  if (
    input.cadence === "per-paycheck" &&
    input.contributions.some((c) => calendarYearOf(addDays(c.date, input.lagDays)) > input.year + 1)
  ) {
    throw new RangeError(`a conversion ${input.lagDays} days after a paycheck falls after ${input.year + 1}`);
  }
}

/** The cost of converting a year's after-tax contributions by one cadence and route. */
export function conversionCost(input: ConversionCostInput): ConversionCost {
  checkInput(input);
  const { batches: all, unconverted } = conversionBatches(input);
  // A date with nothing to convert is no conversion (and no fee).
  const batches = all.filter((b) => b.basis > 0);
  const allocations = batches.map((b) => {
    // A loss leaves no pretax money: the whole value is basis recovered, the rest of the basis stays in the subaccount.
    const pretax = maxCents(b.earnings, ZERO);
    const basisInValue = minCents(b.basis, cents(b.basis + b.earnings));
    const value = cents(basisInValue + pretax);
    // No route pays cash, so age and the 10% additional tax do not enter.
    return allocateDistribution({
      account: afterTaxSubaccount(basisInValue, pretax),
      distribution: value,
      routing: routingFor(input.route, basisInValue, pretax),
      ageAtDistribution: 0,
      exceptionTo72t: false,
    });
  });
  // Each tax year's conversions are that year's income, stacked on that year's other income (one stack per
  // year). A year after the last published brackets is estimated on this year's schedule (see the warning).
  const taxYears = batches.map((b) => calendarYearOf(b.date));
  const federal: Cents[] = [];
  const state: Cents[] = [];
  for (const taxYear of [...new Set(taxYears)]) {
    const idx = taxYears.flatMap((y, i) => (y === taxYear ? [i] : []));
    const taxables = idx.map((i) => allocations[i]!.taxableAmount);
    const f = stackedTaxes(taxables, federalTaxOn(scheduleYear(input, taxYear), input.rates));
    const st = stackedTaxes(taxables, (added) => percentOf(added, input.stateRateBp, "half-up"));
    idx.forEach((i, k) => {
      federal[i] = f[k]!;
      state[i] = st[k]!;
    });
  }
  const conversions: Conversion[] = batches.map((b, i) => {
    const a = allocations[i]!;
    const forms = a.forms1099R;
    // A conversion whose value was lost entirely still shows an (empty) form for its destination.
    const roth =
      forms.find((f) => f.destination !== "traditional-ira") ??
      form1099RForDirectRollover(input.route === "in-plan-roth" ? "in-plan-roth" : "roth-ira", ZERO, ZERO);
    return {
      date: b.date,
      taxYear: taxYears[i]!,
      amount: cents(a.pretaxInDistribution + a.afterTaxInDistribution),
      basis: b.basis,
      earnings: b.earnings,
      taxable: a.taxableAmount,
      federalTax: federal[i]!,
      stateTax: state[i]!,
      tax: cents(federal[i]! + state[i]!),
      fee: input.feePerConversion,
      toTraditionalIra: cents(a.traditionalIra.pretax + a.traditionalIra.afterTax),
      form1099R: roth,
      forms1099R: forms,
    };
  });
  const total = (pick: (c: Conversion) => Cents) => sum(conversions.map(pick));
  const totalTaxable = total((c) => c.taxable);
  const totalFederalTax = total((c) => c.federalTax);
  const totalStateTax = total((c) => c.stateTax);
  const totalTax = cents(totalFederalTax + totalStateTax);
  const totalFees = total((c) => c.fee);
  const totalToTraditionalIra = total((c) => c.toTraditionalIra);
  const byTaxYear = [...new Set(taxYears)].map((taxYear) => {
    const of = conversions.filter((c) => c.taxYear === taxYear);
    const t = (pick: (c: Conversion) => Cents) => sum(of.map(pick));
    return {
      taxYear,
      conversions: of.length,
      taxable: t((c) => c.taxable),
      federalTax: t((c) => c.federalTax),
      stateTax: t((c) => c.stateTax),
      tax: t((c) => c.tax),
    };
  });
  const result = {
    year: input.year,
    byTaxYear,
    cadence: cadenceLabel(input.cadence),
    route: input.route,
    conversions,
    totalContributions: sum(input.contributions.map((c) => c.amount)),
    totalEarnings: total((c) => c.earnings),
    totalTaxable,
    totalFederalTax,
    totalStateTax,
    totalTax,
    totalFees,
    totalCost: cents(totalTax + totalFees),
    totalToTraditionalIra,
    unconverted: { basis: unconverted.basis, earnings: unconverted.earnings },
    unrecoveredBasis: sum(conversions.map((c) => cents(c.basis - c.form1099R.box5))),
    fiveYearClocks: byTaxYear.filter((t) => t.taxable > 0).map((t) => conversionClock(t.taxYear, t.taxable)),
  };
  return { ...result, steps: costSteps(input, result), warnings: costWarnings(input, result) };
}

function costSteps(input: ConversionCostInput, r: Omit<ConversionCost, "steps" | "warnings">): Step[] {
  const federalCitation =
    input.rates.kind === "schedule"
      ? `${citeFigure("ordinaryIncomeBrackets", input.year)}; rules.md §(h)`
      : `stated marginal rate ${formatPercent(input.rates.federalRateBp)}`;
  return [
    step("After-tax contributions", r.totalContributions, "IRC §72(e)(8); 402A(c)(4)"),
    step(
      `Earnings before conversion (${formatPercent(basisPoints(input.annualReturnBp))} a year, simple interest, actual/365)`,
      r.totalEarnings,
      "growth assumption",
    ),
    step(
      `Taxable amount of ${r.conversions.length} conversion(s): value − basis`,
      r.totalTaxable,
      conversionCitation(input.route),
    ),
    step("Federal tax on the taxable amount, stacked on other income", r.totalFederalTax, federalCitation),
    step(
      `State tax at a flat ${formatPercent(input.stateRateBp)}`,
      r.totalStateTax,
      "stated flat state rate",
    ),
    step(
      `Fees: ${r.conversions.length} × ${formatUsd(input.feePerConversion)}`,
      r.totalFees,
      "plan fee schedule",
    ),
  ];
}

function conversionCitation(route: ConversionRoute): string {
  if (route === "in-plan-roth") return "IRC §402A(c)(4)";
  if (route === "roth-ira") return "IRC §408A(d)(3); §402(c)(8)(B)";
  return "Notice 2014-54";
}

function costWarnings(input: ConversionCostInput, r: Omit<ConversionCost, "steps" | "warnings">): Warning[] {
  const warnings: Warning[] = [];
  if (r.totalTaxable > 0) {
    warnings.push({
      code: "EARNINGS_TAXED",
      message:
        `Converting ${r.cadence} leaves ${formatUsd(r.totalTaxable)} of earnings to tax (${formatUsd(r.totalTax)}). ` +
        "Converting sooner after each contribution leaves less.",
    });
  }
  for (const later of r.byTaxYear.filter((t) => t.taxYear !== input.year)) {
    const estimated =
      input.rates.kind === "schedule" && scheduleYear(input, later.taxYear) !== later.taxYear
        ? ` ${later.taxYear}'s brackets are not published yet: its federal tax is estimated on the ${input.year} schedule and the ${input.year} taxable income given.`
        : "";
    warnings.push({
      code: "CONVERSION_IN_NEXT_YEAR",
      message:
        `${later.conversions} conversion(s) fall in ${later.taxYear} (the lag carries them past December 31): they are ` +
        `${later.taxYear} income, on ${later.taxYear} Forms 1099-R (taxable ${formatUsd(later.taxable)}), and start a ` +
        `five-year clock on January 1, ${later.taxYear}. The totals cover all of the ${input.year} contributions' ` +
        `conversions; "byTaxYear" splits them by year.${estimated}`,
    });
  }
  if (r.unconverted.basis > 0) {
    warnings.push({
      code: "LEFT_UNCONVERTED",
      message:
        `${formatUsd(r.unconverted.basis)} contributed after the last conversion date stays after-tax at December 31, ` +
        `with ${formatUsd(r.unconverted.earnings)} of earnings that will be taxable when converted.`,
    });
  }
  if (r.totalToTraditionalIra > 0) {
    warnings.push({
      code: "TRADITIONAL_IRA_BALANCE",
      message:
        `${formatUsd(r.totalToTraditionalIra)} of earnings goes to a traditional IRA: a traditional IRA balance on ` +
        "December 31 makes a backdoor Roth conversion that year partly taxable (Form 8606 line 6, IRC §408(d)(2)).",
    });
  }
  if (input.route === "in-plan-roth" && r.totalTax > 0) {
    warnings.push({
      code: "NO_WITHHOLDING_ON_IRR",
      message:
        "A direct in-plan Roth rollover has no mandatory withholding: pay the tax by estimated payments or a larger W-4.",
    });
  }
  if (r.totalTaxable > 0 && input.route !== "roth-ira-earnings-to-traditional-ira") {
    warnings.push({
      code: "FIVE_YEAR_CLOCK",
      message:
        `The ${formatUsd(r.totalTaxable)} taxable part starts a five-year clock on January 1, ${input.year}: withdrawn before ` +
        `59½ and before ${input.year + 5}, it bears the 10% additional tax (IRC §408A(d)(3)(F); Notice 2010-84).`,
    });
  }
  if (r.conversions.length > 0) {
    warnings.push({
      code: "SEPARATE_CONTRACT_DEPENDS_ON_PLAN",
      message:
        "These figures treat the after-tax subaccount as a separate contract (IRC §72(d)(2)): only its earnings are " +
        "taxable. That holds only if the plan accounts for after-tax money separately and converts or distributes it " +
        "alone; otherwise pretax money in the account is converted pro rata and more is taxable.",
    });
  }
  // IRC §72(e)(6): investment in the contract is contributions less the amounts received tax-free
  if (r.unrecoveredBasis > 0) {
    warnings.push({
      code: "BASIS_NOT_RECOVERED",
      message:
        `Negative returns left ${formatUsd(r.unrecoveredBasis)} of after-tax basis that the conversions could not recover ` +
        "(each recovers at most its value, Form 1099-R box 5). It stays basis in the after-tax subaccount (IRC §72(e)(6)) " +
        "and lowers the taxable part of later conversions from that subaccount by up to that amount; keep the record.",
    });
  }
  return warnings;
}

/** The same contributions, route and rates under each standard cadence, for a side-by-side comparison. */
export function compareCadences(input: Omit<ConversionCostInput, "cadence">): ConversionCost[] {
  return STANDARD_CADENCES.map((cadence) => conversionCost({ ...input, cadence }));
}

export interface NiitEffect {
  readonly niitBefore: Cents;
  readonly magiAfter: Cents;
  readonly niitAfter: Cents;
  readonly incrementalNiit: Cents;
}

/** NIIT: 3.8% of the smaller of net investment income and MAGI over the threshold, rounded half-up. */
// IRC §1411(a)(1)
export function netInvestmentIncomeTax(
  year: number,
  status: FilingStatus,
  magi: Cents,
  netInvestmentIncome: Cents,
): Cents {
  const threshold = wholeDollars(figure("niitThreshold", year)[status]);
  const base = minCents(netInvestmentIncome, maxCents(ZERO, cents(magi - threshold)));
  return percentOf(maxCents(base, ZERO), basisPoints(380), "half-up");
}

/** A conversion is not net investment income but raises MAGI, which can raise the NIIT. */
// IRC §1411(c)(5) (distributions from qualified plans and IRAs are not NII); §1411(a)(1)
export function niitOnConversion(
  year: number,
  status: FilingStatus,
  magiBeforeConversion: Cents,
  netInvestmentIncome: Cents,
  taxableConversion: Cents,
): NiitEffect {
  const magiAfter = cents(magiBeforeConversion + taxableConversion);
  const niitBefore = netInvestmentIncomeTax(year, status, magiBeforeConversion, netInvestmentIncome);
  const niitAfter = netInvestmentIncomeTax(year, status, magiAfter, netInvestmentIncome);
  return { niitBefore, magiAfter, niitAfter, incrementalNiit: cents(niitAfter - niitBefore) };
}
