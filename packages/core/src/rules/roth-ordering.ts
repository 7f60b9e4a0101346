import { type Step, step, type Warning } from "./explain.js";
import { isWithinFiveTaxableYears } from "./five-year-clock.js";
import { type Form8606MoneyLine, form8606PartIII } from "./form-8606.js";
import { type Cents, cents, formatUsd, minCents, nonNegative, sum, ZERO } from "./money/cents.js";
import { basisPoints, percentOf } from "./money/percent.js";

/**
 * What a planned Roth IRA withdrawal is made of under the ordering rules, and what it costs: regular
 * contributions first, then conversions oldest first (taxable portion before nontaxable within a year),
 * then earnings. All Roth IRAs, all distributions of a year and all conversions of a year are aggregated.
 */

/** What is left (not yet distributed) of one year's conversions and plan-to-Roth-IRA rollovers. */
export interface ConversionLayer {
  readonly year: number;
  readonly taxablePortion: Cents;
  readonly nontaxablePortion: Cents;
}

export interface RothWithdrawalInput {
  readonly year: number;
  readonly amount: Cents;
  /** Age on the distribution date in years; 59.5 means 59½ attained. */
  readonly ageAtDistribution: number;
  /** Disability or death: qualifies the distribution (with the five years) and is an exception to the 10%. */
  readonly disabledOrDeceased: boolean;
  /** Another §72(t) exception (e.g. substantially equal periodic payments). */
  readonly otherExceptionTo72t: boolean;
  /** Regular Roth IRA contributions not yet distributed. */
  readonly regularContributionBasis: Cents;
  readonly conversions: readonly ConversionLayer[];
  /** First year for which any Roth IRA contribution or conversion was made; starts the qualified-distribution clock. */
  readonly firstRothYear: number;
  /** Qualified first-time homebuyer expenses paid with the withdrawal. */
  readonly firstTimeHomebuyerExpenses: Cents;
}

export interface WithdrawalLayer {
  /** "regular contributions", "2022 conversion - taxable portion", "earnings" … */
  readonly source: string;
  readonly conversionYear: number | null;
  readonly amount: Cents;
  /** Part of this layer includible in income. */
  readonly tax: Cents;
  /** 10% additional tax on this layer. */
  readonly penalty: Cents;
}

export interface RothWithdrawal {
  readonly qualified: boolean;
  /** The five-taxable-year period from the first Roth year has ended (IRC §408A(d)(2)(B)). */
  readonly fiveYearPeriodMet: boolean;
  /** Homebuyer expenses used as the §72(t)(2)(F) exception to the 10% (inside the five years only). */
  readonly homebuyerExceptionTo10Pct: Cents;
  readonly layers: readonly WithdrawalLayer[];
  readonly includibleInIncome: Cents;
  readonly additionalTax10Pct: Cents;
  /** Form 8606 Part III (lines 19–25c) for a nonqualified distribution; empty for a qualified one. */
  readonly form8606Lines: Partial<Record<Form8606MoneyLine, Cents>>;
  readonly steps: readonly Step[];
  readonly warnings: readonly Warning[];
}

const HOMEBUYER_CAP: Cents = cents(1_000_000);

/**
 * A qualified distribution: five taxable years after the first Roth year, and 59½, disability, death, or
 * a first home (only when the whole withdrawal is within the expenses and the $10,000 lifetime cap).
 */
// IRC §408A(d)(2)
export function isQualifiedDistribution(input: RothWithdrawalInput): boolean {
  if (!fiveYearPeriodMet(input)) return false;
  const homebuyer =
    input.amount <= minCents(input.firstTimeHomebuyerExpenses, HOMEBUYER_CAP) && input.amount > 0;
  return input.ageAtDistribution >= 59.5 || input.disabledOrDeceased || homebuyer;
}

/** The five-taxable-year period from January 1 of the first Roth year has ended by the withdrawal year. */
// IRC §408A(d)(2)(B)
export function fiveYearPeriodMet(input: Pick<RothWithdrawalInput, "year" | "firstRothYear">): boolean {
  return input.year >= input.firstRothYear && !isWithinFiveTaxableYears(input.firstRothYear, input.year);
}

function tenPercent(amount: Cents): Cents {
  return percentOf(amount, basisPoints(1000), "half-up");
}

/** All conversions of a year are aggregated, and years are taken oldest first. */
// Treas. Reg. 1.408A-6 Q&A-9
export function conversionsByYear(conversions: readonly ConversionLayer[]): ConversionLayer[] {
  const totals = new Map<number, { taxable: number; nontaxable: number }>();
  for (const c of conversions) {
    if (c.taxablePortion < 0 || c.nontaxablePortion < 0)
      throw new RangeError("conversion amounts must be 0 or more");
    const t = totals.get(c.year) ?? { taxable: 0, nontaxable: 0 };
    totals.set(c.year, {
      taxable: t.taxable + c.taxablePortion,
      nontaxable: t.nontaxable + c.nontaxablePortion,
    });
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, t]) => ({ year, taxablePortion: cents(t.taxable), nontaxablePortion: cents(t.nontaxable) }));
}

/** Splits a planned withdrawal into its ordering layers with the tax and the 10% on each. */
// IRC §408A(d)(4)(B); Treas. Reg. 1.408A-6 Q&A-8; §408A(d)(3)(F) for the conversion five-year rule
export function rothWithdrawal(input: RothWithdrawalInput): RothWithdrawal {
  if (input.amount < 0 || input.regularContributionBasis < 0 || input.firstTimeHomebuyerExpenses < 0) {
    throw new RangeError("amounts must be 0 or more");
  }
  const qualified = isQualifiedDistribution(input);
  const penaltyApplies =
    !qualified && input.ageAtDistribution < 59.5 && !input.disabledOrDeceased && !input.otherExceptionTo72t;
  const layers: WithdrawalLayer[] = [];
  let remaining = input.amount;
  const take = (available: Cents): Cents => {
    const taken = minCents(remaining, available);
    remaining = cents(remaining - taken);
    return taken;
  };
  // IRC §408A(d)(2)(B), §408A(d)(5): homebuyer money is a qualified distribution (Form 8606 line 20) only
  // after the five-taxable-year period. Inside it nothing is qualified, whatever it is for; the expenses only
  // waive the 10% (IRC §72(t)(2)(F), $10,000 lifetime under §72(t)(8)(B)) on the amounts it applies to.
  const fiveYearsMet = fiveYearPeriodMet(input);
  const homebuyer = minCents(input.firstTimeHomebuyerExpenses, HOMEBUYER_CAP, input.amount);
  const line20 = fiveYearsMet ? homebuyer : ZERO;
  // Form 8606 line 20 comes off the top (line 21 = line 19 − line 20) and only line 21 is ordered into
  // lines 22–25, so line 20 frees the LAST dollars of the ordering from tax and from the 10%.
  const orderedEnd = input.amount - line20;
  /** The part of a layer just taken (ending where `remaining` now starts) that lies within line 21. */
  const withinLine21 = (amount: Cents): Cents => {
    const start = input.amount - remaining - amount;
    return cents(Math.max(0, Math.min(amount, orderedEnd - start)));
  };
  /** Per layer, the amount the 10% would apply to before the homebuyer exception (Form 5329 line 1). */
  const exposed: Cents[] = [];
  const push = (layer: Omit<WithdrawalLayer, "penalty">, exposedAmount: Cents) => {
    layers.push({ ...layer, penalty: ZERO });
    exposed.push(penaltyApplies ? exposedAmount : ZERO);
  };

  const regular = take(input.regularContributionBasis);
  if (regular > 0)
    push({ source: "regular contributions", conversionYear: null, amount: regular, tax: ZERO }, ZERO);
  const byYear = conversionsByYear(input.conversions);
  for (const c of byYear) {
    const taxablePart = take(c.taxablePortion);
    if (taxablePart > 0) {
      const inClock = isWithinFiveTaxableYears(c.year, input.year);
      push(
        {
          source: `${c.year} conversion - taxable portion`,
          conversionYear: c.year,
          amount: taxablePart,
          tax: ZERO,
        },
        inClock ? withinLine21(taxablePart) : ZERO,
      );
    }
    const nontaxablePart = take(c.nontaxablePortion);
    if (nontaxablePart > 0) {
      push(
        {
          source: `${c.year} conversion - nontaxable portion`,
          conversionYear: c.year,
          amount: nontaxablePart,
          tax: ZERO,
        },
        ZERO,
      );
    }
  }
  const earnings = take(remaining);
  if (earnings > 0) {
    const includible = qualified ? ZERO : withinLine21(earnings);
    push({ source: "earnings", conversionYear: null, amount: earnings, tax: includible }, includible);
  }
  // IRC §72(t)(2)(F): inside the five years the homebuyer expenses are an exception to the 10% (Form 5329
  // line 2, exception 09), taken here from the last layers first (the 10% is one rate, so the total is the same).
  let exceptionLeft: number = fiveYearsMet ? 0 : homebuyer;
  for (let i = layers.length - 1; i >= 0; i--) {
    const waived = Math.min(exceptionLeft, exposed[i]!);
    exceptionLeft -= waived;
    const layer = layers[i]!;
    layers[i] = { ...layer, penalty: tenPercent(cents(exposed[i]! - waived)) };
  }
  const homebuyerException = cents((fiveYearsMet ? 0 : homebuyer) - exceptionLeft);

  const includibleInIncome = sum(layers.map((l) => l.tax));
  const additionalTax10Pct = sum(layers.map((l) => l.penalty));
  const conversionBasis = sum(byYear.map((c) => cents(c.taxablePortion + c.nontaxablePortion)));
  const partIII = qualified
    ? null
    : form8606PartIII({
        nonqualifiedDistributions: input.amount,
        firstTimeHomebuyerExpenses: line20,
        regularContributionBasis: input.regularContributionBasis,
        conversionAndRolloverBasis: conversionBasis,
      });
  const steps: Step[] = [
    step(
      qualified
        ? "Qualified distribution: nothing is taxable"
        : "Nonqualified distribution: ordering rules apply",
      input.amount,
      "IRC §408A(d)(2)",
    ),
    ...layers.map((l) => step(`From ${l.source}`, l.amount, "Treas. Reg. 1.408A-6 Q&A-8")),
    step("Includible in income (earnings)", includibleInIncome, "IRC §408A(d)(4); Form 8606 line 25c"),
    ...(homebuyer > 0 && !fiveYearsMet
      ? [
          step(
            "Inside the five-year period: first-time homebuyer money is not qualified (Form 8606 line 20 = 0)",
            ZERO,
            "IRC §408A(d)(2)(B); Form 8606 instructions, line 20",
          ),
          step(
            "First-time homebuyer exception to the 10% (Form 5329 line 2, exception 09)",
            homebuyerException,
            "IRC §72(t)(2)(F), §72(t)(8)",
          ),
        ]
      : []),
    step("10% additional tax", additionalTax10Pct, "IRC §72(t); §408A(d)(3)(F); Form 5329"),
  ];
  const warnings: Warning[] = [...(partIII?.warnings ?? [])];
  if (homebuyer > 0 && !fiveYearsMet) {
    warnings.push({
      code: "HOMEBUYER_INSIDE_FIVE_YEARS",
      message:
        `The five-year period that began January 1, ${input.firstRothYear} has not ended, so the ${formatUsd(homebuyer)} ` +
        "for a first home is not a qualified distribution (Form 8606 line 20 is 0) and its earnings are taxable; " +
        `it only waives the 10% additional tax on ${formatUsd(homebuyerException)} (IRC §72(t)(2)(F); Form 5329 exception 09).`,
    });
  }
  const recaptured = layers.filter((l) => l.penalty > 0 && l.conversionYear !== null);
  for (const l of recaptured) {
    warnings.push({
      code: "CONVERSION_FIVE_YEAR_RULE",
      message:
        `${formatUsd(l.amount)} comes from the taxable part of the ${l.conversionYear} conversion, whose five-year ` +
        `period runs to December 31, ${(l.conversionYear ?? 0) + 4}: 10% additional tax ${formatUsd(l.penalty)}.`,
    });
  }
  return {
    qualified,
    fiveYearPeriodMet: fiveYearsMet,
    homebuyerExceptionTo10Pct: homebuyerException,
    layers,
    includibleInIncome,
    additionalTax10Pct,
    form8606Lines: partIII?.lines ?? {},
    steps,
    warnings,
  };
}

/** Roth basis left after a withdrawal: regular contributions and each conversion layer reduced in order. */
export function basisAfterWithdrawal(
  input: RothWithdrawalInput,
  result: RothWithdrawal,
): { regularContributionBasis: Cents; conversions: ConversionLayer[] } {
  const used = (source: string) => sum(result.layers.filter((l) => l.source === source).map((l) => l.amount));
  return {
    regularContributionBasis: nonNegative(
      cents(input.regularContributionBasis - used("regular contributions")),
    ),
    conversions: conversionsByYear(input.conversions).map((c) => ({
      year: c.year,
      taxablePortion: cents(c.taxablePortion - used(`${c.year} conversion - taxable portion`)),
      nontaxablePortion: cents(c.nontaxablePortion - used(`${c.year} conversion - nontaxable portion`)),
    })),
  };
}
