import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { planPaychecks } from "../packages/core/src/rules/paycheck-plan/index.js";
import { parseScenario, type Scenario } from "../packages/core/src/rules/scenario.js";
import type { BenchRow } from "./run.js";

/**
 * `npm run bench -- plan`: time to plan one scenario in-process (parse + validate + plan), the figure the web
 * app's ≤16 ms input-to-figures budget depends on. Each row is the median and the 95th percentile of 200 runs
 * after 20 warm-up runs, in milliseconds of wall time on this (shared) machine.
 */
const EXAMPLES = fileURLToPath(new URL("../examples/", import.meta.url));

function load(value: unknown): Scenario {
  const parsed = parseScenario(value);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

function example(file: string): unknown {
  const text = readFileSync(EXAMPLES + file, "utf8");
  return file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
}

/** The heaviest search: 53 weekly paychecks plus 2 bonuses with their own election, 0.1% steps. */
const worst = {
  year: 2025,
  ageAtYearEnd: 55,
  pay: {
    salary: 300000,
    frequency: "weekly",
    bonuses: [
      { date: "2025-03-14", amount: 40000 },
      { date: "2025-09-12", amount: 10000 },
    ],
  },
  plan: {
    match: [{ rate: 100, upTo: 4 }],
    matchPeriod: "per-paycheck",
    afterTax: { allowed: "yes" },
    electionIncrement: "0.1%",
    separateBonusElection: true,
    payrollStopsAfterTaxAt415c: "no",
  },
};

/** Whole % up to 100%, payroll stops nothing: one change falls short, so the two-change search runs to its step budget. */
const twoChangeBudget = {
  year: 2025,
  ageAtYearEnd: 40,
  pay: { salary: 240000, frequency: "biweekly" },
  plan: {
    match: [{ rate: 50, upTo: 6 }],
    matchPeriod: "per-paycheck",
    afterTax: { allowed: "yes" },
    payrollStopsAfterTaxAt415c: "no",
    payrollStopsDeferralsAt402g: "no",
  },
  goal: { deferrals: 23500, afterTax: "max" },
};

function time(value: unknown): { median: number; p95: number } {
  for (let i = 0; i < 20; i++) planPaychecks(load(value));
  const runs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    planPaychecks(load(value));
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  return { median: runs[100]!, p95: runs[190]! };
}

export default async (): Promise<BenchRow[]> => {
  const cases: [string, unknown][] = [
    ["big-tech-biweekly.yaml (26 paychecks, 1%)", example("big-tech-biweekly.yaml")],
    ["whole-percent-no-415-stop.yaml (24 paychecks, 1%)", example("whole-percent-no-415-stop.yaml")],
    ["mid-year-starter-bonus.json (14 + bonus, 0.5%)", example("mid-year-starter-bonus.json")],
    ["weekly + 2 bonuses, own bonus election, 0.1% (worst)", worst],
    ["biweekly, whole % to 100%, no payroll stops (two-change search hits its step budget)", twoChangeBudget],
  ];
  return cases.flatMap(([name, value]) => {
    const t = time(value);
    return [
      { name: `plan ${name}: median`, value: t.median, unit: "ms" },
      { name: `plan ${name}: p95`, value: t.p95, unit: "ms" },
    ];
  });
};
