import type { MonteCarloOptions, ReturnModel } from "@megaroth/core/typed";
import {
  type BasisPoints,
  type Cents,
  type EqualBudgetAssumptions,
  type FilingStatus,
  MAX_HORIZON_YEARS,
  ownerIncomeForRates,
  RETURN_SERIES_IDS,
  type ReturnSeriesId,
  rateOnContribution,
  type Step,
  ZERO,
} from "@megaroth/core/typed";
import { type FieldErrors, FieldReader } from "./form-values.js";

/** The compare page's form, as typed. Rates are written as percentages, like the CLI's flags. */
export type FeatureAnswer = "yes" | "no" | "unknown";

export interface CompareForm {
  readonly year: string;
  readonly age: string;
  readonly roth: FeatureAnswer;
  readonly afterTax: FeatureAnswer;
  readonly inPlanRothConversion: FeatureAnswer;
  readonly inServiceWithdrawal: FeatureAnswer;
  readonly automaticConversion: FeatureAnswer;
  readonly budget: string;
  readonly contributionYears: string;
  readonly horizonYears: string;
  readonly rateNow: string;
  /** The rate now as entered, or derived from a self-employed owner's net profit (the core's rate engine). */
  readonly rateNowFrom: "entered" | "self-employed";
  readonly netProfit: string;
  readonly w2Wages: string;
  readonly filingStatus: FilingStatus;
  readonly rateRetirement: string;
  readonly stateRateNow: string;
  readonly stateRateRetirement: string;
  readonly returnRate: string;
  readonly dividendYield: string;
  readonly dividendTaxRate: string;
  readonly capitalGainsRate: string;
  readonly fee: string;
  readonly conversionEveryYears: string;
  readonly paths: string;
  readonly seed: string;
  readonly model: "lognormal" | ReturnSeriesId;
  readonly volatility: string;
}

export const COMPARE_FORM_DEFAULTS: CompareForm = {
  year: "2026",
  age: "40",
  roth: "yes",
  afterTax: "yes",
  inPlanRothConversion: "yes",
  inServiceWithdrawal: "unknown",
  automaticConversion: "unknown",
  budget: "10,000",
  contributionYears: "1",
  horizonYears: "30",
  rateNow: "24",
  rateNowFrom: "entered",
  netProfit: "",
  w2Wages: "",
  filingStatus: "single",
  rateRetirement: "22",
  stateRateNow: "5",
  stateRateRetirement: "5",
  returnRate: "6",
  dividendYield: "1.5",
  dividendTaxRate: "15",
  capitalGainsRate: "15",
  fee: "0.1",
  conversionEveryYears: "0",
  paths: "2000",
  seed: "1",
  model: "lognormal",
  volatility: "15",
};

/** Paths the page lets the browser simulate; the CLI allows more. */
export const MAX_PAGE_PATHS = 100_000;

export interface ParsedCompare {
  readonly assumptions: EqualBudgetAssumptions | null;
  /** How a derived rate now was found (empty when entered). */
  readonly rateNowSteps: readonly Step[];
  readonly monteCarlo: MonteCarloOptions | null;
  readonly errors: FieldErrors<keyof CompareForm>;
}

export function parseCompareForm(form: CompareForm): ParsedCompare {
  const read = new FieldReader<keyof CompareForm>();
  const horizonYears = read.whole("horizonYears", form.horizonYears, 1, MAX_HORIZON_YEARS);
  let assumptions: EqualBudgetAssumptions = {
    budget: read.money("budget", form.budget, { emptyIs: ZERO }),
    contributionYears: read.whole(
      "contributionYears",
      form.contributionYears,
      1,
      Math.max(1, horizonYears || 1),
    ),
    horizonYears,
    rateNowBp: form.rateNowFrom === "entered" ? read.percent("rateNow", form.rateNow) : (0 as BasisPoints),
    rateRetirementBp: read.percent("rateRetirement", form.rateRetirement),
    stateRateNowBp: read.percent("stateRateNow", form.stateRateNow),
    stateRateRetirementBp: read.percent("stateRateRetirement", form.stateRateRetirement),
    returnBp: read.percent("returnRate", form.returnRate),
    dividendYieldBp: read.percent("dividendYield", form.dividendYield),
    dividendTaxRateBp: read.percent("dividendTaxRate", form.dividendTaxRate),
    capitalGainsRateBp: read.percent("capitalGainsRate", form.capitalGainsRate),
    feeBp: read.percent("fee", form.fee),
    conversionEveryYears: read.whole(
      "conversionEveryYears",
      form.conversionEveryYears,
      0,
      Math.max(0, horizonYears || 0),
    ),
  };
  let rateNowSteps: readonly Step[] = [];
  if (form.rateNowFrom === "self-employed") {
    const derived = ownerRateNow(read, form, assumptions.budget);
    if (derived) {
      assumptions = { ...assumptions, rateNowBp: derived.rateBp };
      rateNowSteps = derived.steps;
    }
  }
  const model: ReturnModel =
    form.model === "lognormal"
      ? {
          kind: "lognormal",
          meanBp: assumptions.returnBp,
          volatilityBp: read.percent("volatility", form.volatility),
        }
      : {
          kind: "bootstrap",
          series: RETURN_SERIES_IDS.includes(form.model) ? form.model : "sp500_total_return",
        };
  const monteCarlo: MonteCarloOptions = {
    paths: read.whole("paths", form.paths, 1, MAX_PAGE_PATHS),
    seed: read.whole("seed", form.seed, 0, 2 ** 32 - 1),
    model,
  };
  return read.ok
    ? { assumptions, monteCarlo, rateNowSteps, errors: {} }
    : { assumptions: null, monteCarlo: null, rateNowSteps: [], errors: read.errors };
}

/** A self-employed owner's rate now: the rate on the budget's dollars of income (profit less half SE tax). */
function ownerRateNow(
  read: FieldReader<keyof CompareForm>,
  form: CompareForm,
  budget: Cents,
): { rateBp: BasisPoints; steps: Step[] } | null {
  const year = read.whole("year", form.year, 1900, 2200);
  const netProfit = read.money("netProfit", form.netProfit);
  const w2 = read.money("w2Wages", form.w2Wages, { emptyIs: ZERO });
  if (!read.ok) return null;
  try {
    const owner = ownerIncomeForRates(year, netProfit, w2);
    const rate = rateOnContribution(year, form.filingStatus, owner.income, budget);
    return { rateBp: rate.rateBp, steps: [...owner.steps, ...rate.steps] };
  } catch (error) {
    read.fail("netProfit", error instanceof Error ? error.message : String(error));
    return null;
  }
}

/** The year and age of the contribution-type table, or the errors of those two fields. */
export function readTableYear(form: CompareForm): {
  value: { year: number; age: number } | null;
  errors: FieldErrors<keyof CompareForm>;
} {
  const read = new FieldReader<keyof CompareForm>();
  const year = read.whole("year", form.year, 1900, 2200);
  const age = read.whole("age", form.age, 18, 120);
  return { value: read.ok ? { year, age } : null, errors: read.errors };
}
