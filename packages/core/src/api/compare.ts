import * as v from "valibot";
import { RETURN_SERIES_IDS, type ReturnSeriesId } from "../data/returns/historical-returns.js";
import { basisPoints } from "../rules/money/percent.js";
import { type EqualBudgetProjection, projectEqualBudget } from "../rules/projection/equal-budget.js";
import { type MonteCarloResult, simulateMonteCarlo } from "../rules/projection/monte-carlo.js";
import type { EqualBudgetAssumptions } from "../rules/projection/strategies.js";
import {
  amount,
  type Checked,
  checkInput,
  choice,
  input,
  percent,
  rate,
  type Shape,
  STEPS,
  toChecked,
  wholeNumber,
} from "./check.js";
import type { Money } from "./money.js";

const MonteCarloArgs = input({
  paths: v.pipe(wholeNumber(1), v.maxValue(1_000_000, "must be at most 1,000,000")),
  seed: v.optional(wholeNumber(0)),
  volatility: v.optional(rate),
  model: v.optional(choice(["lognormal", "bootstrap"] as const)),
  series: v.optional(choice(RETURN_SERIES_IDS)),
});

const CompareArgs = input({
  budget: amount,
  years: v.pipe(wholeNumber(1), v.maxValue(80, "must be at most 80")),
  contributionYears: v.optional(v.pipe(wholeNumber(1), v.maxValue(80, "must be at most 80"))),
  rateNow: rate,
  rateRetirement: rate,
  stateRate: v.optional(rate),
  stateRateRetirement: v.optional(rate),
  return: v.optional(percent),
  dividendYield: v.optional(rate),
  dividendTax: v.optional(rate),
  ltcgRate: v.optional(rate),
  fee: v.optional(rate),
  convertEvery: v.optional(v.pipe(wholeNumber(0), v.maxValue(80, "must be at most 80"))),
  monteCarlo: v.optional(MonteCarloArgs),
});

/** What {@link compareStrategies} takes: the defaults are `megaroth compare`'s. */
export interface CompareArgs {
  /** Pre-tax dollars set aside each contribution year. */
  readonly budget: Money;
  /** Years from the first contribution to retirement. */
  readonly years: number;
  /** Years the budget is contributed; default 1. */
  readonly contributionYears?: number;
  /** Federal marginal rate now and in retirement, `"24%"`. */
  readonly rateNow: string;
  readonly rateRetirement: string;
  /** State rate now (and in retirement unless `stateRateRetirement`); default 0%. */
  readonly stateRate?: string;
  readonly stateRateRetirement?: string;
  /** Nominal total return a year; default `"6%"`. */
  readonly return?: string;
  /** Taxable account's dividend yield (part of the return), default `"1.5%"`, taxed at `dividendTax` (default `"15%"`). */
  readonly dividendYield?: string;
  readonly dividendTax?: string;
  /** Long-term capital-gains rate at sale; default `"15%"`. */
  readonly ltcgRate?: string;
  /** Yearly fee on every account; default 0%. */
  readonly fee?: string;
  /** After-tax money converted every n years (0 = as contributed, the default). */
  readonly convertEvery?: number;
  /** A seeded Monte Carlo: `paths`, `seed` (default 1), `volatility` (default `"15%"`), `model` lognormal or bootstrap. */
  readonly monteCarlo?: {
    readonly paths: number;
    readonly seed?: number;
    readonly volatility?: string;
    readonly model?: "lognormal" | "bootstrap";
    readonly series?: ReturnSeriesId;
  };
}

const PROJECTION: Shape<EqualBudgetProjection> = {
  assumptions: { budget: "money" },
  strategies: {
    contributions: "money",
    taxPaidNow: "money",
    taxPaidDuring: "money",
    taxPaidLater: "money",
    grossValue: "money",
    afterTaxValue: "money",
    steps: STEPS,
  },
  conversionDelayCost: "money",
};

const MONTE_CARLO: Shape<MonteCarloResult> = {
  strategies: { byYear: { p5: "money", p25: "money", p50: "money", p75: "money", p95: "money" } },
};

/** What {@link compareStrategies} returns. */
export interface CompareReport extends Checked<EqualBudgetProjection> {
  readonly monteCarlo: Checked<MonteCarloResult> | null;
}

/**
 * The same pre-tax budget as pre-tax, Roth, after-tax (unconverted and converted) and a taxable account: each
 * strategy's after-tax value at retirement, the break-even retirement rate, the cost of converting late, and
 * optionally a seeded Monte Carlo with percentiles and win probabilities.
 */
export function compareStrategies(args: CompareArgs): CompareReport {
  const a = checkInput("compareStrategies", CompareArgs, args);
  const assumptions: EqualBudgetAssumptions = {
    budget: a.budget,
    contributionYears: a.contributionYears ?? 1,
    horizonYears: a.years,
    rateNowBp: a.rateNow,
    rateRetirementBp: a.rateRetirement,
    stateRateNowBp: a.stateRate ?? basisPoints(0),
    stateRateRetirementBp: a.stateRateRetirement ?? a.stateRate ?? basisPoints(0),
    returnBp: a.return ?? basisPoints(600),
    dividendYieldBp: a.dividendYield ?? basisPoints(150),
    dividendTaxRateBp: a.dividendTax ?? basisPoints(1500),
    capitalGainsRateBp: a.ltcgRate ?? basisPoints(1500),
    feeBp: a.fee ?? basisPoints(0),
    conversionEveryYears: a.convertEvery ?? 0,
  };
  const mc = a.monteCarlo;
  const monteCarlo = mc
    ? simulateMonteCarlo(assumptions, {
        paths: mc.paths,
        seed: mc.seed ?? 1,
        model:
          mc.model === "bootstrap"
            ? { kind: "bootstrap", series: mc.series ?? "sp500_total_return" }
            : {
                kind: "lognormal",
                meanBp: assumptions.returnBp,
                volatilityBp: mc.volatility ?? basisPoints(1500),
              },
      })
    : null;
  return {
    ...toChecked(projectEqualBudget(assumptions), PROJECTION),
    monteCarlo: monteCarlo && toChecked(monteCarlo, MONTE_CARLO),
  };
}
