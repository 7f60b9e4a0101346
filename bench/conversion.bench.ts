import { performance } from "node:perf_hooks";
import {
  allocateDistribution,
  basisPoints,
  cents,
  compareCadences,
  form8606,
  paycheckContributions,
  ZERO,
} from "../packages/core/src/typed.js";
import type { BenchRow } from "./run.js";

/**
 * `npm run bench -- conversion`: how long the conversion rules take, so the web app can recompute them on
 * every keystroke. Each figure is the median of 7 timed batches after a warm-up batch.
 */

function medianMs(batch: () => void): number {
  batch();
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    batch();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[3]!;
}

export default async function bench(): Promise<BenchRow[]> {
  const contributions = paycheckContributions(2026, cents(4_000_000), "weekly");
  const input = {
    year: 2026,
    contributions,
    annualReturnBp: 700,
    lagDays: 1,
    route: "in-plan-roth" as const,
    feePerConversion: ZERO,
    rates: {
      kind: "schedule" as const,
      filingStatus: "single" as const,
      baseTaxableIncome: cents(15_000_000),
    },
    stateRateBp: basisPoints(500),
  };
  const compareRuns = 100;
  const compareMs = medianMs(() => {
    for (let i = 0; i < compareRuns; i++) compareCadences(input);
  });
  const formRuns = 10_000;
  const formMs = medianMs(() => {
    for (let i = 0; i < formRuns; i++) {
      form8606({
        year: 2026,
        nondeductibleContributions: cents(750_000),
        priorBasis: cents(i),
        contributionsMadeNextYear: ZERO,
        yearEndValue: cents(1_000_000 + i),
        outstandingRollovers: ZERO,
        distributions: ZERO,
        converted: cents(751_234),
        ratioPrecision: "exact",
      });
    }
  });
  const splitRuns = 10_000;
  const splitMs = medianMs(() => {
    for (let i = 0; i < splitRuns; i++) {
      allocateDistribution({
        account: { pretax: cents(250_000 + i), afterTax: cents(3_000_000) },
        distribution: cents(3_250_000 + i),
        routing: { rothIra: cents(3_000_000), cash: cents(250_000 + i) },
        ageAtDistribution: 45,
        exceptionTo72t: false,
      });
    }
  });
  return [
    {
      name: "compare 4 cadences, 52 weekly contributions, federal schedule",
      value: (compareMs / compareRuns) * 1000,
      unit: "µs/comparison",
    },
    { name: "Form 8606 Parts I–II, exact line 10", value: (formMs / formRuns) * 1000, unit: "µs/form" },
    { name: "Notice 2014-54 allocation with 1099-Rs", value: (splitMs / splitRuns) * 1000, unit: "µs/split" },
  ];
}
