import {
  type AfterTaxCap,
  type BasisPoints,
  basisPoints,
  type Cents,
  contributionRoom,
  formatMatchFormula,
  formatUsd,
  type MatchTier,
  type RoomResult,
  ZERO,
} from "@megaroth/core/typed";
import type { Command } from "commander";
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
  compensation: Cents;
  deferrals: Cents;
  match: MatchTier[];
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

const BINDING: Record<RoomResult["bindingLimit"], string> = {
  "annual-additions-dollar-limit": "415(c) dollar limit",
  "compensation-limit": "100% of compensation (415(c)(1)(B))",
  "plan-after-tax-cap": "the plan's after-tax cap",
};

export function registerRoom(command: Command): void {
  command
    .requiredOption("--year <year>", "tax year", yearOption("annualAdditionsLimit"))
    .requiredOption("--age <age>", "age at December 31 (18–120)", ageOption)
    .requiredOption(
      "--compensation <dollars>",
      "415 compensation (gross pay before deferrals)",
      moneyOption("--compensation"),
    )
    .requiredOption(
      "--deferrals <dollars>",
      "pre-tax + Roth deferrals to this plan (above 402(g) = catch-up)",
      moneyOption("--deferrals"),
    )
    .option("--match <tiers>", 'employer match tiers, e.g. "100%@3%,50%@2%"', matchOption, [])
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
      const r = contributionRoom({
        year: opts.year,
        ageAtYearEnd: opts.age,
        compensation: opts.compensation,
        electiveDeferrals: opts.deferrals,
        match: opts.match,
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
        [`Employer match (${formatMatchFormula(opts.match)})`, formatUsd(r.employerMatch)],
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
