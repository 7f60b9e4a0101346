import {
  citeHistoricalReturns,
  historicalReturns,
  type ReturnSeriesId,
} from "../../data/returns/historical-returns.js";
import type { Cents } from "../money/cents.js";
import { advanceYear, afterTaxValues, emptyAccountPaths, growthRates } from "./account-growth.js";
import { roundToCents, taxPaidNowPerYear } from "./equal-budget.js";
import { PercentileFinder } from "./percentiles.js";
import { SeededRandom } from "./seeded-random.js";
import {
  checkEqualBudgetAssumptions,
  type EqualBudgetAssumptions,
  STRATEGIES,
  type StrategyName,
} from "./strategies.js";

/**
 * Where each simulated year's return comes from:
 * - lognormal: 1 + R is lognormal with arithmetic mean 1 + mean and standard deviation `volatility`, i.e.
 *   ln(1 + R) ~ N(m, s²) with s² = ln(1 + σ²/(1 + μ)²) and m = ln(1 + μ) − s²/2;
 * - bootstrap: each year's return is a year drawn at random, with replacement, from a shipped historical series.
 */
export type ReturnModel =
  | { readonly kind: "lognormal"; readonly meanBp: number; readonly volatilityBp: number }
  | { readonly kind: "bootstrap"; readonly series: ReturnSeriesId };

export interface MonteCarloOptions {
  readonly paths: number;
  readonly seed: number;
  readonly model: ReturnModel;
}

export const PERCENTILES = [5, 25, 50, 75, 95] as const;
export const MAX_PATHS = 1_000_000;

export interface PercentileRow {
  /** Years since the first contribution (1 = end of the first year). */
  readonly year: number;
  readonly p5: Cents;
  readonly p25: Cents;
  readonly p50: Cents;
  readonly p75: Cents;
  readonly p95: Cents;
}

export interface StrategyDistribution {
  readonly name: StrategyName;
  /** After-tax value if withdrawn at the end of each year at the retirement rates; the last row is retirement. */
  readonly byYear: readonly PercentileRow[];
}

export interface WinProbability {
  readonly winner: StrategyName;
  readonly loser: StrategyName;
  /** Share of paths where the winner's after-tax value at retirement is larger by at least a cent. */
  readonly probability: number;
}

export interface MonteCarloResult {
  readonly paths: number;
  readonly seed: number;
  readonly model: ReturnModel;
  /** How the returns were drawn, with the data source for a bootstrap. */
  readonly modelDescription: string;
  readonly strategies: readonly StrategyDistribution[];
  readonly winProbabilities: readonly WinProbability[];
}

/**
 * Simulates `paths` return paths over the horizon and summarises each strategy's after-tax value by year.
 * Every path applies the same return to all five strategies, so win probabilities compare like with like.
 * The same seed and inputs give the same result. Values are rounded half-up to the cent at the end.
 */
export function simulateMonteCarlo(a: EqualBudgetAssumptions, options: MonteCarloOptions): MonteCarloResult {
  checkEqualBudgetAssumptions(a);
  const { paths, seed, model } = options;
  if (!Number.isInteger(paths) || paths < 1 || paths > MAX_PATHS) {
    throw new RangeError(`paths must be a whole number 1–${MAX_PATHS}: ${paths}`);
  }
  const sample = returnSampler(model, new SeededRandom(seed));
  const rates = growthRates(a, taxPaidNowPerYear(a));
  const state = emptyAccountPaths(paths);
  const returns = new Float64Array(paths);
  const values = STRATEGIES.map(() => new Float64Array(paths));
  const fractions = PERCENTILES.map((p) => p / 100);
  const summary = new Float64Array(PERCENTILES.length);
  const finder = new PercentileFinder(paths);
  const byYear: PercentileRow[][] = STRATEGIES.map(() => []);
  let winProbabilities: WinProbability[] = [];

  for (let year = 0; year < a.horizonYears; year++) {
    sample(returns);
    advanceYear(state, rates, year, returns);
    afterTaxValues(state, rates, values);
    if (year === a.horizonYears - 1) winProbabilities = countWins(values, paths);
    for (let s = 0; s < STRATEGIES.length; s++) {
      finder.find(values[s]!, fractions, summary);
      byYear[s]!.push({
        year: year + 1,
        p5: roundToCents(summary[0]!),
        p25: roundToCents(summary[1]!),
        p50: roundToCents(summary[2]!),
        p75: roundToCents(summary[3]!),
        p95: roundToCents(summary[4]!),
      });
    }
  }
  return {
    paths,
    seed,
    model,
    modelDescription: describeReturnModel(model),
    strategies: STRATEGIES.map((name, s) => ({ name, byYear: byYear[s]! })),
    winProbabilities,
  };
}

/** Fills an array with the next simulated yearly returns (decimals, 0.06 = 6%), one per path. */
export type ReturnSampler = (out: Float64Array) => void;

export function returnSampler(model: ReturnModel, random: SeededRandom): ReturnSampler {
  if (model.kind === "bootstrap") {
    const history = Float64Array.from(historicalReturns(model.series));
    const n = history.length;
    return (out) => {
      for (let p = 0; p < out.length; p++) out[p] = history[random.nextIndex(n)]!;
    };
  }
  const mean = model.meanBp / 10_000;
  const volatility = model.volatilityBp / 10_000;
  if (!(mean > -1) || !(volatility >= 0))
    throw new RangeError("lognormal mean must exceed −100% and volatility ≥ 0");
  const variance = Math.log(1 + (volatility * volatility) / ((1 + mean) * (1 + mean)));
  const sd = Math.sqrt(variance);
  const mu = Math.log(1 + mean) - variance / 2;
  return (out) => {
    for (let p = 0; p < out.length; p++) out[p] = Math.exp(mu + sd * random.nextNormal()) - 1;
  };
}

export function describeReturnModel(model: ReturnModel): string {
  if (model.kind === "bootstrap") {
    return `yearly returns drawn with replacement from history: ${citeHistoricalReturns(model.series)}`;
  }
  return `lognormal yearly returns, arithmetic mean ${model.meanBp / 100}%, standard deviation ${model.volatilityBp / 100}%`;
}

function countWins(values: readonly Float64Array[], paths: number): WinProbability[] {
  const wins: WinProbability[] = [];
  for (let w = 0; w < STRATEGIES.length; w++) {
    for (let l = 0; l < STRATEGIES.length; l++) {
      if (w === l) continue;
      const winner = values[w]!;
      const loser = values[l]!;
      let count = 0;
      for (let p = 0; p < paths; p++) if (Math.round(winner[p]!) > Math.round(loser[p]!)) count++;
      wins.push({ winner: STRATEGIES[w]!, loser: STRATEGIES[l]!, probability: count / paths });
    }
  }
  return wins;
}
