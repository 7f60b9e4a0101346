import * as v from "valibot";
import {
  FORM_8606_LINE_LABELS,
  FORM_8606_LINES,
  type Form8606,
  type Form8606MoneyLine,
  form8606 as formRule,
  type RatioPrecision,
} from "../rules/form-8606.js";
import {
  type Checked,
  checkInput,
  choice,
  InputError,
  input,
  NONE,
  optionalAmount,
  type Shape,
  STEPS,
  toChecked,
  year,
} from "./check.js";
import { fromCents, type Money } from "./money.js";

const PartIII = input({
  nonqualifiedDistributions: optionalAmount,
  firstTimeHomebuyerExpenses: optionalAmount,
  regularContributionBasis: optionalAmount,
  conversionAndRolloverBasis: optionalAmount,
});

const Form8606Args = input({
  year,
  nondeductibleContributions: optionalAmount,
  priorBasis: optionalAmount,
  contributionsMadeNextYear: optionalAmount,
  yearEndValue: optionalAmount,
  outstandingRollovers: optionalAmount,
  distributions: optionalAmount,
  converted: optionalAmount,
  deductibleContributions: optionalAmount,
  basisInConversionWithoutPartI: optionalAmount,
  ratio: v.optional(choice<RatioPrecision>(["exact", "3dp"])),
  rothDistribution: v.optional(PartIII),
});

/** What {@link form8606} takes; every amount left out is $0 (as `megaroth form8606`). */
export interface Form8606Args {
  readonly year: number;
  /** Line 1: nondeductible traditional IRA contributions for the year. */
  readonly nondeductibleContributions?: Money;
  /** Line 2: basis from last year's line 14. */
  readonly priorBasis?: Money;
  /** Line 4: the part of line 1 contributed from January 1 to the deadline of the next year. */
  readonly contributionsMadeNextYear?: Money;
  /** Line 6: value of all traditional, SEP and SIMPLE IRAs on December 31. */
  readonly yearEndValue?: Money;
  /** Line 6: plus outstanding rollovers. */
  readonly outstandingRollovers?: Money;
  /** Line 7: distributions (not rollovers, conversions, QCDs, recharacterizations). */
  readonly distributions?: Money;
  /** Lines 8 and 16: net amount converted to Roth IRAs. */
  readonly converted?: Money;
  /** Deductible contributions of the year (Pub 590-B Worksheet 1-1 when there are distributions). */
  readonly deductibleContributions?: Money;
  /** Line 17 when Part I is not completed. */
  readonly basisInConversionWithoutPartI?: Money;
  /** Line 10 as the exact fraction (`"exact"`, default) or to three places (`"3dp"`, as the form allows). */
  readonly ratio?: RatioPrecision;
  /** Part III: a nonqualified Roth IRA distribution (lines 19–25c). */
  readonly rothDistribution?: {
    readonly nonqualifiedDistributions?: Money;
    readonly firstTimeHomebuyerExpenses?: Money;
    readonly regularContributionBasis?: Money;
    readonly conversionAndRolloverBasis?: Money;
  };
}

const MONEY_LINES = FORM_8606_LINES.filter((l): l is Form8606MoneyLine => l !== "10");
const LINES = Object.fromEntries(MONEY_LINES.map((l) => [l, "money"])) as Record<Form8606MoneyLine, "money">;
const WS = {
  w1: "money",
  w2: "money",
  w3: "money",
  w4: "money",
  w5: "money",
  w6: "money",
  w8Nontaxable: "money",
  w9Taxable: "money",
} as const;
const FORM: Shape<Form8606> = {
  lines: LINES,
  worksheet11: WS,
  taxableAmount: "money",
  basisCarriedForward: "money",
  steps: STEPS,
};

/** One filled line of Form 8606, in the form's order. */
export interface Form8606LineEntry {
  readonly line: string;
  /** The form's words for the line. */
  readonly label: string;
  /** The amount; null for line 10, whose value is `ratio`. */
  readonly amount: Money | null;
  /** Line 10 only: the ratio used as a number (the exact fraction is `line10`). */
  readonly ratio?: number;
}

/** What {@link form8606} returns: `lines` keyed by line number, and `lineList` in the form's order. */
export interface Form8606Report extends Checked<Form8606> {
  readonly lineList: readonly Form8606LineEntry[];
}

/**
 * Form 8606 Parts I–III for the year: nondeductible contributions and basis, the nontaxable part of
 * distributions and conversions (line 10 exact or to three places), and the carry-forward to next year.
 */
export function form8606(args: Form8606Args): Form8606Report {
  const a = checkInput("form8606", Form8606Args, args);
  if (
    a.contributionsMadeNextYear !== undefined &&
    a.contributionsMadeNextYear > (a.nondeductibleContributions ?? 0)
  )
    throw new InputError("form8606", [
      {
        path: "contributionsMadeNextYear",
        message: "is more than nondeductibleContributions (line 4 is part of line 1)",
      },
    ]);
  const r = a.rothDistribution;
  const form = formRule({
    year: a.year,
    nondeductibleContributions: a.nondeductibleContributions ?? NONE,
    priorBasis: a.priorBasis ?? NONE,
    contributionsMadeNextYear: a.contributionsMadeNextYear ?? NONE,
    yearEndValue: a.yearEndValue ?? NONE,
    outstandingRollovers: a.outstandingRollovers ?? NONE,
    distributions: a.distributions ?? NONE,
    converted: a.converted ?? NONE,
    ...(a.deductibleContributions !== undefined && { deductibleContributions: a.deductibleContributions }),
    ...(a.basisInConversionWithoutPartI !== undefined && {
      basisInConversionWithoutPartI: a.basisInConversionWithoutPartI,
    }),
    ratioPrecision: a.ratio ?? "exact",
    ...(r && {
      rothDistribution: {
        nonqualifiedDistributions: r.nonqualifiedDistributions ?? NONE,
        firstTimeHomebuyerExpenses: r.firstTimeHomebuyerExpenses ?? NONE,
        regularContributionBasis: r.regularContributionBasis ?? NONE,
        conversionAndRolloverBasis: r.conversionAndRolloverBasis ?? NONE,
      },
    }),
  });
  const lineList: Form8606LineEntry[] = [];
  for (const line of FORM_8606_LINES) {
    if (line === "10") {
      if (form.line10)
        lineList.push({
          line,
          label: FORM_8606_LINE_LABELS[line],
          amount: null,
          ratio: Number(form.line10.numerator) / Number(form.line10.denominator),
        });
      continue;
    }
    const value = form.lines[line];
    if (value !== undefined)
      lineList.push({ line, label: FORM_8606_LINE_LABELS[line], amount: fromCents(value) });
  }
  return { ...toChecked(form, FORM), lineList };
}
