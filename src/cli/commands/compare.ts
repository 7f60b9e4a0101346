import type { EqualBudgetAssumptions, Feature, FilingStatus, Scenario } from "@megaroth/core/typed";
import {
  type BasisPoints,
  basisPoints,
  type Cents,
  type ContributionTypeTable,
  type ConversionCost,
  cents,
  contributionTypeTable,
  conversionCost,
  divideRounded,
  dollarsToCents,
  type EqualBudgetProjection,
  formatPercent,
  formatUsd,
  MoneyError,
  type MonteCarloResult,
  type OwnerPlan,
  type PaycheckPlan,
  type PercentileRow,
  PlanInputError,
  type PlannedAmount,
  type PlanProjection,
  planOwnerDeposits,
  planPaychecks,
  projectEqualBudget,
  projectPlan,
  RETURN_SERIES_IDS,
  type ReturnModel,
  type ReturnSeriesId,
  rateOnContribution,
  rateOnWithdrawals,
  type StandardCadence,
  type Step,
  simulateMonteCarlo,
  step,
  sum,
  type Warning,
  ZERO,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import Papa from "papaparse";
import { UsageError } from "../errors.js";
import {
  ageOption,
  filingStatusOption,
  integerOption,
  moneyOption,
  ownEntry,
  percentFlag,
  percentOption,
  yearOption,
} from "../options.js";
import {
  csvDollars,
  dollars,
  printJson,
  printRows,
  printSteps,
  printTable,
  printWarnings,
  stepsJson,
} from "../output.js";
import { readScenarioFile } from "../scenario-file.js";
import { ownerIncome } from "./compare-owner.js";

/** The flags of `megaroth compare`, as commander parses them. */
export interface CompareOptions {
  year?: number;
  age?: number;
  budget?: Cents;
  rateNow?: BasisPoints;
  rateRetirement?: BasisPoints;
  income?: Cents;
  /** A self-employed owner's net profit: the income behind the rates is profit less half the SE tax, plus --income. */
  selfEmploymentIncome?: Cents;
  ltcg?: Cents;
  retirementIncome?: Cents;
  retirementLtcg?: Cents;
  filingStatus: FilingStatus;
  stateRate: BasisPoints;
  stateRateRetirement?: BasisPoints;
  return: BasisPoints;
  volatility: BasisPoints;
  model: ReturnModel["kind"];
  series: ReturnSeriesId;
  fee: BasisPoints;
  dividendYield: BasisPoints;
  dividendTax: BasisPoints;
  ltcgRate: BasisPoints;
  years?: number;
  contributionYears: number;
  convertEvery: number;
  paths?: number;
  seed: number;
  planRoth: Feature;
  planAfterTax: Feature;
  planInPlanConversion: Feature;
  planInServiceWithdrawal: Feature;
  planAutomaticConversion: Feature;
  byYear?: boolean;
  preTax: PlannedAmount;
  roth: PlannedAmount;
  afterTax: PlannedAmount;
  employer: BasisPoints;
  taxableSavings: Cents;
  wageGrowth: BasisPoints;
  indexing: BasisPoints;
  json?: boolean;
  csv?: boolean;
  explain?: boolean;
}

/** Everything `compare` computes, ready to print. */
export interface Comparison {
  readonly year: number;
  readonly age: number;
  readonly filingStatus: FilingStatus;
  readonly table: ContributionTypeTable;
  readonly projection: EqualBudgetProjection;
  readonly rateSteps: readonly Step[];
  /** What had to be assumed in reading the scenario file and the return model. */
  readonly scenarioWarnings: readonly Warning[];
  readonly monteCarlo: MonteCarloResult | null;
  readonly plan: PlanProjection | null;
  /** A scenario's sub-year conversions this year, costed exactly by the conversions module. */
  readonly conversionThisYear: ConversionCost | null;
}

/** What a scenario file adds to the flags: the steps it took, its warnings and this year's conversion cost. */
export interface ScenarioContext {
  readonly steps: readonly Step[];
  readonly warnings: readonly Warning[];
  readonly conversionThisYear: ConversionCost | null;
}

const DEFAULT_RETIREMENT_AGE = 65;

function choiceOption<T extends string>(flag: string, choices: readonly T[]) {
  return (text: string): T => {
    if (!(choices as readonly string[]).includes(text)) {
      throw new UsageError(`${flag}: "${text}" is not allowed (allowed: ${choices.join(", ")})`);
    }
    return text as T;
  };
}

const FEATURES: readonly Feature[] = ["yes", "no", "unknown"];

function plannedAmountOption(flag: string) {
  return (text: string): PlannedAmount => (text.trim() === "max" ? "max" : moneyOption(flag)(text));
}

function required<T>(value: T | undefined, flag: string, what: string): T {
  if (value === undefined) throw new UsageError(`${flag}: required (${what})`);
  return value;
}

/** `--self-employment-income`: sets `income` to the owner's income behind the rates (flags only, not a scenario). */
function withSelfEmploymentIncome(opts: CompareOptions): { steps: Step[]; warnings: Warning[] } {
  if (opts.selfEmploymentIncome === undefined) return { steps: [], warnings: [] };
  const year = required(opts.year, "--year", "the tax year of the contribution");
  const derived = ownerIncome(year, opts.selfEmploymentIncome, opts.income ?? ZERO);
  opts.income = derived.income;
  return { steps: derived.steps, warnings: opts.rateNow === undefined ? derived.warnings : [] };
}

/** Turns the flags into the projection's assumptions, computing rates from income where asked. */
export function compareFromOptions(
  opts: CompareOptions,
  fromScenario: ScenarioContext = { steps: [], warnings: [], conversionThisYear: null },
): Comparison {
  const year = required(opts.year, "--year", "the tax year of the contribution");
  const age = required(opts.age, "--age", "age at December 31 of that year");
  const budget = required(opts.budget, "--budget", "pre-tax dollars to set aside a year, e.g. 10000");
  const horizonYears = opts.years ?? Math.max(1, DEFAULT_RETIREMENT_AGE - age);
  if (opts.contributionYears > horizonYears) {
    throw new UsageError(
      `--contribution-years: ${opts.contributionYears} is more than the ${horizonYears} years of --years`,
    );
  }
  if (opts.convertEvery > horizonYears) {
    throw new UsageError(
      `--convert-every: ${opts.convertEvery} is more than the ${horizonYears} years of --years`,
    );
  }
  for (const [flag, gains, income, incomeFlag] of [
    ["--ltcg", opts.ltcg, opts.income, "--income"],
    ["--retirement-ltcg", opts.retirementLtcg, opts.retirementIncome, "--retirement-income"],
  ] as const) {
    if (gains === undefined) continue;
    if (income === undefined)
      throw new UsageError(`${flag}: only with ${incomeFlag} (the gains are part of it)`);
    if (gains > income)
      throw new UsageError(`${flag}: more than ${incomeFlag} (allowed: the part of it that is gains)`);
  }
  const rateSteps: Step[] = [...fromScenario.steps];
  let rateNowBp = opts.rateNow;
  if (rateNowBp === undefined && opts.income !== undefined) {
    const derived = rateOnContribution(year, opts.filingStatus, opts.income, budget, opts.ltcg);
    rateNowBp = derived.rateBp;
    rateSteps.push(...derived.steps);
  }
  let rateRetirementBp = opts.rateRetirement;
  if (rateRetirementBp === undefined && opts.retirementIncome !== undefined) {
    const derived = rateOnWithdrawals(year, opts.filingStatus, opts.retirementIncome, opts.retirementLtcg);
    rateRetirementBp = derived.rateBp;
    rateSteps.push(...derived.steps);
  }
  const stateRateRetirementBp = opts.stateRateRetirement ?? opts.stateRate;
  const assumptions: EqualBudgetAssumptions = {
    budget,
    contributionYears: opts.contributionYears,
    horizonYears,
    rateNowBp: required(rateNowBp, "--rate-now", "a percentage like 24%, or --income to compute it"),
    rateRetirementBp: required(
      rateRetirementBp,
      "--rate-retirement",
      "a percentage like 22%, or --retirement-income to compute it",
    ),
    stateRateNowBp: opts.stateRate,
    stateRateRetirementBp,
    returnBp: opts.return,
    dividendYieldBp: opts.dividendYield,
    dividendTaxRateBp: opts.dividendTax,
    capitalGainsRateBp: opts.ltcgRate,
    feeBp: opts.fee,
    conversionEveryYears: opts.convertEvery,
  };
  checkCombinedRates(assumptions);
  const table = contributionTypeTable(year, age, {
    roth: opts.planRoth,
    afterTax: opts.planAfterTax,
    inPlanRothConversion: opts.planInPlanConversion,
    inServiceWithdrawal: opts.planInServiceWithdrawal,
    automaticConversion: opts.planAutomaticConversion,
  });
  const model: ReturnModel =
    opts.model === "bootstrap"
      ? { kind: "bootstrap", series: opts.series }
      : { kind: "lognormal", meanBp: opts.return, volatilityBp: opts.volatility };
  const monteCarlo =
    opts.paths === undefined
      ? null
      : simulateMonteCarlo(assumptions, { paths: opts.paths, seed: opts.seed, model });
  const plan = opts.byYear
    ? projectPlan({
        startYear: year,
        ageAtYearEnd: age,
        years: horizonYears,
        compensation: required(opts.income, "--income", "pay in the first year, for --by-year"),
        wageGrowthBp: opts.wageGrowth,
        indexingBp: opts.indexing,
        preTaxDeferrals: opts.preTax,
        rothDeferrals: opts.roth,
        employerBp: opts.employer,
        afterTax: opts.afterTax,
        taxable: opts.taxableSavings,
        returnBp: opts.return,
        feeBp: opts.fee,
        dividendYieldBp: opts.dividendYield,
        dividendTaxRateBp: basisPoints(opts.dividendTax + opts.stateRate),
        conversionTaxRateBp: basisPoints(assumptions.rateNowBp + opts.stateRate),
        conversionEveryYears: opts.convertEvery,
      })
    : null;
  return {
    year,
    age,
    filingStatus: opts.filingStatus,
    table,
    projection: projectEqualBudget(assumptions),
    rateSteps,
    scenarioWarnings:
      monteCarlo && opts.model === "bootstrap"
        ? [
            ...fromScenario.warnings,
            {
              code: "bootstrap-vs-return",
              message: `the after-tax values use --return ${formatPercent(opts.return)} every year; the percentiles use the historical years drawn`,
            },
          ]
        : fromScenario.warnings,
    monteCarlo,
    plan,
    conversionThisYear: fromScenario.conversionThisYear,
  };
}

/** Options the scenario may supply; a flag given on the command line always wins. */
type ScenarioKey =
  | "year"
  | "age"
  | "filingStatus"
  | "income"
  | "budget"
  | "rateRetirement"
  | "convertEvery"
  | "planRoth"
  | "planAfterTax"
  | "planInPlanConversion"
  | "planInServiceWithdrawal"
  | "planAutomaticConversion";

function paycheckPlan(s: Scenario): PaycheckPlan {
  try {
    return planPaychecks(s);
  } catch (error) {
    if (error instanceof PlanInputError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Fills the options a scenario file answers: year, age, filing status, the year's pay (for the rate now),
 * the plan's features and conversion cadence, and — unless --budget is given — the pre-tax pay behind the
 * after-tax contributions the paycheck plan makes (planned after-tax ÷ (1 − rate now), half-up).
 */
export function applyScenario(
  s: Scenario,
  opts: CompareOptions,
  given: (key: ScenarioKey) => boolean,
): ScenarioContext & { opts: CompareOptions } {
  const steps: Step[] = [];
  const warnings: Warning[] = [];
  const out: CompareOptions = { ...opts };
  const set = <K extends ScenarioKey>(key: K, value: CompareOptions[K]) => {
    if (!given(key)) out[key] = value;
  };
  set("year", s.year);
  set("age", s.ageAtYearEnd);
  if (s.filingStatus) set("filingStatus", s.filingStatus);
  set("planRoth", s.plan.roth ?? "unknown");
  set("planAfterTax", s.plan.afterTax.allowed);
  set("planInPlanConversion", s.plan.inPlanRothConversion ?? "unknown");
  set("planInServiceWithdrawal", s.plan.inServiceWithdrawal ?? "unknown");
  set("planAutomaticConversion", s.plan.automaticConversion ?? "unknown");

  if (s.pay.selfEmployed) return applyOwnerScenario(s, out, steps, warnings, given);
  const planned = paycheckPlan(s);
  const wholeYear = s.ytd?.gross === undefined ? paycheckPlan({ ...s, ytd: undefined }).paychecks : null;
  const pay =
    wholeYear === null
      ? cents(dollarsToCents(s.ytd!.gross!) + sum(planned.paychecks.map((p) => p.gross)))
      : sum(wholeYear.map((p) => p.gross));
  if (!given("income")) {
    out.income = pay;
    steps.push(step(`pay for ${s.year} from the scenario (deferrals not subtracted)`, pay, "scenario pay"));
  }

  const cadence =
    s.plan.conversionCadence ?? (s.plan.automaticConversion === "yes" ? "per-paycheck" : "none");
  if (!given("convertEvery")) {
    out.convertEvery = cadence === "annually" ? 1 : 0;
    if (cadence === "none") {
      warnings.push({
        code: "no-conversion-planned",
        message:
          "the scenario converts nothing: after-tax-converted shows what converting as contributed would give",
      });
    }
  }
  if (!given("budget")) {
    const afterTax = cents(planned.afterTaxYtd + planned.afterTaxTotal);
    if (afterTax === 0) {
      throw new UsageError("--budget: required (the scenario makes no after-tax contributions to compare)");
    }
    // The rate now is the rate on the last `afterTax` dollars of wages, fixed here so that the budget and the
    // tax on it agree: budget − tax now = the planned after-tax amount, to the cent.
    let rateNow = opts.rateNow;
    if (rateNow === undefined) {
      const derived = rateOnContribution(out.year!, out.filingStatus, out.income!, afterTax, out.ltcg);
      rateNow = derived.rateBp;
      out.rateNow = rateNow;
      steps.push(...derived.steps);
    }
    const combined = rateNow + opts.stateRate;
    if (combined >= 10_000)
      throw new UsageError("--rate-now + --state-rate: together 100% or more (allowed: under 100%)");
    out.budget = cents(
      Number(divideRounded(BigInt(afterTax) * 10_000n, BigInt(10_000 - combined), "half-up")),
    );
    steps.push(
      step("after-tax contributions the scenario's paycheck plan makes this year", afterTax, "megaroth plan"),
      step(
        `budget: that amount ÷ (1 − ${formatPercent(basisPoints(combined))}), the pre-tax pay it takes, rounded half-up`,
        out.budget,
        "equal-budget comparison",
      ),
    );
  }
  if (!given("rateRetirement") && opts.retirementIncome === undefined) {
    warnings.push({
      code: "retirement-rate-assumed",
      message:
        "no --rate-retirement or --retirement-income: the retirement rate is taken equal to the rate now; the break-even rate shows where the answer turns",
    });
    out.rateRetirement =
      out.rateNow ??
      rateOnContribution(out.year!, out.filingStatus, out.income!, out.budget!, out.ltcg).rateBp;
  }

  const conversionThisYear = given("convertEvery") ? null : subYearConversionCost(s, planned, cadence, out);
  if (conversionThisYear && conversionThisYear.totalEarnings > 0) {
    warnings.push({
      code: "sub-year-conversion",
      message: `the plan converts ${cadence}: the yearly projection treats that as converting as contributed; this year's conversions tax ${formatUsd(conversionThisYear.totalEarnings)} of earnings made before conversion, ${formatUsd(conversionThisYear.totalTax)} of tax (\`megaroth convert\`)`,
    });
  }
  return { opts: out, steps, warnings, conversionThisYear };
}

/** `applyScenario` for a self-employed owner: income from net profit, after-tax money from the deposit plan. */
function applyOwnerScenario(
  s: Scenario,
  out: CompareOptions,
  steps: Step[],
  warnings: Warning[],
  given: (key: ScenarioKey) => boolean,
): ScenarioContext & { opts: CompareOptions } {
  let planned: OwnerPlan;
  try {
    planned = planOwnerDeposits(s);
  } catch (error) {
    if (error instanceof PlanInputError) throw new UsageError(error.message);
    throw error;
  }
  const owner = s.pay.selfEmployed!;
  if (!given("income")) {
    const derived = ownerIncome(
      s.year,
      dollarsToCents(owner.netProfit),
      dollarsToCents(owner.w2WagesElsewhere ?? 0),
    );
    out.income = derived.income;
    steps.push(...derived.steps);
    if (out.rateNow === undefined) warnings.push(...derived.warnings);
  }
  const cadence = s.plan.conversionCadence ?? "none";
  if (!given("convertEvery")) out.convertEvery = cadence === "annually" ? 1 : 0;
  if (!given("budget")) {
    const afterTax = planned.afterTaxTotal;
    if (afterTax === 0) {
      throw new UsageError("--budget: required (the scenario makes no after-tax contributions to compare)");
    }
    let rateNow = out.rateNow;
    if (rateNow === undefined) {
      const derived = rateOnContribution(out.year!, out.filingStatus, out.income!, afterTax, out.ltcg);
      rateNow = derived.rateBp;
      out.rateNow = rateNow;
      steps.push(...derived.steps);
    }
    const combined = rateNow + out.stateRate;
    if (combined >= 10_000)
      throw new UsageError("--rate-now + --state-rate: together 100% or more (allowed: under 100%)");
    out.budget = cents(
      Number(divideRounded(BigInt(afterTax) * 10_000n, BigInt(10_000 - combined), "half-up")),
    );
    steps.push(
      step("after-tax deposits the owner's plan makes for the year", afterTax, "megaroth plan"),
      step(
        `budget: that amount ÷ (1 − ${formatPercent(basisPoints(combined))}), the pre-tax income it takes, rounded half-up`,
        out.budget,
        "equal-budget comparison",
      ),
    );
  }
  if (!given("rateRetirement") && out.retirementIncome === undefined) {
    warnings.push({
      code: "retirement-rate-assumed",
      message:
        "no --rate-retirement or --retirement-income: the retirement rate is taken equal to the rate now; the break-even rate shows where the answer turns",
    });
    out.rateRetirement =
      out.rateNow ??
      rateOnContribution(out.year!, out.filingStatus, out.income!, out.budget!, out.ltcg).rateBp;
  }
  return { opts: out, steps, warnings, conversionThisYear: null };
}

const SUB_YEAR_CADENCES: Readonly<Record<string, StandardCadence>> = {
  "per-paycheck": "per-paycheck",
  monthly: "monthly",
  quarterly: "quarterly",
};

/** The exact cost of this year's sub-year conversions at the assumed return, from the conversions module. */
function subYearConversionCost(
  s: Scenario,
  planned: PaycheckPlan,
  cadence: string,
  opts: CompareOptions,
): ConversionCost | null {
  const standard = ownEntry(SUB_YEAR_CADENCES, cadence);
  const contributions = planned.paychecks
    .filter((p) => p.afterTax > 0)
    .map((p) => ({ date: p.date, amount: p.afterTax }));
  if (standard === undefined || contributions.length === 0) return null;
  const federalRateBp =
    opts.rateNow ??
    rateOnContribution(opts.year!, opts.filingStatus, opts.income!, opts.budget!, opts.ltcg).rateBp;
  return conversionCost({
    year: s.year,
    contributions,
    annualReturnBp: opts.return,
    cadence: standard,
    lagDays: 0,
    route: s.plan.inPlanRothConversion === "yes" ? "in-plan-roth" : "roth-ira",
    feePerConversion: ZERO,
    rates: { kind: "marginal", federalRateBp },
    stateRateBp: opts.stateRate,
  });
}

function checkCombinedRates(a: EqualBudgetAssumptions): void {
  const pairs: [string, number][] = [
    ["--rate-now + --state-rate", a.rateNowBp + a.stateRateNowBp],
    ["--rate-retirement + --state-rate-retirement", a.rateRetirementBp + a.stateRateRetirementBp],
    ["--dividend-tax + --state-rate", a.dividendTaxRateBp + a.stateRateNowBp],
    ["--ltcg-rate + --state-rate-retirement", a.capitalGainsRateBp + a.stateRateRetirementBp],
  ];
  for (const [flags, bp] of pairs) {
    if (bp > 10_000) throw new UsageError(`${flags}: together ${bp / 100}% (allowed: at most 100%)`);
  }
}

function percentiles(row: PercentileRow) {
  return {
    p5: dollars(row.p5),
    p25: dollars(row.p25),
    p50: dollars(row.p50),
    p75: dollars(row.p75),
    p95: dollars(row.p95),
  };
}

function percentJson(bp: BasisPoints | null): number | null {
  return bp === null ? null : bp / 100;
}

export function comparisonJson(c: Comparison) {
  const p = c.projection;
  const a = p.assumptions;
  const mc = c.monteCarlo;
  const atRetirement = (name: string) => mc?.strategies.find((s) => s.name === name)?.byYear.at(-1);
  return {
    year: c.year,
    age: c.age,
    assumptions: {
      budget: dollars(a.budget),
      contributionYears: a.contributionYears,
      years: a.horizonYears,
      retirementYear: c.year + a.horizonYears,
      rateNow: a.rateNowBp / 100,
      rateRetirement: a.rateRetirementBp / 100,
      stateRate: a.stateRateNowBp / 100,
      stateRateRetirement: a.stateRateRetirementBp / 100,
      return: a.returnBp / 100,
      fee: a.feeBp / 100,
      dividendYield: a.dividendYieldBp / 100,
      dividendTax: a.dividendTaxRateBp / 100,
      ltcgRate: a.capitalGainsRateBp / 100,
      convertEvery: a.conversionEveryYears,
      filingStatus: c.filingStatus,
    },
    contributionTypes: c.table.rows.map((r) => ({
      name: r.name,
      taxDeductionNow: r.taxDeductionNow,
      taxFreeGrowth: r.taxFreeGrowth,
      taxFreeWithdrawals: r.taxFreeWithdrawals,
      limit: r.limit === null ? null : dollars(r.limit),
      limitRule: r.limitRule,
      limitCitation: r.limitCitation,
      planAllows: r.planAllows,
    })),
    strategies: p.strategies.map((s) => {
      const row = atRetirement(s.name);
      return {
        name: s.name,
        afterTaxValue: dollars(s.afterTaxValue),
        taxPaidNow: dollars(s.taxPaidNow),
        taxPaidDuring: dollars(s.taxPaidDuring),
        taxPaidLater: dollars(s.taxPaidLater),
        grossValue: dollars(s.grossValue),
        contributions: dollars(s.contributions),
        ...(row && { percentiles: percentiles(row) }),
        steps: stepsJson(s.steps),
      };
    }),
    breakEvenRate: percentJson(p.breakEvenRateBp),
    breakEvenRateAfterTaxConverted: percentJson(p.breakEvenRateConvertedBp),
    conversionDelayCost: dollars(p.conversionDelayCost),
    ...(mc && {
      monteCarlo: {
        paths: mc.paths,
        seed: mc.seed,
        model: mc.model,
        description: mc.modelDescription,
        byYear: mc.strategies[0]!.byYear.map((row, i) => ({
          afterYears: row.year,
          ...Object.fromEntries(mc.strategies.map((s) => [s.name, percentiles(s.byYear[i]!)])),
        })),
        winProbabilities: mc.winProbabilities,
      },
    }),
    ...(c.plan && { byYear: planJson(c.plan) }),
    ...(c.conversionThisYear && {
      conversionThisYear: {
        cadence: c.conversionThisYear.cadence,
        route: c.conversionThisYear.route,
        contributions: dollars(c.conversionThisYear.totalContributions),
        earningsBeforeConversion: dollars(c.conversionThisYear.totalEarnings),
        tax: dollars(c.conversionThisYear.totalTax),
      },
    }),
    rateSteps: stepsJson(c.rateSteps),
    warnings: allWarnings(c),
  };
}

function planJson(plan: PlanProjection) {
  return plan.years.map((y) => ({
    year: y.year,
    age: y.ageAtYearEnd,
    compensation: dollars(y.compensation),
    limits: Object.fromEntries(
      (
        [
          "electiveDeferral",
          "catchUp",
          "annualAdditions",
          "compensation",
          "rothCatchUpWageThreshold",
        ] as const
      ).map((k) => {
        const l = y.limits[k];
        return [
          k,
          { amount: l.amount === null ? null : dollars(l.amount), projected: l.projected, basis: l.basis },
        ];
      }),
    ),
    limitsProjected: y.limits.anyProjected,
    afterTaxRoom: dollars(y.afterTaxRoom),
    contributions: mapDollars(y.contributions),
    conversionTax: dollars(y.conversionTax),
    dividendTax: dollars(y.dividendTax),
    balances: mapDollars(y.balances),
  }));
}

function mapDollars<T extends { readonly [K in keyof T]: Cents }>(o: T): Record<keyof T, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, dollars(v as Cents)])) as Record<
    keyof T,
    number
  >;
}

function allWarnings(c: Comparison): Warning[] {
  return [...c.scenarioWarnings, ...c.table.warnings, ...c.projection.warnings, ...(c.plan?.warnings ?? [])];
}

const YES_NO = (b: boolean) => (b ? "yes" : "no");

function printComparison(c: Comparison, explain: boolean): void {
  const p = c.projection;
  const a = p.assumptions;
  process.stdout.write(`Contribution types, ${c.year}, age ${c.age} at year end\n`);
  printRows(
    ["type", "deduction now", "growth", "tax-free withdrawals", `${c.year} limit`, "your plan"],
    c.table.rows.map((r) => [
      r.name,
      YES_NO(r.taxDeductionNow),
      r.taxFreeGrowth,
      r.taxFreeWithdrawals,
      r.limit === null ? "none" : formatUsd(r.limit),
      r.planAllows,
    ]),
  );
  const state = (bp: BasisPoints) => (bp > 0 ? ` + ${formatPercent(bp)} state` : "");
  process.stdout.write(
    `\nEqual budget: ${formatUsd(a.budget)} of pre-tax pay a year for ${a.contributionYears} year(s), valued after tax in ${c.year + a.horizonYears} (${a.horizonYears} years)\n`,
  );
  printTable([
    ["Tax rate now", `${formatPercent(a.rateNowBp)}${state(a.stateRateNowBp)}`],
    ["Tax rate in retirement", `${formatPercent(a.rateRetirementBp)}${state(a.stateRateRetirementBp)}`],
    ["Return a year, less fee", `${formatPercent(a.returnBp)} − ${formatPercent(a.feeBp)}`],
    [
      "Taxable account",
      `dividend yield ${formatPercent(a.dividendYieldBp)} taxed at ${formatPercent(a.dividendTaxRateBp)}; gains at ${formatPercent(a.capitalGainsRateBp)}`,
    ],
    [
      "After-tax converted",
      a.conversionEveryYears === 0 ? "as contributed" : `every ${a.conversionEveryYears} year(s)`,
    ],
  ]);
  const mc = c.monteCarlo;
  const head = [
    "strategy",
    "contributed",
    "tax now",
    "tax while invested",
    "tax at withdrawal",
    "after-tax value",
  ];
  if (mc) head.push("p5", "median", "p95");
  printRows(
    head,
    p.strategies.map((s) => {
      const row = [
        s.name,
        formatUsd(s.contributions),
        formatUsd(s.taxPaidNow),
        formatUsd(s.taxPaidDuring),
        formatUsd(s.taxPaidLater),
        formatUsd(s.afterTaxValue),
      ];
      const last = mc?.strategies.find((d) => d.name === s.name)?.byYear.at(-1);
      if (last) row.push(formatUsd(last.p5), formatUsd(last.p50), formatUsd(last.p95));
      return row;
    }),
  );
  const breakEven = (bp: BasisPoints | null, other: string) =>
    bp === null
      ? `no retirement rate from 0% to 100% makes pre-tax and ${other} equal`
      : `${formatPercent(bp)} federal in retirement: above it ${other} wins, below it pre-tax`;
  process.stdout.write(`Break-even, pre-tax vs roth: ${breakEven(p.breakEvenRateBp, "roth")}\n`);
  process.stdout.write(
    `Break-even, pre-tax vs after-tax-converted: ${breakEven(p.breakEvenRateConvertedBp, "after-tax-converted")}\n`,
  );
  if (a.conversionEveryYears > 0) {
    process.stdout.write(
      `Cost of converting every ${a.conversionEveryYears} year(s) instead of at once: ${formatUsd(p.conversionDelayCost)}\n`,
    );
  }
  if (mc) {
    process.stdout.write(
      `\nMonte Carlo: ${mc.paths.toLocaleString("en-US")} paths, seed ${mc.seed}; ${mc.modelDescription}\nChance that the row ends with more after tax than the column:\n`,
    );
    const names = mc.strategies.map((s) => s.name);
    printRows(
      ["", ...names],
      names.map((w) => [
        w,
        ...names.map((l) => {
          const win = mc.winProbabilities.find((x) => x.winner === w && x.loser === l);
          return win ? `${(win.probability * 100).toFixed(1)}%` : "—";
        }),
      ]),
    );
  }
  if (c.plan) printPlan(c.plan);
  printWarnings(allWarnings(c));
  if (explain) {
    printSteps([
      ...c.rateSteps,
      ...p.strategies.flatMap((s) => s.steps.map((st) => ({ ...st, label: `${s.name}: ${st.label}` }))),
    ]);
  }
}

function printPlan(plan: PlanProjection): void {
  process.stdout.write("\nYear by year (limits marked * are projected, not published):\n");
  printRows(
    [
      "year",
      "age",
      "402(g)+catch-up",
      "415(c)",
      "pre-tax",
      "roth",
      "employer",
      "after-tax",
      "taxable",
      "pre-tax bal",
      "roth bal",
      "after-tax basis/earnings",
      "taxable basis/gains",
    ],
    plan.years.map((y) => {
      const mark = (projected: boolean) => (projected ? "*" : "");
      const l = y.limits;
      return [
        String(y.year),
        String(y.ageAtYearEnd),
        `${formatUsd((l.electiveDeferral.amount! + (l.catchUp.amount ?? 0)) as Cents)}${mark(l.electiveDeferral.projected || l.catchUp.projected)}`,
        `${formatUsd(l.annualAdditions.amount!)}${mark(l.annualAdditions.projected)}`,
        formatUsd(y.contributions.preTax),
        formatUsd(y.contributions.roth),
        formatUsd(y.contributions.employer),
        formatUsd(y.contributions.afterTax),
        formatUsd(y.contributions.taxable),
        formatUsd(y.balances.preTax),
        formatUsd(y.balances.roth),
        `${formatUsd(y.balances.afterTaxBasis)} / ${formatUsd(y.balances.afterTaxEarnings)}`,
        `${formatUsd(y.balances.taxableBasis)} / ${formatUsd(y.balances.taxableGains)}`,
      ];
    }),
  );
}

function printCsv(c: Comparison): void {
  if (c.plan) {
    const m = (v: unknown) => (typeof v === "number" ? csvDollars(v) : v);
    const rows = planJson(c.plan).map((y) => ({
      year: y.year,
      age: y.age,
      compensation: m(y.compensation),
      limitsProjected: y.limitsProjected,
      afterTaxRoom: m(y.afterTaxRoom),
      ...Object.fromEntries(Object.entries(y.contributions).map(([k, v]) => [`contribution_${k}`, m(v)])),
      conversionTax: m(y.conversionTax),
      dividendTax: m(y.dividendTax),
      ...Object.fromEntries(Object.entries(y.balances).map(([k, v]) => [`balance_${k}`, m(v)])),
    }));
    process.stdout.write(`${Papa.unparse(rows)}\n`);
    return;
  }
  const json = comparisonJson(c);
  const rows = json.strategies.map((s) => ({
    name: s.name,
    contributions: csvDollars(s.contributions),
    taxPaidNow: csvDollars(s.taxPaidNow),
    taxPaidDuring: csvDollars(s.taxPaidDuring),
    taxPaidLater: csvDollars(s.taxPaidLater),
    grossValue: csvDollars(s.grossValue),
    afterTaxValue: csvDollars(s.afterTaxValue),
    ...Object.fromEntries(Object.entries(s.percentiles ?? {}).map(([k, v]) => [k, csvDollars(v as number)])),
  }));
  process.stdout.write(`${Papa.unparse(rows)}\n`);
}

export function registerCompare(command: Command): void {
  command
    .argument("[scenario]", "scenario file (.json, .yaml or .yml; see `megaroth schema`); flags override it")
    .option("--year <year>", "tax year of the contribution", yearOption("electiveDeferralLimit"))
    .option("--age <age>", "age at December 31 of that year (18–120)", ageOption)
    .option("--budget <dollars>", "pre-tax dollars set aside a year", moneyOption("--budget"))
    .option("--rate-now <percent>", "federal marginal rate now, e.g. 24%", percentOption("--rate-now"))
    .option(
      "--rate-retirement <percent>",
      "federal marginal rate in retirement",
      percentOption("--rate-retirement"),
    )
    .option(
      "--income <dollars>",
      "gross income now: computes --rate-now; pay for --by-year",
      moneyOption("--income"),
    )
    .option(
      "--self-employment-income <dollars>",
      "a self-employed owner's net profit: the rate's income is profit less half the SE tax, plus --income (W-2 wages)",
      moneyOption("--self-employment-income"),
    )
    .option(
      "--ltcg <dollars>",
      "qualified dividends and long-term gains inside --income (the QDCG worksheet sets the rate now)",
      moneyOption("--ltcg"),
    )
    .option(
      "--retirement-income <dollars>",
      "income in retirement: computes --rate-retirement",
      moneyOption("--retirement-income"),
    )
    .option(
      "--retirement-ltcg <dollars>",
      "qualified dividends and long-term gains inside --retirement-income",
      moneyOption("--retirement-ltcg"),
    )
    .option(
      "--filing-status <status>",
      "single | mfj | mfs | hoh (with --income)",
      filingStatusOption,
      "single",
    )
    .addOption(
      percentFlag(
        "--state-rate <percent>",
        "state rate now (and in retirement unless given)",
        percentOption("--state-rate"),
        basisPoints(0),
      ),
    )
    .option(
      "--state-rate-retirement <percent>",
      "state rate in retirement",
      percentOption("--state-rate-retirement"),
    )
    .addOption(
      percentFlag(
        "--return <percent>",
        "nominal total return a year (lognormal mean)",
        percentOption("--return"),
        basisPoints(600),
      ),
    )
    .addOption(
      percentFlag(
        "--volatility <percent>",
        "standard deviation of yearly returns (lognormal)",
        percentOption("--volatility"),
        basisPoints(1500),
      ),
    )
    .option(
      "--model <model>",
      "lognormal | bootstrap (historical years)",
      choiceOption("--model", ["lognormal", "bootstrap"] as const),
      "lognormal",
    )
    .option(
      "--series <column>",
      `historical series to bootstrap: ${RETURN_SERIES_IDS.join(" | ")}`,
      choiceOption("--series", RETURN_SERIES_IDS),
      "sp500_total_return",
    )
    .addOption(
      percentFlag("--fee <percent>", "yearly fee on every account", percentOption("--fee"), basisPoints(0)),
    )
    .addOption(
      percentFlag(
        "--dividend-yield <percent>",
        "taxable account's dividend yield (part of the return)",
        percentOption("--dividend-yield"),
        basisPoints(150),
      ),
    )
    .addOption(
      percentFlag(
        "--dividend-tax <percent>",
        "federal rate on those dividends",
        percentOption("--dividend-tax"),
        basisPoints(1500),
      ),
    )
    .addOption(
      percentFlag(
        "--ltcg-rate <percent>",
        "federal long-term capital-gains rate at sale",
        percentOption("--ltcg-rate"),
        basisPoints(1500),
      ),
    )
    .option(
      "--years <n>",
      `years to retirement (default: to age ${DEFAULT_RETIREMENT_AGE}, at least 1)`,
      integerOption("--years", 1, 80),
    )
    .option(
      "--contribution-years <n>",
      "years the budget is contributed",
      integerOption("--contribution-years", 1, 80),
      1,
    )
    .option(
      "--convert-every <n>",
      "after-tax converted every n years (0 = as contributed)",
      integerOption("--convert-every", 0, 80),
      0,
    )
    .option("--paths <n>", "Monte Carlo paths (1–1,000,000)", integerOption("--paths", 1, 1_000_000))
    .option("--seed <n>", "Monte Carlo seed", integerOption("--seed", 0, 4_294_967_295), 1)
    .option(
      "--plan-roth <answer>",
      "plan offers Roth: yes | no | unknown",
      choiceOption("--plan-roth", FEATURES),
      "unknown",
    )
    .option(
      "--plan-after-tax <answer>",
      "plan takes after-tax: yes | no | unknown",
      choiceOption("--plan-after-tax", FEATURES),
      "unknown",
    )
    .option(
      "--plan-in-plan-conversion <answer>",
      "in-plan Roth conversion: yes | no | unknown",
      choiceOption("--plan-in-plan-conversion", FEATURES),
      "unknown",
    )
    .option(
      "--plan-in-service-withdrawal <answer>",
      "in-service withdrawal: yes | no | unknown",
      choiceOption("--plan-in-service-withdrawal", FEATURES),
      "unknown",
    )
    .option(
      "--plan-automatic-conversion <answer>",
      "automatic conversion: yes | no | unknown",
      choiceOption("--plan-automatic-conversion", FEATURES),
      "unknown",
    )
    .option(
      "--by-year",
      "year-by-year plan projection: limits, contributions by type, balances by bucket (needs --income)",
    )
    .option(
      "--pre-tax <amount>",
      "--by-year: pre-tax deferrals a year, dollars or max",
      plannedAmountOption("--pre-tax"),
      "max",
    )
    .option(
      "--roth <amount>",
      "--by-year: Roth deferrals a year, dollars or max",
      plannedAmountOption("--roth"),
      0 as Cents,
    )
    .option(
      "--after-tax <amount>",
      "--by-year: after-tax a year, dollars or max",
      plannedAmountOption("--after-tax"),
      "max",
    )
    .addOption(
      percentFlag(
        "--employer <percent>",
        "--by-year: employer contributions, % of pay",
        percentOption("--employer"),
        basisPoints(0),
      ),
    )
    .option(
      "--taxable-savings <dollars>",
      "--by-year: saved in a taxable account a year",
      moneyOption("--taxable-savings"),
      0 as Cents,
    )
    .addOption(
      percentFlag(
        "--wage-growth <percent>",
        "--by-year: pay growth a year",
        percentOption("--wage-growth"),
        basisPoints(0),
      ),
    )
    .addOption(
      percentFlag(
        "--indexing <percent>",
        "--by-year: assumed yearly rise of unpublished limits",
        percentOption("--indexing"),
        basisPoints(250),
      ),
    )
    .option("--json", "machine-readable output (money in dollars, rates in percent)")
    .option("--csv", "CSV: the strategies, or the years with --by-year")
    .option("--explain", "print every step with its citation")
    .action((file: string | undefined, opts: CompareOptions, command: Command) => {
      if (opts.json && opts.csv) throw new UsageError("--json, --csv: choose one output format");
      if (file !== undefined && opts.selfEmploymentIncome !== undefined) {
        throw new UsageError(
          "--self-employment-income: not with a scenario file (the file's pay.selfEmployed gives the net profit)",
        );
      }
      const ownerContext = withSelfEmploymentIncome(opts);
      const fromScenario =
        file === undefined
          ? { opts, steps: ownerContext.steps, warnings: ownerContext.warnings, conversionThisYear: null }
          : applyScenario(readScenarioFile(file), opts, (key) => command.getOptionValueSource(key) === "cli");
      let comparison: ReturnType<typeof compareFromOptions>;
      try {
        comparison = compareFromOptions(fromScenario.opts, fromScenario);
      } catch (error) {
        // Balances past 2^53 cents (about $90 trillion) cannot be counted exactly to the cent.
        if (!(error instanceof MoneyError)) throw error;
        throw new UsageError(
          "--budget, --return, --years: the projected balances pass $90 trillion (allowed: amounts that stay below it)",
        );
      }
      if (opts.json) printJson(comparisonJson(comparison));
      else if (opts.csv) printCsv(comparison);
      else printComparison(comparison, opts.explain ?? false);
    });
}
