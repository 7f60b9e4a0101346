import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { historicalReturns } from "../../packages/core/src/data/returns/historical-returns.js";
import { cents } from "../../packages/core/src/rules/money/cents.js";
import { basisPoints as bp } from "../../packages/core/src/rules/money/percent.js";
import { projectEqualBudget } from "../../packages/core/src/rules/projection/equal-budget.js";
import { simulateMonteCarlo } from "../../packages/core/src/rules/projection/monte-carlo.js";
import {
  type EqualBudgetAssumptions,
  STRATEGIES,
} from "../../packages/core/src/rules/projection/strategies.js";

const base: EqualBudgetAssumptions = {
  budget: cents(1_000_000),
  contributionYears: 3,
  horizonYears: 25,
  rateNowBp: bp(2400),
  rateRetirementBp: bp(2200),
  stateRateNowBp: bp(500),
  stateRateRetirementBp: bp(500),
  returnBp: bp(600),
  dividendYieldBp: bp(150),
  dividendTaxRateBp: bp(1500),
  capitalGainsRateBp: bp(1500),
  feeBp: bp(10),
  conversionEveryYears: 1,
};
const lognormal = { kind: "lognormal", meanBp: 600, volatilityBp: 1500 } as const;

describe("Monte Carlo", () => {
  it("the same seed reproduces the same numbers; another seed gives others", () => {
    const a = simulateMonteCarlo(base, { paths: 2000, seed: 11, model: lognormal });
    const b = simulateMonteCarlo(base, { paths: 2000, seed: 11, model: lognormal });
    const c = simulateMonteCarlo(base, { paths: 2000, seed: 12, model: lognormal });
    expect(b).toEqual(a);
    expect(c.strategies[0]!.byYear.at(-1)).not.toEqual(a.strategies[0]!.byYear.at(-1));
    const boot = { kind: "bootstrap", series: "sp500_total_return" } as const;
    expect(simulateMonteCarlo(base, { paths: 500, seed: 3, model: boot })).toEqual(
      simulateMonteCarlo(base, { paths: 500, seed: 3, model: boot }),
    );
  });

  it("percentiles are ordered, for every strategy in every year, for any seed and model", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 4000 }),
        (seed, bootstrap, volatilityBp) => {
          const model = bootstrap
            ? ({ kind: "bootstrap", series: "sp500_total_return" } as const)
            : ({ kind: "lognormal", meanBp: 600, volatilityBp } as const);
          const r = simulateMonteCarlo({ ...base, horizonYears: 8 }, { paths: 300, seed, model });
          expect(r.strategies.map((s) => s.name)).toEqual(STRATEGIES);
          for (const s of r.strategies) {
            expect(s.byYear).toHaveLength(8);
            for (const y of s.byYear) {
              expect(y.p5).toBeLessThanOrEqual(y.p25);
              expect(y.p25).toBeLessThanOrEqual(y.p50);
              expect(y.p50).toBeLessThanOrEqual(y.p75);
              expect(y.p75).toBeLessThanOrEqual(y.p95);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("with zero volatility every path is the deterministic projection, to the cent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 40 }),
        (returnBp, conversionEveryYears, horizonYears) => {
          const a = {
            ...base,
            returnBp: bp(returnBp),
            dividendYieldBp: bp(Math.min(150, returnBp)),
            conversionEveryYears: Math.min(conversionEveryYears, horizonYears),
            horizonYears,
            contributionYears: 1,
          };
          const r = simulateMonteCarlo(a, {
            paths: 5,
            seed: 1,
            model: { kind: "lognormal", meanBp: returnBp, volatilityBp: 0 },
          });
          const d = projectEqualBudget(a);
          r.strategies.forEach((s, i) => {
            const last = s.byYear.at(-1)!;
            // exp(ln(1 + μ)) is 1 + μ to within a few ulps, so allow a cent.
            expect(Math.abs(last.p50 - d.strategies[i]!.afterTaxValue)).toBeLessThanOrEqual(1);
            expect(last.p5).toBe(last.p95);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it("the lognormal model has the median implied by the stated mean and standard deviation", () => {
    // One contribution, one year, no tax on Roth: the Roth value / contribution − 1 is the year's return.
    const a = { ...base, horizonYears: 1, contributionYears: 1, feeBp: bp(0) };
    const r = simulateMonteCarlo(a, {
      paths: 100_000,
      seed: 5,
      model: { kind: "lognormal", meanBp: 800, volatilityBp: 2000 },
    });
    const roth = r.strategies.find((s) => s.name === "roth")!.byYear[0]!;
    const contribution = 710_000;
    const median = roth.p50 / contribution - 1;
    // For 1 + R lognormal with mean 1.08 and sd 0.20: s² = ln(1 + 0.2²/1.08²), median = 1.08·e^(−s²/2) − 1.
    const s2 = Math.log(1 + 0.04 / 1.08 ** 2);
    expect(Math.abs(median - (1.08 * Math.exp(-s2 / 2) - 1))).toBeLessThan(0.003);
  });

  it("a bootstrap draws only historical years", () => {
    const a = { ...base, horizonYears: 1, contributionYears: 1, feeBp: bp(0) };
    const history = new Set(historicalReturns("tbill_3m").map((x) => Math.round(710_000 * (1 + x))));
    // 1,001 paths: (n − 1)·p is a whole number for every percentile, so each one is an order statistic.
    const r = simulateMonteCarlo(a, {
      paths: 1001,
      seed: 9,
      model: { kind: "bootstrap", series: "tbill_3m" },
    });
    const roth = r.strategies.find((s) => s.name === "roth")!.byYear[0]!;
    for (const p of [roth.p5, roth.p25, roth.p50, roth.p75, roth.p95]) {
      expect(history.has(p)).toBe(true);
    }
    expect(r.modelDescription).toContain("Damodaran");
  });

  it("win probabilities: no pair sums above 1; Roth never loses to converting late; equal rates tie pre-tax and Roth", () => {
    const r = simulateMonteCarlo(base, { paths: 3000, seed: 2, model: lognormal });
    const p = (w: string, l: string) =>
      r.winProbabilities.find((x) => x.winner === w && x.loser === l)!.probability;
    expect(r.winProbabilities).toHaveLength(20);
    for (const x of r.winProbabilities) expect(x.probability + p(x.loser, x.winner)).toBeLessThanOrEqual(1);
    expect(p("after-tax-converted", "roth")).toBe(0);
    // 24% + 5% now vs 22% + 5% later: pre-tax wins on every path.
    expect(p("pre-tax", "roth")).toBe(1);
    const tie = simulateMonteCarlo(
      { ...base, contributionYears: 1, rateRetirementBp: bp(2400), budget: cents(1_000_000) },
      { paths: 3000, seed: 2, model: lognormal },
    );
    const tieP = (w: string, l: string) =>
      tie.winProbabilities.find((x) => x.winner === w && x.loser === l)!.probability;
    expect(tieP("pre-tax", "roth") + tieP("roth", "pre-tax")).toBeLessThan(0.05);
  });

  it("refuses a path count out of range", () => {
    expect(() => simulateMonteCarlo(base, { paths: 0, seed: 1, model: lognormal })).toThrow(/paths/);
  });
});
