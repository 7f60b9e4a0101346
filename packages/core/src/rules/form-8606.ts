import { figure } from "../data/figures.js";
import { type Step, step, type Warning } from "./explain.js";
import { parseIsoDate } from "./five-year-clock.js";
import { type Cents, cents, formatUsd, minCents, nonNegative, ZERO } from "./money/cents.js";
import {
  formatRational,
  minRational,
  multiplyRounded,
  ONE,
  type Rational,
  rational,
  roundRational,
} from "./money/rational.js";

/**
 * Form 8606, Nondeductible IRAs, line by line as the form numbers its lines (2023 form; same structure
 * 2024–2026). Amounts are kept to the cent; every product of an amount and the line 10 ratio is rounded
 * half-up to the cent. The basis carried to next year's line 2 is this year's line 14.
 */

/**
 * Line 10 precision. "exact": the fraction line 5 ÷ line 9 itself (closest to IRC §72, permitted since
 * the form asks for "at least 3 places"). "3dp": the form's minimum, rounded half-up to three places.
 */
export type RatioPrecision = "exact" | "3dp";

export const FORM_8606_LINES = [
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
  "10",
  "11",
  "12",
  "13",
  "14",
  "15a",
  "15b",
  "15c",
  "16",
  "17",
  "18",
  "19",
  "20",
  "21",
  "22",
  "23",
  "24",
  "25a",
  "25b",
  "25c",
] as const;
export type Form8606Line = (typeof FORM_8606_LINES)[number];
/** What each line holds, in the words of Form 8606 and its instructions (shortened), for tables and reports. */
export const FORM_8606_LINE_LABELS: Readonly<Record<Form8606Line, string>> = {
  "1": "Nondeductible contributions for the year",
  "2": "Total basis in traditional IRAs (last year's line 14)",
  "3": "Add lines 1 and 2",
  "4": "Part of line 1 contributed after the year, by the due date",
  "5": "Line 3 minus line 4",
  "6": "Value of all traditional, SEP and SIMPLE IRAs on December 31 (plus outstanding rollovers)",
  "7": "Distributions from those IRAs (not converted or rolled over)",
  "8": "Net amount converted to Roth IRAs",
  "9": "Add lines 6, 7 and 8",
  "10": "Line 5 divided by line 9 (not more than 1.000)",
  "11": "Nontaxable part of the conversions (line 8 × line 10)",
  "12": "Nontaxable part of the distributions (line 7 × line 10)",
  "13": "Add lines 11 and 12",
  "14": "Total basis carried to next year (line 3 minus line 13)",
  "15a": "Line 7 minus line 12",
  "15b": "Part of line 15a from qualified disaster distributions",
  "15c": "Taxable amount of the distributions",
  "16": "Amount converted to Roth IRAs",
  "17": "Basis in the amount converted",
  "18": "Taxable amount of the conversions (line 16 minus line 17)",
  "19": "Nonqualified distributions from Roth IRAs",
  "20": "Qualified first-time homebuyer expenses",
  "21": "Line 19 minus line 20",
  "22": "Basis in Roth IRA contributions",
  "23": "Line 21 minus line 22",
  "24": "Basis in conversions and rollovers to Roth IRAs",
  "25a": "Line 23 minus line 24",
  "25b": "Part of line 25a from qualified disaster distributions",
  "25c": "Taxable amount of the Roth IRA distributions",
};

/** Money lines (every line but 10, which is a ratio). */
export type Form8606MoneyLine = Exclude<Form8606Line, "10">;

/** Part III inputs: a nonqualified distribution from Roth IRAs and the basis it is measured against. */
export interface RothDistributionInput {
  /** Line 19: nonqualified Roth IRA distributions of the year. */
  readonly nonqualifiedDistributions: Cents;
  /** Line 20: qualified first-time homebuyer expenses (lifetime $10,000 cap). */
  readonly firstTimeHomebuyerExpenses: Cents;
  /** Line 22: basis in regular Roth IRA contributions not yet distributed. */
  readonly regularContributionBasis: Cents;
  /** Line 24: basis in conversions and in plan-to-Roth-IRA rollovers not yet distributed. */
  readonly conversionAndRolloverBasis: Cents;
}

export interface Form8606Input {
  readonly year: number;
  /** Line 1: nondeductible traditional IRA contributions for the year (including Jan 1–Apr 15 of next year). */
  readonly nondeductibleContributions: Cents;
  /** Line 2: total basis in traditional IRAs, last year's line 14. */
  readonly priorBasis: Cents;
  /** Line 4: the part of line 1 contributed from Jan 1 to Apr 15 of the next year. */
  readonly contributionsMadeNextYear: Cents;
  /** Line 6: value of all traditional, SEP and SIMPLE IRAs on December 31. */
  readonly yearEndValue: Cents;
  /** Line 6: plus outstanding rollovers (distributed by Dec 31, rolled over in the next year within 60 days). */
  readonly outstandingRollovers: Cents;
  /** Line 7: distributions, excluding rollovers, conversions, QCDs, recharacterizations and returned contributions. */
  readonly distributions: Cents;
  /** Line 8 / 16: net amount converted to Roth IRAs in the year. */
  readonly converted: Cents;
  /**
   * Deductible contributions for the year. When some were made and the year has distributions or
   * conversions, the nontaxable part is figured on Pub 590-B Worksheet 1-1 (Form 8606 instructions, line 7).
   */
  readonly deductibleContributions?: Cents;
  /** Line 17 when Part I is not completed: basis in the converted amount (rare; usually 0). */
  readonly basisInConversionWithoutPartI?: Cents;
  readonly ratioPrecision: RatioPrecision;
  readonly rothDistribution?: RothDistributionInput;
}

/** Pub 590-B Worksheet 1-1, "Figuring the Taxable Part of Your IRA Distribution". */
export interface Worksheet11 {
  readonly w1: Cents;
  readonly w2: Cents;
  readonly w3: Cents;
  readonly w4: Cents;
  readonly w5: Cents;
  readonly w6: Cents;
  readonly w7: Rational;
  readonly w8Nontaxable: Cents;
  readonly w9Taxable: Cents;
}

export interface Form8606 {
  readonly year: number;
  /** Money lines by the form's numbers; a line the form leaves blank is absent. */
  readonly lines: Partial<Record<Form8606MoneyLine, Cents>>;
  /** Line 10 as used (exact fraction, or the 3-decimal rounding), capped at 1; null when the line is blank. */
  readonly line10: Rational | null;
  /** Line 10 exactly (line 5 ÷ line 9, capped at 1), for comparison with the rounded figure. */
  readonly line10Exact: Rational | null;
  readonly ratioPrecision: RatioPrecision;
  readonly partICompleted: boolean;
  readonly worksheet11: Worksheet11 | null;
  /** Line 15c + line 18 + line 25c (plus, with no basis, the whole distribution): the amounts for Form 1040 line 4b. */
  readonly taxableAmount: Cents;
  /** Line 14 (or line 2 when Part I is not completed): next year's line 2. */
  readonly basisCarriedForward: Cents;
  readonly steps: readonly Step[];
  readonly warnings: readonly Warning[];
}

const FIRST_TIME_HOMEBUYER_CAP: Cents = cents(1_000_000);

/** Line 10: line 5 ÷ line 9 (or Worksheet 1-1 line 7), never more than 1.000. */
// Form 8606 instructions, line 10: "rounded to at least 3 places. If the result is 1.000 or more, enter 1.000"
export function line10Ratio(basis: Cents, total: Cents, precision: RatioPrecision): Rational {
  const exact = minRational(rational(basis, total), ONE);
  return precision === "exact" ? exact : minRational(roundRational(exact, 3, "half-up"), ONE);
}

/** An amount times the line 10 ratio, rounded half-up to the cent. */
function timesRatio(amount: Cents, ratio: Rational): Cents {
  return cents(multiplyRounded(amount, ratio, "half-up"));
}

function checkAmounts(input: Form8606Input): void {
  const amounts: (Cents | undefined)[] = [
    input.nondeductibleContributions,
    input.priorBasis,
    input.contributionsMadeNextYear,
    input.yearEndValue,
    input.outstandingRollovers,
    input.distributions,
    input.converted,
    input.deductibleContributions,
    input.basisInConversionWithoutPartI,
  ];
  if (amounts.some((a) => a !== undefined && a < 0))
    throw new RangeError("Form 8606 amounts must be 0 or more");
  if (input.contributionsMadeNextYear > input.nondeductibleContributions) {
    throw new RangeError("line 4 (contributions made next year) cannot be more than line 1");
  }
}

/** Whether Part I is needed: nondeductible contributions, or basis together with a distribution or conversion. */
// Form 8606 instructions, "Who Must File"
export function partIRequired(input: Form8606Input): boolean {
  const hasBasis = input.nondeductibleContributions > 0 || input.priorBasis > 0;
  return input.nondeductibleContributions > 0 || (hasBasis && input.distributions + input.converted > 0);
}

/** Form 8606 Parts I, II and III for one year. */
export function form8606(input: Form8606Input): Form8606 {
  checkAmounts(input);
  const lines: Partial<Record<Form8606MoneyLine, Cents>> = {};
  const steps: Step[] = [];
  const warnings: Warning[] = [];
  const partI = partIRequired(input);
  let line10: Rational | null = null;
  let line10Exact: Rational | null = null;
  let worksheet11: Worksheet11 | null = null;
  let basisCarriedForward = input.priorBasis;

  if (partI) {
    const l1 = input.nondeductibleContributions;
    const l2 = input.priorBasis;
    const l3 = cents(l1 + l2);
    Object.assign(lines, { "1": l1, "2": l2, "3": l3 });
    steps.push(
      step("Line 1: nondeductible contributions for the year", l1, "Form 8606, line 1"),
      step("Line 2: basis from last year's line 14", l2, "Form 8606, line 2"),
      step("Line 3: total basis", l3, "Form 8606, line 3"),
    );
    if (input.distributions + input.converted === 0) {
      // Form 8606 line 3: "If … you didn't have any distributions or conversions, enter the amount from line 3 on line 14."
      lines["14"] = l3;
      basisCarriedForward = l3;
      steps.push(
        step("Line 14: no distribution or conversion, so line 3 carries forward", l3, "Form 8606, line 3"),
      );
    } else {
      const l4 = input.contributionsMadeNextYear;
      const l5 = cents(l3 - l4);
      Object.assign(lines, { "4": l4, "5": l5 });
      steps.push(
        step("Line 4: part of line 1 contributed Jan 1–Apr 15 of next year", l4, "Form 8606, line 4"),
        step("Line 5: basis for this year's ratio", l5, "Form 8606, line 5"),
      );
      const useWorksheet = (input.deductibleContributions ?? ZERO) > 0;
      const part = useWorksheet ? worksheetLines(input) : formLines(input, l5);
      Object.assign(lines, part.lines);
      steps.push(...part.steps);
      // With Worksheet 1-1 the form's lines 6–12 stay blank; the ratio is the worksheet's line 7.
      line10 = useWorksheet ? null : part.ratio;
      line10Exact = useWorksheet ? null : part.exactRatio;
      worksheet11 = part.worksheet;
      // With --ratio 3dp the form is followed as printed: line 11 = line 8 × the rounded line 10 even where
      // that exceeds line 5 by cents (Form 8606 instructions, line 10); only line 14 is kept from going
      // below 0. The exact ratio keeps IRC §72: basis recovered never exceeds line 5.
      const asPrinted = !useWorksheet && input.ratioPrecision === "3dp";
      const nontaxable = capAtBasis(part, useWorksheet || asPrinted ? l3 : l5, steps);
      if (nontaxable.warning) warnings.push(nontaxable.warning);
      if (!useWorksheet) {
        Object.assign(lines, { "11": nontaxable.conversion, "12": nontaxable.distribution });
        steps.push(
          step(
            "Line 11: nontaxable part of the conversion (line 8 × line 10)",
            nontaxable.conversion,
            "Form 8606, line 11",
          ),
          step(
            "Line 12: nontaxable part of distributions (line 7 × line 10)",
            nontaxable.distribution,
            "Form 8606, line 12",
          ),
        );
        const overBasis = cents(nontaxable.conversion + nontaxable.distribution - l5);
        if (asPrinted && overBasis > 0) {
          warnings.push({
            code: "LINE_13_ABOVE_LINE_5",
            message:
              `Line 10 rounded to 3 places makes lines 11 and 12 recover ${formatUsd(overBasis)} more than line 5, as the ` +
              "printed form gives; line 14 is smaller by the same amount. --ratio exact keeps within line 5 (IRC §72).",
          });
        }
      }
      const l13 = cents(nontaxable.conversion + nontaxable.distribution);
      const l14 = cents(l3 - l13);
      const l15a = cents(input.distributions - nontaxable.distribution);
      Object.assign(lines, { "13": l13, "14": l14, "15a": l15a, "15b": ZERO, "15c": l15a });
      basisCarriedForward = l14;
      steps.push(
        step("Line 13: nontaxable part of distributions and conversions", l13, "Form 8606, line 13"),
        step("Line 14: basis carried to next year's line 2", l14, "Form 8606, line 14"),
        step("Line 15c: taxable part of distributions not converted", l15a, "Form 8606, line 15c"),
      );
      if (input.converted > 0) {
        const l17 = nontaxable.conversion;
        Object.assign(lines, { "16": input.converted, "17": l17, "18": cents(input.converted - l17) });
      }
      warnings.push(...proRataWarnings(input, lines, l5, part.exactRatio));
    }
  } else if (input.distributions > 0) {
    // IRC §408(d)(1), §72: with no basis the whole distribution is taxable, reported without Form 8606
    steps.push(
      step(
        "Distribution with no basis: all taxable (Form 1040 line 4b)",
        input.distributions,
        "IRC §408(d)(1)",
      ),
    );
    warnings.push({
      code: "NO_BASIS",
      message:
        `With no basis, the whole ${formatUsd(input.distributions)} distribution is taxable and goes on Form 1040 line 4b ` +
        "without Form 8606 Part I.",
    });
  }
  if (!partI && input.converted > 0) {
    const l17 = minCents(input.basisInConversionWithoutPartI ?? ZERO, input.converted);
    Object.assign(lines, { "16": input.converted, "17": l17, "18": cents(input.converted - l17) });
  }
  if (lines["16"] !== undefined) {
    steps.push(
      step("Line 16: amount converted to Roth IRAs", lines["16"], "Form 8606, line 16"),
      step("Line 17: basis in the amount converted", lines["17"] ?? ZERO, "Form 8606, line 17"),
      step("Line 18: taxable amount of the conversion", lines["18"] ?? ZERO, "Form 8606, line 18"),
    );
  }
  if (input.rothDistribution) {
    const partIII = form8606PartIII(input.rothDistribution);
    Object.assign(lines, partIII.lines);
    steps.push(...partIII.steps);
    warnings.push(...partIII.warnings);
  }
  const noBasisDistribution = partI ? ZERO : input.distributions;
  const taxableAmount = cents(
    (lines["15c"] ?? ZERO) + (lines["18"] ?? ZERO) + (lines["25c"] ?? ZERO) + noBasisDistribution,
  );
  return {
    year: input.year,
    lines,
    line10,
    line10Exact,
    ratioPrecision: input.ratioPrecision,
    partICompleted: partI,
    worksheet11,
    taxableAmount,
    basisCarriedForward,
    steps,
    warnings,
  };
}

interface PartIResult {
  readonly lines: Partial<Record<Form8606MoneyLine, Cents>>;
  readonly steps: Step[];
  readonly ratio: Rational;
  readonly exactRatio: Rational;
  readonly worksheet: Worksheet11 | null;
  readonly conversionNontaxable: Cents;
  readonly distributionNontaxable: Cents;
}

/** Lines 6–12 as the form computes them. */
function formLines(input: Form8606Input, l5: Cents): PartIResult {
  const l6 = cents(input.yearEndValue + input.outstandingRollovers);
  const l7 = input.distributions;
  const l8 = input.converted;
  const l9 = cents(l6 + l7 + l8);
  const ratio = line10Ratio(l5, l9, input.ratioPrecision);
  const l11 = timesRatio(l8, ratio);
  const l12 = timesRatio(l7, ratio);
  return {
    lines: { "6": l6, "7": l7, "8": l8, "9": l9, "11": l11, "12": l12 },
    steps: [
      step(
        "Line 6: Dec 31 value of all traditional, SEP and SIMPLE IRAs plus outstanding rollovers",
        l6,
        "Form 8606, line 6",
      ),
      step("Line 7: distributions (not rollovers or conversions)", l7, "Form 8606, line 7"),
      step("Line 8: net amount converted", l8, "Form 8606, line 8"),
      step("Line 9: lines 6 + 7 + 8", l9, "Form 8606, line 9"),
      step(
        `Line 10: line 5 ÷ line 9 = ${describeRatio(ratio, input.ratioPrecision)}`,
        null,
        "Form 8606, line 10",
      ),
      // Lines 11 and 12 are stepped by form8606() once any cap at the basis is applied.
    ],
    ratio,
    exactRatio: line10Ratio(l5, l9, "exact"),
    worksheet: null,
    conversionNontaxable: l11,
    distributionNontaxable: l12,
  };
}

/**
 * The special computation when the year has distributions and contributions that may be partly
 * deductible: Worksheet 1-1 replaces lines 6–12 and its line 8 goes on line 13.
 */
// Form 8606 instructions, line 7 caution; Pub 590-B Worksheet 1-1
function worksheetLines(input: Form8606Input): PartIResult {
  const w1 = input.priorBasis;
  const w2 = cents((input.deductibleContributions ?? ZERO) + input.nondeductibleContributions);
  const w3 = cents(w1 + w2);
  const w4 = cents(input.yearEndValue + input.outstandingRollovers);
  const w5 = cents(input.distributions + input.converted);
  const w6 = cents(w4 + w5);
  const w7 = line10Ratio(w3, w6, input.ratioPrecision);
  const w8Nontaxable = timesRatio(w5, w7);
  const worksheet = { w1, w2, w3, w4, w5, w6, w7, w8Nontaxable, w9Taxable: cents(w5 - w8Nontaxable) };
  // Line 13 is the worksheet's line 8 itself; the distributions take what the conversion (line 17) leaves,
  // so rounding each part separately cannot make line 13 differ from line 8 by a cent.
  const conversionNontaxable = timesRatio(input.converted, w7);
  const distributionNontaxable = cents(w8Nontaxable - conversionNontaxable);
  return {
    lines: {},
    steps: [
      step(
        "Worksheet 1-1 line 3: prior basis + all contributions for the year",
        w3,
        "Pub 590-B, Worksheet 1-1",
      ),
      step(
        "Worksheet 1-1 line 6: Dec 31 value + outstanding rollovers + distributions",
        w6,
        "Pub 590-B, Worksheet 1-1",
      ),
      step(
        `Worksheet 1-1 line 7: line 3 ÷ line 6 = ${describeRatio(w7, input.ratioPrecision)}`,
        null,
        "Pub 590-B, Worksheet 1-1",
      ),
      step(
        "Worksheet 1-1 line 8: nontaxable part of distributions and conversions",
        w8Nontaxable,
        "Pub 590-B, Worksheet 1-1",
      ),
    ],
    ratio: w7,
    exactRatio: line10Ratio(w3, w6, "exact"),
    worksheet,
    conversionNontaxable,
    distributionNontaxable,
  };
}

/**
 * Basis recovered can never exceed the basis (IRC §72(e)): when rounding lines 11 and 12 (or a
 * 3-decimal ratio rounded up to 1.000, or Worksheet 1-1 counting deductible contributions) would make
 * line 13 larger than the basis, the distribution part and then the conversion part are reduced to fit.
 */
function capAtBasis(
  part: Pick<PartIResult, "conversionNontaxable" | "distributionNontaxable">,
  basis: Cents,
  steps: Step[],
): { conversion: Cents; distribution: Cents; warning: Warning | null } {
  const excess = part.conversionNontaxable + part.distributionNontaxable - basis;
  if (excess <= 0) {
    return {
      conversion: part.conversionNontaxable,
      distribution: part.distributionNontaxable,
      warning: null,
    };
  }
  const conversion = minCents(part.conversionNontaxable, basis);
  steps.push(
    step("Nontaxable parts reduced so line 13 does not exceed the basis", cents(excess), "IRC §72(e)"),
  );
  return {
    conversion,
    distribution: cents(basis - conversion),
    warning: {
      code: "LINE_13_CAPPED_AT_BASIS",
      message: `Rounding would recover ${formatUsd(cents(excess))} more than your basis; line 13 was reduced so line 14 is not negative.`,
    },
  };
}

function describeRatio(r: Rational, precision: RatioPrecision): string {
  return precision === "exact"
    ? `${formatRational(r, 6)} (exact fraction)`
    : `${formatRational(r, 3)} (3 places)`;
}

function proRataWarnings(
  input: Form8606Input,
  lines: Partial<Record<Form8606MoneyLine, Cents>>,
  l5: Cents,
  exactRatio: Rational,
): Warning[] {
  const warnings: Warning[] = [];
  const l6 = cents(input.yearEndValue + input.outstandingRollovers);
  const taxable = cents((lines["18"] ?? ZERO) + (lines["15c"] ?? ZERO));
  if (input.deductibleContributions) return warnings;
  if (l6 > 0 && input.converted > 0 && taxable > 0) {
    const moved = cents(input.distributions + input.converted);
    const cleanNontaxable = timesRatio(moved, line10Ratio(l5, moved, input.ratioPrecision));
    const extra = nonNegative(cents(taxable - (moved - cleanNontaxable)));
    if (extra > 0) {
      warnings.push({
        code: "PRETAX_IRA_PRO_RATA",
        message:
          `${formatUsd(l6)} in traditional, SEP or SIMPLE IRAs on December 31 makes ${formatUsd(extra)} more of this ` +
          "year's conversion taxable (Form 8606 line 6, IRA pro-rata rule, IRC §408(d)(2)). Rolling that money into " +
          "an employer plan before December 31 would avoid it.",
      });
    }
  }
  if (input.ratioPrecision === "3dp" && lines["11"] !== undefined) {
    const exact11 = timesRatio(input.converted, exactRatio);
    const difference = cents(exact11 - lines["11"]);
    if (difference !== 0) {
      warnings.push({
        code: "LINE_10_PRECISION",
        message:
          `Line 10 rounded to 3 places gives line 11 ${formatUsd(lines["11"])}; the exact ratio gives ${formatUsd(exact11)} ` +
          `(taxable ${difference > 0 ? "lower" : "higher"} by ${formatUsd(cents(Math.abs(difference)))}). The form allows more places.`,
      });
    }
  }
  return warnings;
}

/** Part III: the taxable part of nonqualified Roth IRA distributions. */
// Form 8606 instructions, lines 19–25c; IRC §408A(d)(4)
export function form8606PartIII(r: RothDistributionInput): {
  lines: Partial<Record<Form8606MoneyLine, Cents>>;
  steps: Step[];
  warnings: Warning[];
} {
  const warnings: Warning[] = [];
  const l19 = r.nonqualifiedDistributions;
  const l20 = minCents(r.firstTimeHomebuyerExpenses, FIRST_TIME_HOMEBUYER_CAP, l19);
  if (r.firstTimeHomebuyerExpenses > FIRST_TIME_HOMEBUYER_CAP) {
    warnings.push({
      code: "HOMEBUYER_CAP",
      message: "Line 20 is limited to $10,000 of lifetime first-time homebuyer expenses.",
    });
  }
  const l21 = nonNegative(cents(l19 - l20));
  const l22 = r.regularContributionBasis;
  const l23 = nonNegative(cents(l21 - l22));
  const l24 = r.conversionAndRolloverBasis;
  const l25a = nonNegative(cents(l23 - l24));
  if (l23 > 0) {
    warnings.push({
      code: "ROTH_CONVERSION_BASIS_REACHED",
      message:
        `${formatUsd(l23)} comes from conversions or earnings: the 10% additional tax may apply to the taxable part of ` +
        "conversions less than 5 years old and to earnings (Form 5329).",
    });
  }
  return {
    lines: {
      "19": l19,
      "20": l20,
      "21": l21,
      "22": l22,
      "23": l23,
      "24": l24,
      "25a": l25a,
      "25b": ZERO,
      "25c": l25a,
    },
    steps: [
      step("Line 19: nonqualified Roth IRA distributions", l19, "Form 8606, line 19"),
      step("Line 21: less first-time homebuyer expenses (line 20)", l21, "Form 8606, line 21"),
      step("Line 22: basis in regular Roth IRA contributions", l22, "Form 8606, line 22"),
      step("Line 23: beyond regular-contribution basis", l23, "Form 8606, line 23"),
      step("Line 24: basis in conversions and plan rollovers", l24, "Form 8606, line 24"),
      step("Line 25c: taxable part (earnings)", l25a, "Form 8606, line 25c"),
    ],
    warnings,
  };
}

/** One IRA contribution for a tax year, with the part the taxpayer treats as nondeductible. */
export interface IraContributionForYear {
  readonly date: string;
  readonly amount: Cents;
  readonly nondeductible: Cents;
}

/**
 * Lines 1 and 4 from the year's contributions: line 1 is every nondeductible part; line 4 is the
 * nondeductible part of money contributed from Jan 1 of the next year to the deadline. A contribution
 * for the year can be made from Jan 1 of the year to the return's due date without extensions,
 * `deadline` (by default the year's IRA contribution deadline from the figures data).
 * @example 2023 Line 4 example: $2,000 in May 2023 ($1,000 designated nondeductible) and $2,000 in Jan 2024 → line 1 $1,000, line 4 $0
 */
// Form 8606 instructions, lines 1 and 4; IRC §219(f)(3)
export function nondeductibleContributionLines(
  year: number,
  contributions: readonly IraContributionForYear[],
  deadline: string = figure("iraContributionDeadline", year),
): { line1: Cents; line4: Cents } {
  let line1 = 0;
  let line4 = 0;
  parseIsoDate(deadline);
  for (const c of contributions) {
    parseIsoDate(c.date);
    if (c.nondeductible < 0 || c.nondeductible > c.amount) {
      throw new RangeError(`the nondeductible part of the ${c.date} contribution must be 0 to its amount`);
    }
    if (c.date < `${year}-01-01` || c.date > deadline) {
      throw new RangeError(
        `a contribution for ${year} must be made from ${year}-01-01 to ${deadline}, not ${c.date}`,
      );
    }
    line1 += c.nondeductible;
    if (c.date > `${year}-12-31`) line4 += c.nondeductible;
  }
  return { line1: cents(line1), line4: cents(line4) };
}

/** Next year's line 2: this year's line 14 (basis carried from year to year). */
// Form 8606 instructions, line 2
export function nextYearPriorBasis(form: Form8606): Cents {
  return form.basisCarriedForward;
}
