import {
  allocateEvenly,
  type BasisPoints,
  basisPointsToPercent,
  type Cents,
  type Election,
  type ElectionRow,
  formatElection,
  formatUsd,
  type OwnerPlan,
  type PaycheckPlan,
  type PeriodTotals,
  PLAN_TOTALS_COVER,
  PlanInputError,
  planOwnerDeposits,
  planPaychecks,
  type Scenario,
  scenarioJsonSchema,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import Papa from "papaparse";
import { UsageError } from "../errors.js";
import {
  ageOption,
  integerOption,
  matchOption,
  moneyOption,
  ownEntry,
  percentOption,
  percentOrDollarsOption,
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
import { printOwnerPlan } from "./owner-plan.js";

const pct = (e: Election) => (e.kind === "percent" ? basisPointsToPercent(e.bp as BasisPoints) : null);
const perPaycheckDollars = (e: Election) => (e.kind === "dollars" ? dollars(e.amount) : null);

function electionJson(e: ElectionRow) {
  return {
    fromPaycheck: e.fromPaycheck,
    date: e.date,
    deferralPct: pct(e.deferral),
    afterTaxPct: pct(e.afterTax),
    deferralDollars: perPaycheckDollars(e.deferral),
    afterTaxDollars: perPaycheckDollars(e.afterTax),
  };
}

function periodJson(t: PeriodTotals) {
  return {
    paychecks: t.paychecks,
    gross: dollars(t.gross),
    deferrals: dollars(t.deferrals),
    catchUp: dollars(t.catchUp),
    afterTax: dollars(t.afterTax),
    match: dollars(t.match),
    nonelective: dollars(t.nonelective),
  };
}

export function planJson(p: PaycheckPlan) {
  return {
    year: p.year,
    eligibility: p.eligibility,
    increment: p.increment,
    paychecksPaid: p.paychecksPaid,
    afterTaxRoom: dollars(p.afterTaxRoom),
    afterTaxRoom415: dollars(p.afterTaxRoom415),
    afterTaxTarget: dollars(p.afterTaxTarget),
    afterTaxTotal: dollars(p.afterTaxTotal),
    afterTaxYtd: dollars(p.afterTaxYtd),
    shortfall: dollars(p.shortfall),
    nextBetter: p.nextBetter && {
      overshoot: dollars(p.nextBetter.overshoot),
      elections: p.nextBetter.elections.map(electionJson),
    },
    flatBaseline: p.flatBaseline && {
      afterTaxPct: pct(p.flatBaseline.afterTax),
      afterTaxTotal: dollars(p.flatBaseline.afterTaxTotal),
    },
    deferralTarget: dollars(p.deferralTarget),
    deferralTotal: dollars(p.deferralTotal),
    catchUpTotal: dollars(p.catchUpTotal),
    employerMatch: dollars(p.employerMatch),
    matchTrueUp: dollars(p.matchTrueUp),
    matchLost: dollars(p.matchLost),
    nonelective: dollars(p.nonelective),
    annualAdditions: dollars(p.annualAdditions),
    annualAdditionsLimit: dollars(p.annualAdditionsLimit),
    electiveDeferralLimit: dollars(p.electiveDeferralLimit),
    catchUpLimit: dollars(p.catchUpLimit),
    convertedTotal: dollars(p.convertedTotal),
    // Which period each total above covers; `totals` names them outright.
    totalsCover: PLAN_TOTALS_COVER,
    totals: {
      yearToDate: periodJson(p.totals.yearToDate),
      restOfYear: periodJson(p.totals.restOfYear),
      year: periodJson(p.totals.year),
    },
    electionChanges: p.electionChanges,
    elections: p.elections.map(electionJson),
    bonusElection: p.bonusElection && {
      deferralPct: pct(p.bonusElection.deferral),
      afterTaxPct: pct(p.bonusElection.afterTax),
    },
    paychecks: p.paychecks.map((r) => ({
      n: r.n,
      date: r.date,
      gross: dollars(r.gross),
      eligiblePay: dollars(r.eligiblePay),
      bonus: r.bonus,
      deferral: dollars(r.deferral),
      catchUp: dollars(r.catchUp),
      match: dollars(r.match),
      nonelective: dollars(r.nonelective),
      afterTax: dollars(r.afterTax),
      converts: dollars(r.converts),
      netPay: dollars(r.netPay),
      ytd: {
        deferral: dollars(r.ytdDeferral),
        catchUp: dollars(r.ytdCatchUp),
        afterTax: dollars(r.ytdAfterTax),
        annualAdditions: dollars(r.ytdAnnualAdditions),
      },
    })),
    warnings: p.warnings,
    steps: stepsJson(p.steps),
  };
}

const PAYCHECK_HEAD = [
  "#",
  "Date",
  "Gross",
  "Eligible pay",
  "Deferral",
  "Catch-up",
  "Match",
  "After-tax",
  "Converts",
  "YTD 402(g)",
  "YTD 415(c)",
  "YTD after-tax",
];

function paycheckCells(p: PaycheckPlan): string[][] {
  return p.paychecks.map((r) => [
    `${r.n}${r.bonus ? " (bonus)" : ""}`,
    r.date,
    formatUsd(r.gross),
    formatUsd(r.eligiblePay),
    formatUsd(r.deferral),
    formatUsd(r.catchUp),
    formatUsd(r.match),
    formatUsd(r.afterTax),
    formatUsd(r.converts),
    formatUsd(r.ytdDeferral),
    formatUsd(r.ytdAnnualAdditions),
    formatUsd(r.ytdAfterTax),
  ]);
}

function electionCells(p: PaycheckPlan): string[][] {
  const rows = p.elections.map((e) => [
    `paycheck ${e.fromPaycheck}`,
    e.date,
    formatElection(e.deferral),
    formatElection(e.afterTax),
  ]);
  if (p.bonusElection)
    rows.push([
      "bonus paychecks",
      "",
      formatElection(p.bonusElection.deferral),
      formatElection(p.bonusElection.afterTax),
    ]);
  return rows;
}

function totalCells(p: PaycheckPlan): [string, string][] {
  // Mid-year, say which totals cover the rest of the year (the planned paychecks) and which the whole year.
  const midYear = p.paychecksPaid > 0;
  const rest = midYear ? `, paychecks ${p.paychecksPaid + 1} on` : "";
  const whole = midYear ? ", whole year" : "";
  const rows: [string, string][] = [
    [`After-tax room (415(c), plan cap${whole})`, formatUsd(p.afterTaxRoom)],
    [`After-tax planned${rest}`, formatUsd(p.afterTaxTotal)],
  ];
  if (p.afterTaxYtd > 0) rows.push(["After-tax already contributed", formatUsd(p.afterTaxYtd)]);
  if (p.shortfall > 0) rows.push(["Short of the target by", formatUsd(p.shortfall)]);
  if (p.nextBetter)
    rows.push(["Next-better elections would overshoot by", formatUsd(p.nextBetter.overshoot)]);
  rows.push(
    [`Deferrals (402(g))${rest}`, formatUsd(p.deferralTotal)],
    [`Catch-up${rest}`, formatUsd(p.catchUpTotal)],
  );
  if (midYear) {
    rows.push(
      ["Deferrals (402(g)), whole year", formatUsd(p.totals.year.deferrals)],
      ["Catch-up, whole year", formatUsd(p.totals.year.catchUp)],
      ["After-tax, whole year", formatUsd(p.totals.year.afterTax)],
    );
  }
  rows.push([`Employer match${whole}`, formatUsd(p.employerMatch)]);
  if (p.matchTrueUp > 0) rows.push(["  of which year-end true-up", formatUsd(p.matchTrueUp)]);
  if (p.matchLost > 0) rows.push(["Match lost", formatUsd(p.matchLost)]);
  if (p.nonelective > 0) rows.push([`Employer nonelective${whole}`, formatUsd(p.nonelective)]);
  rows.push([
    `Annual additions / 415(c) limit${whole}`,
    `${formatUsd(p.annualAdditions)} / ${formatUsd(p.annualAdditionsLimit)}`,
  ]);
  if (p.convertedTotal > 0) rows.push([`Converted to Roth (principal)${rest}`, formatUsd(p.convertedTotal)]);
  rows.push(["Election changes", String(p.electionChanges)]);
  return rows;
}

function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

function printPlanText(p: PaycheckPlan): void {
  process.stdout.write(`${p.eligibility.answer}\n`);
  printRows(
    ["Route to Roth", "Status", "Why"],
    p.eligibility.routes.map((r) => [r.route, r.status, r.reason]),
  );
  if (p.eligibility.questions.length > 0) {
    process.stdout.write("Ask the plan administrator:\n");
    for (const [i, q] of p.eligibility.questions.entries()) process.stdout.write(`  ${i + 1}. ${q}\n`);
  }
  process.stdout.write(`\nElections to set (${p.year}):\n`);
  printRows(["From", "Date", "Deferral", "After-tax"], electionCells(p));
  printRows(PAYCHECK_HEAD, paycheckCells(p));
  printTable(totalCells(p));
  printWarnings(p.warnings);
}

function printPlanMarkdown(p: PaycheckPlan): void {
  const parts = [
    `# Paycheck plan ${p.year}`,
    p.eligibility.answer,
    markdownTable(
      ["Route to Roth", "Status", "Why"],
      p.eligibility.routes.map((r) => [r.route, r.status, r.reason]),
    ),
    ...(p.eligibility.questions.length > 0
      ? [
          `Ask the plan administrator:\n\n${p.eligibility.questions.map((q, i) => `${i + 1}. ${q}`).join("\n")}`,
        ]
      : []),
    "## Elections",
    markdownTable(["From", "Date", "Deferral", "After-tax"], electionCells(p)),
    "## Paychecks",
    markdownTable(PAYCHECK_HEAD, paycheckCells(p)),
    "## Totals",
    markdownTable(["", ""], totalCells(p)),
    ...(p.warnings.length > 0
      ? ["## Warnings", p.warnings.map((w) => `- **${w.code}**: ${w.message}`).join("\n")]
      : []),
  ];
  process.stdout.write(`${parts.join("\n\n")}\n`);
}

function printPlanCsv(p: PaycheckPlan): void {
  const json = planJson(p);
  const m = csvDollars;
  const data = json.paychecks.map((r) => [
    r.n,
    r.date,
    m(r.gross),
    r.bonus,
    m(r.deferral),
    m(r.catchUp),
    m(r.match),
    m(r.nonelective),
    m(r.afterTax),
    m(r.converts),
    m(r.netPay),
    m(r.ytd.deferral),
    m(r.ytd.catchUp),
    m(r.ytd.afterTax),
    m(r.ytd.annualAdditions),
    m(r.eligiblePay),
  ]);
  const fields = [
    "n",
    "date",
    "gross",
    "bonus",
    "deferral",
    "catchUp",
    "match",
    "nonelective",
    "afterTax",
    "converts",
    "netPay",
    "ytdDeferral",
    "ytdCatchUp",
    "ytdAfterTax",
    "ytdAnnualAdditions",
    // Added last so existing columns keep their places.
    "eligiblePay",
  ];
  process.stdout.write(`${Papa.unparse({ fields, data }, { newline: "\n" })}\n`);
}

interface OutputOptions {
  json?: boolean;
  csv?: boolean;
  markdown?: boolean;
  explain?: boolean;
}

function plan(scenario: Scenario): PaycheckPlan {
  try {
    return planPaychecks(scenario);
  } catch (error) {
    if (error instanceof PlanInputError) throw new UsageError(error.message);
    throw error;
  }
}

function ownerPlan(scenario: Scenario): OwnerPlan {
  try {
    return planOwnerDeposits(scenario);
  } catch (error) {
    if (error instanceof PlanInputError) throw new UsageError(error.message);
    throw error;
  }
}

function printPlan(p: PaycheckPlan, options: OutputOptions): void {
  const formats = [options.json, options.csv, options.markdown].filter(Boolean).length;
  if (formats > 1) throw new UsageError("--json, --csv, --markdown: choose at most one output format");
  if (options.json) printJson(planJson(p));
  else if (options.csv) printPlanCsv(p);
  else if (options.markdown) printPlanMarkdown(p);
  else {
    printPlanText(p);
    if (options.explain) printSteps(p.steps);
  }
}

export function registerPlan(command: Command): void {
  command
    .argument("<scenario>", "scenario file (.json, .yaml or .yml; see `megaroth schema`)")
    .option("--json", "machine-readable output")
    .option("--csv", "per-paycheck table as CSV")
    .option("--markdown", "report as Markdown")
    .option("--explain", "show how the room and the targets were computed, with citations")
    .action((file: string, options: OutputOptions) => {
      const scenario = readScenarioFile(file);
      if (scenario.pay.selfEmployed) {
        printOwnerPlan(ownerPlan(scenario), options);
        return;
      }
      printPlan(plan(scenario), options);
    });
}

export function registerSchedule(command: Command): void {
  command
    .requiredOption("--amount <dollars>", "amount to split", moneyOption("--amount"))
    .requiredOption("--pay-periods <n>", "number of paychecks (1–53)", integerOption("--pay-periods", 1, 53))
    .option("--json", "machine-readable output")
    .action((options: { amount: Cents; payPeriods: number; json?: boolean }) => {
      const parts = allocateEvenly(options.amount, options.payPeriods);
      if (options.json) {
        printJson({
          amount: dollars(options.amount),
          payPeriods: options.payPeriods,
          paychecks: parts.map((a, i) => ({ n: i + 1, amount: dollars(a) })),
        });
        return;
      }
      printRows(
        ["#", "Amount"],
        parts.map((a, i) => [String(i + 1), formatUsd(a)]),
      );
      process.stdout.write(`Total ${formatUsd(options.amount)} over ${options.payPeriods} paychecks\n`);
    });
}

const FREQUENCY_BY_PERIODS: Readonly<Record<number, "weekly" | "biweekly" | "semimonthly" | "monthly">> = {
  52: "weekly",
  26: "biweekly",
  24: "semimonthly",
  12: "monthly",
};

const INCREMENTS: Readonly<Record<string, "1%" | "0.5%" | "0.1%">> = {
  "1": "1%",
  "0.5": "0.5%",
  "0.1": "0.1%",
};

interface ElectionsOptions extends OutputOptions {
  year: number;
  age: number;
  salary: Cents;
  payPeriods: number;
  deferrals: Cents;
  match?: string;
  nonelective?: BasisPoints;
  afterTaxCap?: { kind: "percent"; bp: BasisPoints } | { kind: "dollars"; amount: Cents };
  increment: string;
  trueUp?: boolean;
  payrollStopsAt415c?: boolean;
  payrollStopsAt402g?: boolean;
}

export function registerElections(command: Command): void {
  command
    .requiredOption("--year <year>", "tax year", yearOption("annualAdditionsLimit"))
    .requiredOption("--age <age>", "age at December 31 (18–120)", ageOption)
    .requiredOption("--salary <dollars>", "annual salary before deferrals", moneyOption("--salary"))
    .requiredOption("--pay-periods <n>", "paychecks a year: 52, 26, 24 or 12", (text: string) => {
      const n = integerOption("--pay-periods", 12, 52)(text);
      if (!ownEntry(FREQUENCY_BY_PERIODS, n))
        throw new UsageError(`--pay-periods: "${text}" is not allowed (allowed: 52, 26, 24 or 12)`);
      return n;
    })
    .requiredOption(
      "--deferrals <dollars>",
      "pre-tax + Roth deferrals for the year (above 402(g) = catch-up)",
      moneyOption("--deferrals"),
    )
    .option("--match <tiers>", 'match formula, e.g. "100%@3%,50%@2%" or "none"')
    .option(
      "--nonelective <percent>",
      "employer nonelective contribution, % of pay",
      percentOption("--nonelective"),
    )
    .option(
      "--after-tax-cap <percent|dollars>",
      'plan cap on after-tax: "10%" of pay or dollars',
      percentOrDollarsOption("--after-tax-cap"),
    )
    .option("--increment <step>", "election step: 1, 0.5 or 0.1 (%)", "1")
    .option("--true-up", "the match is trued up at year end (otherwise paid per paycheck only)")
    .option("--payroll-stops-at-415c", "payroll stops after-tax contributions at the 415(c) room")
    .option("--payroll-stops-at-402g", "payroll stops deferrals at the 402(g) limit")
    .option("--json", "machine-readable output")
    .option("--csv", "per-paycheck table as CSV")
    .option("--markdown", "report as Markdown")
    .action((options: ElectionsOptions) => {
      const increment = ownEntry(INCREMENTS, options.increment);
      if (!increment)
        throw new UsageError(`--increment: "${options.increment}" is not allowed (allowed: 1, 0.5 or 0.1)`);
      const tiers = options.match === undefined ? [] : matchOption(options.match);
      const scenario: Scenario = {
        year: options.year,
        ageAtYearEnd: options.age,
        pay: { salary: dollars(options.salary), frequency: FREQUENCY_BY_PERIODS[options.payPeriods]! },
        plan: {
          match: tiers.map((t) => ({
            rate: basisPointsToPercent(t.rateBp),
            upTo: basisPointsToPercent(t.upToBp),
          })),
          matchPeriod: options.trueUp ? "annual-true-up" : "per-paycheck",
          nonelective: options.nonelective === undefined ? 0 : basisPointsToPercent(options.nonelective),
          afterTax: {
            allowed: "yes",
            ...(options.afterTaxCap?.kind === "percent"
              ? { capPct: basisPointsToPercent(options.afterTaxCap.bp) }
              : {}),
            ...(options.afterTaxCap?.kind === "dollars"
              ? { capDollars: dollars(options.afterTaxCap.amount) }
              : {}),
          },
          electionIncrement: increment,
          payrollStopsAfterTaxAt415c: options.payrollStopsAt415c ? "yes" : "no",
          payrollStopsDeferralsAt402g: options.payrollStopsAt402g ? "yes" : "no",
          roth: "yes",
        },
        goal: { deferrals: dollars(options.deferrals), afterTax: "max" },
      };
      printPlan(plan(scenario), options);
    });
}

export function registerSchema(command: Command): void {
  command.action(() => printJson(scenarioJsonSchema()));
}
