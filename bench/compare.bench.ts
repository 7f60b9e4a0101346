import { cents } from "../packages/core/src/rules/money/cents.js";
import { basisPoints as bp } from "../packages/core/src/rules/money/percent.js";
import { taxPaidNowPerYear } from "../packages/core/src/rules/projection/equal-budget.js";
import { type ReturnModel, simulateMonteCarlo } from "../packages/core/src/rules/projection/monte-carlo.js";
import { PercentileFinder } from "../packages/core/src/rules/projection/percentiles.js";
import type { EqualBudgetAssumptions } from "../packages/core/src/rules/projection/strategies.js";
import type { BenchRow } from "./run.js";

/**
 * `npm run bench -- compare`: the Monte Carlo of issue #5 — 10,000 paths × 40 years × 5 strategies, with
 * percentiles of every strategy in every year and the win probabilities — against a minimal reference loop
 * doing the same arithmetic in typed arrays (same generator, same draws, same percentile finder), timed
 * alternately after a warm-up; the figures are medians. The reference must reproduce the engine's numbers.
 */
const PATHS = 10_000;
const YEARS = 40;
const RUNS = 15;

const assumptions: EqualBudgetAssumptions = {
  budget: cents(1_000_000),
  contributionYears: YEARS,
  horizonYears: YEARS,
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
const MEAN = 0.06;
const VOLATILITY = 0.15;
const SEED = 2026;
const LOGNORMAL: ReturnModel = {
  kind: "lognormal",
  meanBp: MEAN * 10_000,
  volatilityBp: VOLATILITY * 10_000,
};
const BOOTSTRAP: ReturnModel = { kind: "bootstrap", series: "sp500_total_return" };

/** The after-tax-converted median at retirement and the number of (path, pair) wins: what the two must agree on. */
interface Check {
  readonly median: number;
  readonly wins: number;
}

function engine(model: ReturnModel = LOGNORMAL): Check {
  const r = simulateMonteCarlo(assumptions, { paths: PATHS, seed: SEED, model });
  return {
    median: r.strategies[3]!.byYear[YEARS - 1]!.p50,
    wins: Math.round(r.winProbabilities.reduce((t, w) => t + w.probability * PATHS, 0)),
  };
}

/** The same model written as one flat loop: xoshiro128** seeded by splitmix32, Box–Muller, five accounts. */
function reference(withPercentiles: boolean): Check {
  let s = SEED >>> 0;
  const seedNext = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = seedNext();
  let b = seedNext();
  let c = seedNext();
  let d = seedNext();
  const u32 = () => {
    const result = Math.imul((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return result;
  };
  const uniform = () => ((u32() >>> 5) * 67108864 + (u32() >>> 6) + 0.5) / 9007199254740992;
  const variance = Math.log(1 + (VOLATILITY * VOLATILITY) / ((1 + MEAN) * (1 + MEAN)));
  const sd = Math.sqrt(variance);
  const mu = Math.log(1 + MEAN) - variance / 2;

  const budget = assumptions.budget;
  const contribution = budget - taxPaidNowPerYear(assumptions);
  const keep = 1 - 0.001;
  const divYield = 0.015;
  const divTax = 0.2;
  const convTax = 0.29;
  const wTax = 0.27;
  const cgTax = 0.2;
  const pre = new Float64Array(PATHS);
  const roth = new Float64Array(PATHS);
  const at = new Float64Array(PATHS);
  const atBasis = new Float64Array(PATHS);
  const conv = new Float64Array(PATHS);
  const tx = new Float64Array(PATHS);
  const txBasis = new Float64Array(PATHS);
  const growth = new Float64Array(PATHS);
  const values = [0, 1, 2, 3, 4].map(() => new Float64Array(PATHS));
  const finder = new PercentileFinder(PATHS);
  const fractions = [0.05, 0.25, 0.5, 0.75, 0.95];
  const out = new Float64Array(5);
  let median = 0;
  let wins = 0;
  for (let y = 0; y < YEARS; y++) {
    for (let p = 0; p < PATHS; p += 2) {
      const radius = Math.sqrt(-2 * Math.log(uniform()));
      const angle = 2 * Math.PI * uniform();
      growth[p] = 1 + (Math.exp(mu + sd * radius * Math.cos(angle)) - 1);
      growth[p + 1] = 1 + (Math.exp(mu + sd * radius * Math.sin(angle)) - 1);
    }
    const [v0, v1, v2, v3, v4] = values as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    for (let p = 0; p < PATHS; p++) {
      const g = growth[p]!;
      const f = g * keep;
      pre[p] = (pre[p]! + budget) * f;
      roth[p] = (roth[p]! + contribution) * f;
      at[p] = (at[p]! + contribution) * f;
      atBasis[p] = atBasis[p]! + contribution;
      const pending = contribution * f;
      const earnings = pending - contribution;
      conv[p] = conv[p]! * f + pending - (earnings > 0 ? earnings * convTax : 0);
      const start = tx[p]! + contribution;
      const dividend = start * divYield;
      const tax = dividend * divTax;
      tx[p] = (start * g - tax) * keep;
      txBasis[p] = txBasis[p]! + contribution + dividend - tax;
      v0[p] = pre[p]! * (1 - wTax);
      v1[p] = roth[p]!;
      const e = at[p]! - atBasis[p]!;
      v2[p] = at[p]! - (e > 0 ? e * wTax : 0);
      v3[p] = conv[p]!;
      const gain = tx[p]! - txBasis[p]!;
      v4[p] = tx[p]! - (gain > 0 ? gain * cgTax : 0);
    }
    if (!withPercentiles) continue;
    if (y === YEARS - 1) wins = countWins(values);
    for (let k = 0; k < 5; k++) {
      finder.find(values[k]!, fractions, out);
      if (k === 3) median = Math.round(out[2]!);
    }
  }
  return { median, wins };
}

function countWins(values: Float64Array[]): number {
  let total = 0;
  for (let w = 0; w < 5; w++) {
    for (let l = 0; l < 5; l++) {
      if (w === l) continue;
      for (let p = 0; p < PATHS; p++) if (Math.round(values[w]![p]!) > Math.round(values[l]![p]!)) total++;
    }
  }
  return total;
}

function medianOf(xs: number[]): number {
  const sorted = [...xs].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(f: () => unknown): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

/** CPU time of this process (user + system), in ms: less sensitive than wall time to other processes. */
function cpuTime(f: () => unknown): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export default async (): Promise<BenchRow[]> => {
  const cold = time(() => engine());
  const fromEngine = engine();
  const fromReference = reference(true);
  if (fromEngine.median !== fromReference.median || fromEngine.wins !== fromReference.wins) {
    throw new Error(`reference and engine disagree: ${JSON.stringify({ fromEngine, fromReference })}`);
  }
  for (let i = 0; i < 3; i++) {
    engine();
    engine(BOOTSTRAP);
    reference(true);
    reference(false);
  }
  const engineTimes: number[] = [];
  const engineCpu: number[] = [];
  const referenceTimes: number[] = [];
  const simulationOnly: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    engineTimes.push(time(() => engine()));
    engineCpu.push(cpuTime(() => engine()));
    referenceTimes.push(time(() => reference(true)));
    simulationOnly.push(time(() => reference(false)));
  }
  const e = medianOf(engineTimes);
  const r = medianOf(referenceTimes);
  const bootstrap = medianOf(Array.from({ length: RUNS }, () => time(() => engine(BOOTSTRAP))));
  const shape = `${PATHS.toLocaleString("en-US")} paths × ${YEARS} years × 5 strategies`;
  return [
    { name: `engine, lognormal, ${shape}`, value: e, unit: "ms", note: `median of ${RUNS}, warm` },
    {
      name: "engine, lognormal, fastest run",
      value: Math.min(...engineTimes),
      unit: "ms",
      note: `of ${RUNS}`,
    },
    {
      name: "engine, lognormal, CPU time (user + system)",
      value: medianOf(engineCpu),
      unit: "ms",
      note: `median of ${RUNS}`,
    },
    {
      name: "reference loop, same arithmetic and percentiles",
      value: r,
      unit: "ms",
      note: `median of ${RUNS}`,
    },
    { name: "ratio engine / reference", value: e / r, unit: "×", note: "aim ≤ 1.5" },
    { name: "reference loop, simulation only (no percentiles)", value: medianOf(simulationOnly), unit: "ms" },
    {
      name: `engine, bootstrap (S&P 500 1928–2025), ${shape}`,
      value: bootstrap,
      unit: "ms",
      note: `median of ${RUNS}`,
    },
    { name: "engine, first run (cold JIT)", value: cold, unit: "ms" },
  ];
};
