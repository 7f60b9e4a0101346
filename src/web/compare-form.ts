import type { MonteCarloOptions, ReturnModel } from "@megaroth/core/typed";
import {
  type EqualBudgetAssumptions,
  MAX_HORIZON_YEARS,
  RETURN_SERIES_IDS,
  type ReturnSeriesId,
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
  readonly monteCarlo: MonteCarloOptions | null;
  readonly errors: FieldErrors<keyof CompareForm>;
}

export function parseCompareForm(form: CompareForm): ParsedCompare {
  const read = new FieldReader<keyof CompareForm>();
  const horizonYears = read.whole("horizonYears", form.horizonYears, 1, MAX_HORIZON_YEARS);
  const assumptions: EqualBudgetAssumptions = {
    budget: read.money("budget", form.budget, { emptyIs: ZERO }),
    contributionYears: read.whole(
      "contributionYears",
      form.contributionYears,
      1,
      Math.max(1, horizonYears || 1),
    ),
    horizonYears,
    rateNowBp: read.percent("rateNow", form.rateNow),
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
    ? { assumptions, monteCarlo, errors: {} }
    : { assumptions: null, monteCarlo: null, errors: read.errors };
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
