import {
  type AfterTaxCap,
  type BasisPoints,
  basisPoints,
  type Cents,
  contributionRoom,
  formatMatchFormula,
  formatPercent,
  formatUsd,
  type MatchTier,
  OWNER_MAX_NONELECTIVE_BP,
  type RoomResult,
  type SelfEmployedRoomResult,
  selfEmployedRoom,
  ZERO,
} from "@megaroth/core/typed";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import {
  ageOption,
  matchOption,
  moneyOption,
  percentOption,
  percentOrDollarsOption,
  yearOption,
} from "../options.js";
import { dollars, printJson, printSteps, printTable, printWarnings, stepsJson } from "../output.js";

interface RoomOptions {
  year: number;
  age: number;
  compensation?: Cents;
  selfEmploymentIncome?: Cents;
  w2WagesElsewhere?: Cents;
  deferrals: Cents;
  match?: MatchTier[];
  matchCatchUp?: boolean;
  nonelective: BasisPoints;
  afterTaxCap?: AfterTaxCap;
  priorYearFicaWages?: Cents;
  rothOption: boolean;
  otherEmployerDeferrals: Cents;
  relatedEmployerAdditions: Cents;
  json?: boolean;
  explain?: boolean;
}

export function roomJson(r: RoomResult) {
  return {
    year: r.year,
    afterTaxRoom: dollars(r.afterTaxRoom),
    afterTaxRoom415: dollars(r.afterTaxRoom415),
    annualAdditionsLimit: dollars(r.annualAdditionsLimit),
    annualAdditionsDollarLimit: dollars(r.limit415cDollar),
    electiveDeferralLimit: dollars(r.electiveDeferralLimit),
    compensationForEmployerContribs: dollars(r.compensationForEmployerContribs),
    employerMatch: dollars(r.employerMatch),
    employerNonelective: dollars(r.employerNonelective),
    regularDeferrals: dollars(r.regularDeferrals),
    catchUpLimit: dollars(r.catchUpLimit),
    catchUpAllowed: r.catchUpAllowed,
    catchUpMustBeRoth: r.catchUpMustBeRoth,
    catchUpContributed: dollars(r.catchUpContributed),
    excessDeferral: dollars(r.excessDeferral),
    excessDeferralThisPlan: dollars(r.excessDeferralThisPlan),
    excessDeferralDeadline: r.excessDeferralDeadline,
    annualAdditions: dollars(r.annualAdditions),
    excessOver415: dollars(r.excessOver415),
    bindingLimit: r.bindingLimit,
    totalAllSources: dollars(r.totalAllSources),
    employeeContribsPlusFica: dollars(r.employeeContribsPlusFica),
    warnings: r.warnings,
    steps: stepsJson(r.steps),
  };
}

/** `roomJson` plus what an owner's compensation is made of (Schedule SE and Pub 560). */
export function selfEmployedRoomJson(r: SelfEmployedRoomResult) {
  const se = r.selfEmployment;
  return {
    ...roomJson(r),
    compensation: dollars(r.compensation),
    selfEmploymentTax: dollars(se.selfEmploymentTax),
    halfSelfEmploymentTax: dollars(se.halfSelfEmploymentTax),
    netEarnings: dollars(se.netEarnings),
    employerLimitedBy: se.employerLimitedBy,
    scheduleSE: Object.fromEntries(
      Object.entries(se.scheduleSE).map(([line, amount]) => [line, dollars(amount as Cents)]),
    ),
    steps: stepsJson(r.steps),
  };
}

const BINDING: Record<RoomResult["bindingLimit"], string> = {
  "annual-additions-dollar-limit": "415(c) dollar limit",
  "compensation-limit": "100% of compensation (415(c)(1)(B))",
  "plan-after-tax-cap": "the plan's after-tax cap",
};

export function registerRoom(command: Command): void {
  command
    .requiredOption("--year <year>", "tax year", yearOption("annualAdditionsLimit"))
    .requiredOption("--age <age>", "age at December 31 (18–120)", ageOption)
    .option(
      "--compensation <dollars>",
      "415 compensation (gross pay before deferrals); or --self-employment-income",
      moneyOption("--compensation"),
    )
    .option(
      "--self-employment-income <dollars>",
      "a self-employed owner's net profit (Schedule C line 31 or K-1 box 14), instead of --compensation",
      moneyOption("--self-employment-income"),
    )
    .option(
      "--w2-wages-elsewhere <dollars>",
      "with --self-employment-income: W-2 social security wages this year (use up the wage base first)",
      moneyOption("--w2-wages-elsewhere"),
    )
    .requiredOption(
      "--deferrals <dollars>",
      "pre-tax + Roth deferrals to this plan (above 402(g) = catch-up)",
      moneyOption("--deferrals"),
    )
    .option("--match <tiers>", 'employer match tiers, e.g. "100%@3%,50%@2%"', matchOption)
    .option("--match-catch-up", "the plan also matches catch-up contributions (default: it does not)")
    .option(
      "--nonelective <percent>",
      "employer nonelective contribution, % of pay",
      percentOption("--nonelective"),
      basisPoints(0),
    )
    .option(
      "--after-tax-cap <cap>",
      "plan cap on after-tax: a % of pay (10%) or dollars (15000)",
      percentOrDollarsOption("--after-tax-cap"),
    )
    .option(
      "--prior-year-fica-wages <dollars>",
      "prior-year W-2 box 3 wages from this employer",
      moneyOption("--prior-year-fica-wages"),
    )
    .option("--no-roth-option", "the plan has no Roth deferral option")
    .option(
      "--other-employer-deferrals <dollars>",
      "deferrals at unrelated employers this year (count in your 402(g) limit only)",
      moneyOption("--other-employer-deferrals"),
      ZERO,
    )
    .option(
      "--related-employer-additions <dollars>",
      "annual additions at a related employer (shared 415(c))",
      moneyOption("--related-employer-additions"),
      ZERO,
    )
    .option("--json", "machine-readable output (money in dollars)")
    .option("--explain", "print every step with its citation")
    .action((opts: RoomOptions) => {
      if (opts.selfEmploymentIncome !== undefined) {
        runSelfEmployed(opts, opts.selfEmploymentIncome);
        return;
      }
      if (opts.compensation === undefined) {
        throw new UsageError(
          "--compensation: required (or --self-employment-income for a self-employed owner's net profit)",
        );
      }
      if (opts.w2WagesElsewhere !== undefined) {
        throw new UsageError("--w2-wages-elsewhere: only with --self-employment-income");
      }
      const match = opts.match ?? [];
      const r = contributionRoom({
        year: opts.year,
        ageAtYearEnd: opts.age,
        compensation: opts.compensation,
        electiveDeferrals: opts.deferrals,
        match,
        matchOnCatchUp: opts.matchCatchUp ?? false,
        nonelectiveBp: opts.nonelective,
        afterTaxCap: opts.afterTaxCap ?? null,
        priorYearFicaWages: opts.priorYearFicaWages ?? null,
        planOffersRoth: opts.rothOption,
        otherEmployerDeferrals: opts.otherEmployerDeferrals,
        relatedEmployerAdditions: opts.relatedEmployerAdditions,
      });
      if (opts.json) {
        printJson(roomJson(r));
        return;
      }
      printTable([
        ["After-tax room", formatUsd(r.afterTaxRoom)],
        ["Binding limit", BINDING[r.bindingLimit]],
        ["Annual additions limit (effective)", formatUsd(r.annualAdditionsLimit)],
        ["Deferrals counted in 415(c)", formatUsd(r.regularDeferrals)],
        [`Employer match (${formatMatchFormula(match)})`, formatUsd(r.employerMatch)],
        ["Employer nonelective", formatUsd(r.employerNonelective)],
        ["Catch-up limit (this person)", formatUsd(r.catchUpLimit)],
        [
          "Catch-up allowed / must be Roth",
          `${r.catchUpAllowed ? "yes" : "no"} / ${r.catchUpMustBeRoth ? "yes" : "no"}`,
        ],
        ["Catch-up contributed", formatUsd(r.catchUpContributed)],
        ...(r.excessDeferral > 0
          ? [["Excess deferral (all employers)", formatUsd(r.excessDeferral)] as const]
          : []),
        ["Total, all sources", formatUsd(r.totalAllSources)],
      ]);
      printWarnings(r.warnings);
      if (opts.explain) printSteps(r.steps);
    });
}

/** `room --self-employment-income`: the owner's compensation is derived (Schedule SE, Pub 560), then the room. */
function runSelfEmployed(opts: RoomOptions, netProfit: Cents): void {
  if (opts.compensation !== undefined) {
    throw new UsageError(
      "--compensation: not with --self-employment-income (an owner's compensation is derived from net profit)",
    );
  }
  if (opts.match !== undefined) {
    throw new UsageError(
      "--match: not with --self-employment-income (an owner's employer contribution is --nonelective, 0–25%)",
    );
  }
  if (opts.matchCatchUp) throw new UsageError("--match-catch-up: not with --self-employment-income");
  if (opts.priorYearFicaWages !== undefined) {
    throw new UsageError(
      "--prior-year-fica-wages: not with --self-employment-income (self-employment income is not FICA wages)",
    );
  }
  if (opts.nonelective > OWNER_MAX_NONELECTIVE_BP) {
    throw new UsageError(
      `--nonelective: ${formatPercent(opts.nonelective)} is out of range for a self-employed owner (allowed: 0–25% of compensation, IRC §404(a)(3)(A))`,
    );
  }
  const r = selfEmployedRoom({
    year: opts.year,
    ageAtYearEnd: opts.age,
    netProfit,
    w2WagesElsewhere: opts.w2WagesElsewhere ?? ZERO,
    electiveDeferrals: opts.deferrals,
    nonelectiveBp: opts.nonelective,
    afterTaxCap: opts.afterTaxCap ?? null,
    planOffersRoth: opts.rothOption,
    otherEmployerDeferrals: opts.otherEmployerDeferrals,
    relatedEmployerAdditions: opts.relatedEmployerAdditions,
  });
  if (opts.json) {
    printJson(selfEmployedRoomJson(r));
    return;
  }
  const se = r.selfEmployment;
  printTable([
    ["After-tax room", formatUsd(r.afterTaxRoom)],
    ["Binding limit", BINDING[r.bindingLimit]],
    ["Net profit", formatUsd(netProfit)],
    ["Self-employment tax (Schedule SE line 12)", formatUsd(se.selfEmploymentTax)],
    ["Deduction for half of SE tax (line 13)", formatUsd(se.halfSelfEmploymentTax)],
    ["Net earnings (profit − half SE tax)", formatUsd(se.netEarnings)],
    [
      `Employer nonelective (${formatPercent(opts.nonelective)} of compensation)`,
      formatUsd(r.employerNonelective),
    ],
    ["Compensation (earned income, IRC §401(c)(2))", formatUsd(r.compensation)],
    ["Annual additions limit (effective)", formatUsd(r.annualAdditionsLimit)],
    ["Deferrals counted in 415(c)", formatUsd(r.regularDeferrals)],
    ["Catch-up limit (this person)", formatUsd(r.catchUpLimit)],
    ["Catch-up contributed", formatUsd(r.catchUpContributed)],
    ["Total, all sources", formatUsd(r.totalAllSources)],
  ]);
  printWarnings(r.warnings);
  if (opts.explain) printSteps(r.steps);
}
