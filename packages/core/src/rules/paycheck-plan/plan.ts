import { figure } from "../../data/figures.js";
import { catchUpLimitFor, rothCatchUpRule } from "../catch-up.js";
import { type AfterTaxCap, contributionRoom, type RoomResult } from "../contribution-room.js";
import { otherEmployerTotals, scenarioOtherEmployers } from "../employers.js";
import { type Step, step, type Warning } from "../explain.js";
import { employerMatch, type MatchTier } from "../match-formula.js";
import {
  type Cents,
  cents,
  dollarsToCents,
  formatUsd,
  maxCents,
  minCents,
  nonNegative,
  sub,
  sum,
  wholeDollars,
  ZERO,
} from "../money/cents.js";
import {
  type BasisPoints,
  basisPoints,
  formatPercent,
  percentOf,
  percentToBasisPoints,
} from "../money/percent.js";
import type { Scenario } from "../scenario.js";
import {
  bestDollarFill,
  bestPercentFill,
  type FillResult,
  MOST_SEARCHED_CHANGES,
  MULTI_CHANGE_STEPS,
} from "./election-search.js";
import { type Eligibility, type Feature, planEligibility } from "./eligibility.js";
import { numberPaychecks, type Paycheck, salaryPaychecks } from "./pay-calendar.js";
import {
  type ConversionCadence,
  type Election,
  type ElectionSchedule,
  type ElectionSegment,
  electedAmount,
  electionAt,
  type PaycheckRow,
  type PayrollRules,
  type PercentElectionBase,
  runPayroll,
} from "./payroll.js";
import { compensationLimitWarning, flatOvershootWarning, frontLoadingWarning } from "./warnings.js";

/** A scenario the planner cannot plan (beyond what the schema checks), naming the field. */
export class PlanInputError extends Error {
  override readonly name = "PlanInputError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** The elections in force from one paycheck on (both streams, after merging their change points). */
export interface ElectionRow {
  readonly fromPaycheck: number;
  readonly date: string;
  readonly deferral: Election;
  readonly afterTax: Election;
}

/** What a period's paychecks held: year to date (before the plan), the rest of the year (planned), or the year. */
export interface PeriodTotals {
  readonly paychecks: number;
  readonly gross: Cents;
  /** Deferrals within this plan's 402(g) limit (count in 415(c)). */
  readonly deferrals: Cents;
  readonly catchUp: Cents;
  readonly afterTax: Cents;
  /** Match paid on the period's paychecks; for the year, with any year-end true-up. */
  readonly match: Cents;
  readonly nonelective: Cents;
}

/**
 * Which period each top-level total of a plan covers: "rest-of-year" is the planned paychecks only (after
 * `paychecksPaid`), "year" the whole plan year. The same as the whole year when no paycheck is paid yet.
 */
export const PLAN_TOTALS_COVER = {
  afterTaxTarget: "rest-of-year",
  afterTaxTotal: "rest-of-year",
  afterTaxYtd: "year-to-date",
  afterTaxRoom: "year",
  afterTaxRoom415: "year",
  deferralTarget: "rest-of-year",
  deferralTotal: "rest-of-year",
  catchUpTotal: "rest-of-year",
  convertedTotal: "rest-of-year",
  employerMatch: "year",
  matchTrueUp: "year",
  matchLost: "year",
  nonelective: "year",
  annualAdditions: "year",
  shortfall: "rest-of-year",
} as const;

export interface PaycheckPlan {
  /** Only with `PlanOptions.multiChangeSteps`: a search was cut short, so this is not the planner's answer. */
  readonly provisional?: true;
  readonly year: number;
  readonly eligibility: Eligibility;
  readonly increment: "1%" | "0.5%" | "0.1%" | "dollars";
  readonly paychecksPaid: number;
  readonly elections: readonly ElectionRow[];
  readonly bonusElection: { readonly deferral: Election; readonly afterTax: Election } | null;
  readonly paychecks: readonly PaycheckRow[];
  /** After-tax room for the year under 415(c) and the plan cap, given the planned deferrals and match. */
  readonly afterTaxRoom: Cents;
  /** The same under 415(c) alone, before the plan's cap: where payroll stops after-tax contributions. */
  readonly afterTaxRoom415: Cents;
  /** What this plan aims to put in after-tax over the planned paychecks (room or goal, less year-to-date). */
  readonly afterTaxTarget: Cents;
  readonly afterTaxTotal: Cents;
  readonly afterTaxYtd: Cents;
  /** Room left unfilled by the elections (whole-% steps), and what the next-better elections would overshoot by. */
  readonly shortfall: Cents;
  readonly nextBetter: { readonly elections: readonly ElectionRow[]; readonly overshoot: Cents } | null;
  /** The best single flat after-tax election for the year, for comparison. */
  readonly flatBaseline: { readonly afterTax: Election; readonly afterTaxTotal: Cents } | null;
  /** Deferrals to plan over the remaining paychecks (catch-up included). */
  readonly deferralTarget: Cents;
  /** Deferrals within 402(g) over the remaining paychecks only (not year to date): `totals.year` has the year's. */
  readonly deferralTotal: Cents;
  /** Catch-up over the remaining paychecks only. */
  readonly catchUpTotal: Cents;
  /** The year's match: year to date, the remaining paychecks and any true-up. */
  readonly employerMatch: Cents;
  readonly matchTrueUp: Cents;
  readonly matchLost: Cents;
  readonly nonelective: Cents;
  readonly annualAdditions: Cents;
  readonly annualAdditionsLimit: Cents;
  readonly electiveDeferralLimit: Cents;
  readonly catchUpLimit: Cents;
  readonly convertedTotal: Cents;
  /** Totals by period, named: year to date (given), rest of the year (planned) and the whole year. */
  readonly totals: {
    readonly yearToDate: PeriodTotals;
    readonly restOfYear: PeriodTotals;
    readonly year: PeriodTotals;
  };
  readonly electionChanges: number;
  readonly room: RoomResult;
  readonly warnings: readonly Warning[];
  readonly steps: readonly Step[];
}

const INCREMENT_BP = { "1%": 100, "0.5%": 50, "0.1%": 10 } as const;

const money = (dollars: number | undefined): Cents =>
  dollars === undefined ? ZERO : dollarsToCents(dollars);
const bp = (percent: number | undefined, fallback: number): BasisPoints =>
  percent === undefined ? basisPoints(fallback) : percentToBasisPoints(percent);

function scenarioPaychecks(s: Scenario): Paycheck[] {
  if (s.pay.paychecks) {
    return numberPaychecks(
      s.pay.paychecks.map((p) => ({ date: p.date, gross: money(p.gross), bonus: p.bonus ?? false })),
    );
  }
  return salaryPaychecks(s.year, {
    salary: money(s.pay.salary),
    frequency: s.pay.frequency!,
    ...(s.pay.firstPayDate ? { firstPayDate: s.pay.firstPayDate } : {}),
    ...(s.pay.startDate ? { startDate: s.pay.startDate } : {}),
    bonuses: (s.pay.bonuses ?? []).map((b) => ({ date: b.date, amount: money(b.amount) })),
  });
}

/** What an election of `bp` withholds over the year's paychecks from pay within the 401(a)(17) limit. */
function percentCapForYear(paychecks: readonly Paycheck[], compLimit: Cents, bp: number): Cents {
  let left = compLimit as number;
  let total = 0;
  for (const p of paychecks) {
    const counted = Math.min(p.gross, left) as Cents;
    left -= counted;
    total += electedAmount(counted, { kind: "percent", bp });
  }
  return cents(total);
}

/** The highest rate (bp) whose half-up amount from `gross` is at most `amount`. */
function rateCovering(amount: Cents, gross: Cents): number {
  return gross === 0 ? 10_000 : Math.floor((amount * 10_000 + 4_999) / gross);
}

/** The least deferral from a paycheck that still earns that paycheck's full match (the match is monotone). */
function fullMatchDeferral(tiers: readonly MatchTier[], gross: Cents, matchable: Cents): Cents {
  const full = employerMatch(tiers, gross, matchable);
  let lo = 0;
  let hi = gross as number;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (employerMatch(tiers, mid as Cents, matchable) >= full) hi = mid;
    else lo = mid + 1;
  }
  return lo as Cents;
}

function gridOf(stepBp: number, maxBp: number): number[] {
  const grid: number[] = [];
  for (let r = 0; r <= maxBp; r += stepBp) grid.push(r);
  return grid;
}

function percentSegments(fill: FillResult): ElectionSegment[] {
  return fill.segments.map((s) => ({
    from: s.from,
    deferral: { kind: "percent", bp: s.bp },
    afterTax: { kind: "percent", bp: 0 },
  }));
}

/** Merges the deferral and after-tax change points into one list of elections. */
function mergeSchedules(
  deferral: readonly { from: number; election: Election }[],
  afterTax: readonly { from: number; election: Election }[],
  bonus: ElectionSchedule["bonus"],
): ElectionSchedule {
  const points = [...new Set([...deferral.map((d) => d.from), ...afterTax.map((a) => a.from)])].sort(
    (a, b) => a - b,
  );
  const at = (list: readonly { from: number; election: Election }[], i: number) =>
    list.filter((x) => x.from <= i).at(-1)!.election;
  return {
    segments: points.map((from) => ({ from, deferral: at(deferral, from), afterTax: at(afterTax, from) })),
    bonus,
  };
}

function sameElection(a: Election, b: Election): boolean {
  return (
    a.kind === b.kind &&
    (a.kind === "percent" ? a.bp === (b as typeof a).bp : a.amount === (b as typeof a).amount)
  );
}

function electionRows(schedule: ElectionSchedule, planned: readonly Paycheck[]): ElectionRow[] {
  const rows: ElectionRow[] = [];
  for (const seg of schedule.segments) {
    const prev = rows.at(-1);
    if (prev && sameElection(prev.deferral, seg.deferral) && sameElection(prev.afterTax, seg.afterTax))
      continue;
    const p = planned[seg.from];
    if (p) rows.push({ fromPaycheck: p.n, date: p.date, deferral: seg.deferral, afterTax: seg.afterTax });
  }
  return rows;
}

export function formatElection(e: Election): string {
  return e.kind === "percent" ? formatPercent(e.bp as BasisPoints) : `${formatUsd(e.amount)}/paycheck`;
}

/** "no change", "one change", "up to two changes": the election changes searched per stream. */
function changesText(changes: number): string {
  return changes === 0 ? "no change" : changes === 1 ? "one change" : "up to two changes";
}

function stopsAt(f: Feature | undefined): boolean {
  return f === "yes";
}

/**
 * The paycheck plan: which deferral and after-tax elections to set, from which paycheck, so that after-tax
 * contributions fill the year's room without exceeding 402(g), catch-up, the plan's caps or 415(c) at any
 * paycheck, while keeping the full match each pay period, with the fewest election changes.
 * Deferrals are planned first (they earn the match), then after-tax money fills what 415(c) leaves.
 */
export interface PlanOptions {
  /**
   * A step budget below the planner's (MULTI_CHANGE_STEPS) for a quick first answer. Where a two-change search
   * needs more, the plan comes back with `provisional: true` and is not the planner's answer: compute it again
   * without this option (the web page does that in a worker). Otherwise the plan is exactly the planner's.
   */
  readonly multiChangeSteps?: number;
}

export function planPaychecks(s: Scenario, options: PlanOptions = {}): PaycheckPlan {
  const { year } = s;
  const budget = options.multiChangeSteps ?? MULTI_CHANGE_STEPS;
  let provisional = false;
  if (s.pay.selfEmployed) {
    throw new PlanInputError(
      "pay.selfEmployed",
      "a self-employed owner has no paychecks: plan with planOwnerDeposits",
    );
  }
  const steps: Step[] = [];
  const warnings: Warning[] = [];
  const plan = s.plan;
  const matchPeriod = plan.matchPeriod ?? "unknown";
  const eligibility = planEligibility({
    afterTax: plan.afterTax.allowed,
    inPlanRothConversion: plan.inPlanRothConversion ?? "unknown",
    inServiceWithdrawal: plan.inServiceWithdrawal ?? "unknown",
    automaticConversion: plan.automaticConversion ?? "unknown",
    payrollStopsAfterTaxAt415c: plan.payrollStopsAfterTaxAt415c ?? "unknown",
    payrollStopsDeferralsAt402g: plan.payrollStopsDeferralsAt402g ?? "unknown",
    matchPeriod,
    roth: plan.roth ?? "unknown",
  });
  // An unknown is planned the safe way: no true-up, payroll stops nothing, no Roth option.
  const trueUp = matchPeriod === "annual-true-up";
  const stopsDeferrals = stopsAt(plan.payrollStopsDeferralsAt402g);
  const stopsAfterTax = stopsAt(plan.payrollStopsAfterTaxAt415c);
  const tiers: MatchTier[] = (plan.match ?? []).map((m) => ({
    rateBp: percentToBasisPoints(m.rate),
    upToBp: percentToBasisPoints(m.upTo),
  }));
  const nonelectiveBp = bp(plan.nonelective, 0);
  const maxElectionBp = bp(plan.maxElectionPct, 10_000);
  const maxChanges = plan.maxElectionChanges ?? MOST_SEARCHED_CHANGES;
  const increment = plan.electionIncrement ?? "1%";
  // Dollar elections are searched with at most one change; percent searches may cover fewer than allowed.
  let searchedChanges = increment === "dollars" ? Math.min(maxChanges, 1) : maxChanges;
  const separateBonus = plan.separateBonusElection ?? false;

  const all = scenarioPaychecks(s);
  const paid = s.ytd?.paychecksPaid ?? 0;
  if (paid > all.length) {
    throw new PlanInputError(
      "ytd.paychecksPaid",
      `is ${paid} but the year has ${all.length} paychecks (allowed: 0–${all.length})`,
    );
  }
  const planned = all.slice(paid);
  const ytdGross =
    s.ytd?.gross === undefined ? sum(all.slice(0, paid).map((p) => p.gross)) : money(s.ytd.gross);
  const ytdDeferrals = money(s.ytd?.deferrals);
  const ytdMatch = money(s.ytd?.match);
  const ytdNonelective = money(s.ytd?.nonelective);
  const ytdAfterTax = money(s.ytd?.afterTax);
  const compensation = cents(ytdGross + sum(planned.map((p) => p.gross)));
  // The scenario's other employers, as entries and as the older totals (IRC §402(g) per person, §415(f)).
  const others = otherEmployerTotals(year, scenarioOtherEmployers(s));
  const otherDeferrals = cents(money(s.otherEmployerDeferrals) + others.otherEmployerDeferrals);
  const related = cents(money(s.relatedEmployerAdditions) + others.relatedEmployerAdditions);
  const priorYearFicaWages = s.pay.priorYearFicaWages == null ? null : money(s.pay.priorYearFicaWages);

  // IRC §401(a)(17): employer formulas stop at the compensation limit; here paycheck by paycheck.
  const compLimit = wholeDollars(figure("compensationLimit", year));
  const cappedComp = minCents(compensation, compLimit);
  const matchable: Cents[] = [];
  let compLeft = nonNegative(sub(compLimit, ytdGross));
  for (const p of planned) {
    const m = minCents(p.gross, compLeft);
    compLeft = sub(compLeft, m);
    matchable.push(m);
  }
  // What a percentage election applies to on each paycheck: plan compensation within 401(a)(17) unless the plan
  // says its payroll takes percentages of all gross pay (plan.percentElectionsApplyTo).
  const percentBase: PercentElectionBase = plan.percentElectionsApplyTo ?? "capped-pay";
  const eligible = planned.map((p, i) => (percentBase === "capped-pay" ? matchable[i]! : p.gross));
  const fullMatchPer = planned.map((p, i) => employerMatch(tiers, p.gross, matchable[i]!));
  const nonelectivePer = matchable.map((m) => percentOf(m, nonelectiveBp, "half-up"));
  const mostMatch = trueUp
    ? maxCents(cents(ytdMatch + sum(fullMatchPer)), employerMatch(tiers, cappedComp, cappedComp))
    : cents(ytdMatch + sum(fullMatchPer));
  const mostNonelective = trueUp
    ? maxCents(cents(ytdNonelective + sum(nonelectivePer)), percentOf(cappedComp, nonelectiveBp, "half-up"))
    : cents(ytdNonelective + sum(nonelectivePer));

  // IRC §401(a)(30): this plan's 402(g) limit counts this employer's deferrals; IRC §414(v): catch-up above it
  // where allowed. Catch-ups are decided plan by plan: deferrals at an unrelated employer never make this plan's
  // deferrals catch-ups (Treas. Reg. §1.414(v)-1(a)(1), (b)(1)(i)). They count in the person's own limit,
  // 402(g) plus the catch-up dollar limit across employers (IRC §402(g)(1)(C); Treas. Reg. §1.402(g)-2(b)),
  // which the plan never plans past: no excess deferral is ever planned.
  const limit402g = wholeDollars(figure("electiveDeferralLimit", year));
  const catchUp = catchUpLimitFor(year, s.ageAtYearEnd);
  const rothRule = rothCatchUpRule(year, catchUp.limit > 0, priorYearFicaWages, plan.roth === "yes");
  const catchUpCap = rothRule.allowed ? catchUp.limit : ZERO;
  const personLeft = nonNegative(sub(cents(limit402g + catchUp.limit), cents(otherDeferrals + ytdDeferrals)));
  // A related employer (scenario otherEmployers with related: true) is this employer for 401(a)(30) and catch-up:
  // its deferrals come first in this plan's own 402(g) limit and catch-up (Treas. Reg. §1.414(v)-1(f)(1)).
  const relatedRegular = minCents(others.relatedEmployerDeferrals, limit402g);
  const relatedCatchUp = minCents(sub(others.relatedEmployerDeferrals, relatedRegular), catchUpCap);
  const planLimit402g = sub(limit402g, relatedRegular);
  const planCatchUpCap = sub(catchUpCap, relatedCatchUp);
  const ytdRegular = minCents(ytdDeferrals, planLimit402g);
  // IRC §415(c)(1): deferrals within 402(g) count as annual additions, so where pay is low (100% of
  // compensation) they stop where the most the employer could add would reach the limit; deferrals above
  // that are catch-up (IRC §414(v)(2)(B)(i), Treas. Reg. §1.414(v)-1(b)(1)(i)).
  const limit415 = minCents(wholeDollars(figure("annualAdditionsLimit", year)), compensation);
  const regularRoom415 = nonNegative(
    sub(limit415, sum([ytdRegular, mostMatch, mostNonelective, ytdAfterTax, related])),
  );
  const deferralLimitLeft = minCents(sub(planLimit402g, ytdRegular), regularRoom415, personLeft);
  const planCatchUpLeft = nonNegative(sub(planCatchUpCap, sub(ytdDeferrals, ytdRegular)));
  const catchUpLeft = minCents(planCatchUpLeft, sub(personLeft, deferralLimitLeft));
  const deferralCapacity = cents(deferralLimitLeft + catchUpLeft);
  const goalDeferrals = s.goal?.deferrals ?? "max";
  const deferralTarget =
    goalDeferrals === "max"
      ? deferralCapacity
      : minCents(nonNegative(sub(money(goalDeferrals), ytdDeferrals)), deferralCapacity);
  if (goalDeferrals !== "max" && money(goalDeferrals) > cents(ytdDeferrals + deferralCapacity)) {
    warnings.push({
      code: "deferral-goal-over-limit",
      message: `the deferral goal ${formatUsd(money(goalDeferrals))} is above the 402(g)${catchUpCap > 0 ? " plus catch-up" : ""} and 415(c) limits left for this plan; planning ${formatUsd(cents(ytdDeferrals + deferralCapacity))}`,
    });
  }

  let floors: Cents[] = planned.map((p, i) =>
    !trueUp && tiers.length > 0 ? fullMatchDeferral(tiers, p.gross, matchable[i]!) : ZERO,
  );
  if (sum(floors) > deferralTarget) {
    warnings.push({
      code: "deferrals-below-full-match",
      message: `keeping the full match every paycheck takes ${formatUsd(sum(floors))} of deferrals, more than the ${formatUsd(deferralTarget)} planned: some match is lost`,
    });
    floors = floors.map(() => ZERO);
  }

  const fica = figure("ficaEmployeeRates", year);
  const rules = (afterTaxStop: Cents | null, stopDeferrals = stopsDeferrals): PayrollRules => ({
    paychecks: planned,
    match: tiers,
    nonelectiveBp,
    matchableCompensation: nonNegative(sub(compLimit, ytdGross)),
    percentElectionBase: percentBase,
    deferralLimit: deferralLimitLeft,
    catchUpLimit: catchUpLeft,
    stopsDeferrals: stopDeferrals,
    afterTaxStop,
    socialSecurityWagesLeft: nonNegative(sub(wholeDollars(figure("socialSecurityWageBase", year)), ytdGross)),
    socialSecurityBp: basisPoints(fica.socialSecurity),
    medicareBp: basisPoints(fica.medicare),
    withholdingBp: bp(s.pay.withholdingPct, 0),
    conversionCadence: (plan.inPlanRothConversion === "yes" || plan.automaticConversion === "yes"
      ? (plan.conversionCadence ?? "none")
      : "none") as ConversionCadence,
  });
  const ytd = {
    deferral: ytdRegular,
    catchUp: sub(ytdDeferrals, ytdRegular),
    afterTax: ytdAfterTax,
    annualAdditions: cents(ytdRegular + ytdMatch + ytdNonelective + ytdAfterTax),
  };
  const bonusStream = planned.map((p) => separateBonus && p.bonus && increment !== "dollars");
  const grid = increment === "dollars" ? [] : gridOf(INCREMENT_BP[increment], maxElectionBp);
  const zero: Election =
    increment === "dollars" ? { kind: "dollars", amount: ZERO } : { kind: "percent", bp: 0 };
  // Payroll can withhold contributions only from what is left of each paycheck after employee FICA and
  // income-tax withholding (rules.md §(a)8): that caps every election, on top of the plan's maximum.
  const nothingElected: ElectionSchedule = {
    segments: [{ from: 0, deferral: zero, afterTax: zero }],
    bonus: null,
  };
  const payLeft = runPayroll(rules(null), nothingElected, ytd).map((r) => nonNegative(r.netPay));

  // 1. Deferrals: fill the deferral target, keeping each paycheck's full match where there is no true-up.
  const planDeferrals = (lower: readonly Cents[]) => {
    if (increment === "dollars") {
      const fill = bestDollarFill({
        count: planned.length,
        target: deferralTarget,
        // A dollar election is not a percentage of pay: 401(a)(17) does not stop it (percentElectionsApplyTo).
        upper: planned.map((p, i) => minCents(percentOf(p.gross, maxElectionBp, "down"), payLeft[i]!)),
        lower,
        maxChanges: Math.min(maxChanges, 1) as 0 | 1,
      });
      return (
        fill && {
          segments: fill.segments.map((x) => ({
            from: x.from,
            election: { kind: "dollars", amount: x.amount } as Election,
          })),
          bonus: null,
        }
      );
    }
    const fill = bestPercentFill(
      {
        gross: eligible,
        bonusStream,
        gridBp: grid,
        target: deferralTarget,
        // Payroll stops at 402(g) plus catch-up, not at a lower 415(c) point: only then may a cut-off fill.
        autoStop:
          stopsDeferrals &&
          deferralTarget === deferralCapacity &&
          deferralLimitLeft === sub(limit402g, ytdRegular) &&
          relatedRegular === 0 &&
          catchUpLeft === planCatchUpLeft,
        lowerBound: lower,
        upperBp: planned.map((_, i) => Math.min(maxElectionBp, rateCovering(payLeft[i]!, eligible[i]!))),
        maxChanges,
        freeChangePoints: new Set(),
      },
      budget,
    );
    if (fill?.cutShort) provisional = true;
    if (fill) searchedChanges = Math.min(searchedChanges, fill.searchedChanges);
    return (
      fill && {
        segments: percentSegments(fill).map((x) => ({ from: x.from, election: x.deferral })),
        bonus: fill.bonusBp === null ? null : ({ kind: "percent", bp: fill.bonusBp } as Election),
      }
    );
  };
  let deferralPlan = planDeferrals(floors);
  if (deferralPlan === null) {
    warnings.push({
      code: "match-not-kept-every-paycheck",
      message: `no deferral election${maxChanges > 0 ? ` with ${changesText(searchedChanges)}` : ""} keeps the full match on every paycheck within the limits: some match is lost`,
    });
    floors = floors.map(() => ZERO);
    deferralPlan = planDeferrals(floors)!;
  }
  const deferralBonus = deferralPlan.bonus;
  const deferralOnly = mergeSchedules(
    deferralPlan.segments,
    [{ from: 0, election: zero }],
    deferralBonus ? { deferral: deferralBonus, afterTax: zero } : null,
  );
  const deferralRows = runPayroll(rules(null), deferralOnly, ytd);
  const withheldDeferral = deferralRows.map((r) => cents(r.deferral + r.catchUp + r.excessDeferral));

  // 2. The year's match and nonelective contributions; with a true-up, the annual formula on annual pay.
  const totalDeferrals = cents(ytdDeferrals + sum(deferralRows.map((r) => cents(r.deferral + r.catchUp))));
  const regularTotal = cents(ytdRegular + sum(deferralRows.map((r) => r.deferral)));
  const paidMatch = cents(ytdMatch + sum(deferralRows.map((r) => r.match)));
  const paidNonelective = cents(ytdNonelective + sum(deferralRows.map((r) => r.nonelective)));
  const annualMatch = employerMatch(tiers, totalDeferrals, cappedComp);
  const annualNonelective = percentOf(cappedComp, nonelectiveBp, "half-up");
  const matchTotal = trueUp ? maxCents(paidMatch, annualMatch) : paidMatch;
  const nonelectiveTotal = trueUp ? maxCents(paidNonelective, annualNonelective) : paidNonelective;
  const matchTrueUp = sub(matchTotal, paidMatch);
  const matchLost = nonNegative(sub(mostMatch, matchTotal));

  // 3. After-tax room: IRC §415(c)(1) limit less deferrals within 402(g), match and nonelective, then the plan cap.
  const afterTaxCap: AfterTaxCap | null =
    plan.afterTax.capPct !== undefined
      ? { kind: "percent", bp: percentToBasisPoints(plan.afterTax.capPct) }
      : plan.afterTax.capDollars !== undefined
        ? { kind: "dollars", amount: money(plan.afterTax.capDollars) }
        : null;
  const room = contributionRoom({
    year,
    ageAtYearEnd: s.ageAtYearEnd,
    compensation,
    electiveDeferrals: totalDeferrals,
    match: tiers,
    // Payroll matches every deferral it withholds (payroll.ts), catch-ups included.
    matchOnCatchUp: true,
    nonelectiveBp,
    afterTaxCap,
    priorYearFicaWages,
    planOffersRoth: plan.roth === "yes",
    otherEmployerDeferrals: otherDeferrals,
    relatedEmployerDeferrals: others.relatedEmployerDeferrals,
    relatedEmployerAdditions: related,
  });
  const room415 = nonNegative(
    sub(room.annualAdditionsLimit, sum([regularTotal, matchTotal, nonelectiveTotal, related])),
  );
  // A percentage cap is an election limit: the year's cap is what the highest election withholds, paycheck by
  // paycheck (rounded as payroll rounds), from pay within 401(a)(17) as in contributionRoom.
  const capAmount =
    afterTaxCap === null
      ? null
      : afterTaxCap.kind === "percent"
        ? percentCapForYear(all, compLimit, afterTaxCap.bp)
        : afterTaxCap.amount;
  const afterTaxRoom = capAmount === null ? room415 : minCents(room415, capAmount);
  steps.push(
    ...room.steps.filter(
      (x) =>
        !x.label.startsWith("After-tax room") &&
        !x.label.startsWith("Employer match") &&
        !x.label.startsWith("Employer nonelective") &&
        !x.label.startsWith("Deferrals to this plan") &&
        !x.label.startsWith("Catch-up contributions") &&
        !x.label.startsWith("Plan cap on after-tax"),
    ),
  );
  steps.push(
    ...(otherDeferrals > 0
      ? [
          step(
            "Deferrals left for this plan under your own limit across employers: 402(g) + catch-up − other employers' − this plan's so far (no excess deferral is planned)",
            personLeft,
            "IRC §402(g)(1)(A), (C); Treas. Reg. §1.402(g)-2(b)",
          ),
        ]
      : []),
    step(
      "Deferrals planned over the remaining paychecks (goal within the limits)",
      deferralTarget,
      "IRC §402(g)(1); §414(v)(1)",
    ),
    step(
      "Deferrals within 402(g) for the year (count toward 415(c))",
      regularTotal,
      "IRC §402(g)(1); §415(c)(2)",
    ),
  );
  const catchUpYear = sub(totalDeferrals, regularTotal);
  if (catchUpYear > 0)
    steps.push(step("Catch-up contributions (outside 415(c))", catchUpYear, "IRC §414(v)(3)(A)"));
  steps.push(
    step(
      trueUp
        ? "Employer match (annual formula, trued up at year end)"
        : "Employer match paid paycheck by paycheck (no true-up)",
      matchTotal,
      "Plan formula; IRC §401(m)(4)(A)",
    ),
  );
  if (nonelectiveTotal > 0)
    steps.push(
      step("Employer nonelective contributions", nonelectiveTotal, "Plan formula; IRC §415(c)(2)(A)"),
    );
  if (capAmount !== null) {
    const label =
      afterTaxCap?.kind === "percent"
        ? `Plan cap on after-tax: ${formatPercent(afterTaxCap.bp)} of each paycheck's pay (within 401(a)(17))`
        : "Plan cap on after-tax";
    steps.push(step(label, capAmount, "Plan document"));
  }
  steps.push(
    step(
      "After-tax room = 415(c) limit − deferrals − employer contributions (then the plan cap)",
      afterTaxRoom,
      "IRC §415(c)(1)",
    ),
  );
  const roomLeft = nonNegative(sub(afterTaxRoom, ytdAfterTax));
  const goalAfterTax = s.goal?.afterTax ?? "max";
  const afterTaxTarget =
    plan.afterTax.allowed === "no"
      ? ZERO
      : goalAfterTax === "max"
        ? roomLeft
        : minCents(nonNegative(sub(money(goalAfterTax), ytdAfterTax)), roomLeft);
  if (ytdAfterTax > 0)
    steps.push(step("After-tax already contributed this year", ytdAfterTax, "IRC §415(c)(1)"));
  steps.push(step("After-tax to spread over the remaining paychecks", afterTaxTarget, "IRC §415(c)(1)"));

  // 4. After-tax elections: fill the target; each paycheck's total election stays within the plan's maximum.
  const deferralAt = (i: number) => electionAt(deferralOnly, i, planned[i]!.bonus).deferral;
  const capBp = afterTaxCap?.kind === "percent" ? afterTaxCap.bp : maxElectionBp;
  const afterTaxMost = planned.map((_, i) => nonNegative(sub(payLeft[i]!, withheldDeferral[i]!)));
  const afterTaxUpperBp = planned.map((_, i) => {
    const d = deferralAt(i);
    return Math.min(
      capBp,
      maxElectionBp - (d.kind === "percent" ? d.bp : 0),
      rateCovering(afterTaxMost[i]!, eligible[i]!),
    );
  });
  const afterTaxFill = (changes: number) =>
    bestPercentFill(
      {
        gross: eligible,
        bonusStream,
        gridBp: grid,
        target: afterTaxTarget,
        // Payroll stops after-tax at the 415(c) room; where the plan's own cap is lower, the elections must stay under it.
        autoStop: stopsAfterTax && afterTaxTarget === roomLeft && afterTaxRoom === room415,
        lowerBound: planned.map(() => ZERO),
        upperBp: afterTaxUpperBp,
        maxChanges: changes,
        freeChangePoints: new Set(deferralPlan.segments.map((x) => x.from).filter((x) => x > 0)),
      },
      budget,
    );
  let afterTaxSegments: { from: number; election: Election }[];
  let afterTaxBonus: Election | null = null;
  let baseline: PaycheckPlan["flatBaseline"] = null;
  let overshootAlternative: FillResult | null = null;
  if (increment === "dollars") {
    const fill = bestDollarFill({
      count: planned.length,
      target: afterTaxTarget,
      upper: planned.map((p, i) => {
        const byCap = afterTaxCap?.kind === "percent" ? percentOf(p.gross, afterTaxCap.bp, "down") : p.gross;
        const byMaximum = nonNegative(sub(percentOf(p.gross, maxElectionBp, "down"), withheldDeferral[i]!));
        return minCents(byCap, byMaximum, afterTaxMost[i]!);
      }),
      lower: planned.map(() => ZERO),
      maxChanges: Math.min(maxChanges, 1) as 0 | 1,
    })!;
    afterTaxSegments = fill.segments.map((x) => ({
      from: x.from,
      election: { kind: "dollars", amount: x.amount },
    }));
  } else {
    const fill = afterTaxFill(maxChanges)!;
    if (fill.cutShort) provisional = true;
    searchedChanges = Math.min(searchedChanges, fill.searchedChanges);
    const flat = afterTaxFill(0)!;
    baseline = { afterTax: { kind: "percent", bp: flat.segments[0]!.bp }, afterTaxTotal: flat.total };
    afterTaxSegments = fill.segments.map((x) => ({ from: x.from, election: { kind: "percent", bp: x.bp } }));
    afterTaxBonus = fill.bonusBp === null ? null : { kind: "percent", bp: fill.bonusBp };
    overshootAlternative = fill.overshootAlternative;
    // Where the second change wins, say by how much: a saver may prefer one change and a little less.
    const oneChange = fill.segments.length > 2 ? afterTaxFill(1) : null;
    if (oneChange) {
      steps.push(
        step(
          `After-tax with at most one change of rate (the second change adds ${formatUsd(sub(fill.total, oneChange.total))})`,
          oneChange.total,
          "Plan document (election rules)",
        ),
      );
    }
  }
  const bonusElection =
    deferralBonus || afterTaxBonus
      ? { deferral: deferralBonus ?? zero, afterTax: afterTaxBonus ?? zero }
      : null;
  const schedule = mergeSchedules(deferralPlan.segments, afterTaxSegments, bonusElection);
  const afterTaxStop = stopsAfterTax ? nonNegative(sub(room415, ytdAfterTax)) : null;
  const rows = runPayroll(rules(afterTaxStop), schedule, ytd);
  const afterTaxTotal = sum(rows.map((r) => r.afterTax));
  const shortfall = nonNegative(sub(afterTaxTarget, afterTaxTotal));
  const narrowed = searchedChanges < Math.min(maxChanges, MOST_SEARCHED_CHANGES);
  steps.push(
    step(
      increment === "dollars"
        ? `Elections searched per stream: every dollar amount per paycheck, to the cent, with ${changesText(searchedChanges)}`
        : `Elections searched per stream: every schedule with ${changesText(searchedChanges)} of rate, in steps of ${increment}${narrowed ? " (two changes are too many schedules to search at this step size)" : ""}${searchedChanges === MOST_SEARCHED_CHANGES ? "; three or more changes are not searched" : ""}`,
      null,
      "Plan document (election rules)",
    ),
  );

  // The next-better alternative: the schedule in the same search space that goes over the target by the least.
  let nextBetter: PaycheckPlan["nextBetter"] = null;
  if (shortfall > 0 && overshootAlternative) {
    const segments = overshootAlternative.segments.map((x) => ({
      from: x.from,
      election: { kind: "percent", bp: x.bp } as Election,
    }));
    const altBonus =
      overshootAlternative.bonusBp === null
        ? bonusElection
        : {
            deferral: deferralBonus ?? zero,
            afterTax: { kind: "percent", bp: overshootAlternative.bonusBp } as Election,
          };
    const alt = mergeSchedules(deferralPlan.segments, segments, altBonus);
    const altTotal = sum(runPayroll(rules(null), alt, ytd).map((r) => r.afterTax));
    nextBetter = { elections: electionRows(alt, planned), overshoot: sub(altTotal, afterTaxTarget) };
  }

  // Every limit holds at every paycheck (cumulative totals only grow, so the last paycheck is the test).
  const last = rows.at(-1);
  const additions = cents(
    (last?.ytdAnnualAdditions ?? ytd.annualAdditions) +
      matchTrueUp +
      sub(nonelectiveTotal, paidNonelective) +
      related,
  );
  steps.push(
    step(
      "Annual additions with this plan: deferrals within 402(g) + match + nonelective + after-tax (+ a related employer's)",
      additions,
      "IRC §415(c)(2)",
    ),
  );
  const plannedByEmployee = cents(sum(rows.map((r) => r.deferral)) + afterTaxTotal);
  const over415 = additions > room.annualAdditionsLimit;
  if (
    rows.some((r) => r.excessDeferral > 0) ||
    afterTaxTotal > roomLeft ||
    (over415 && plannedByEmployee > 0)
  ) {
    throw new Error("paycheck plan exceeds a limit: this is a bug in the planner");
  }
  if (over415) {
    warnings.push({
      code: "excess-annual-additions",
      message: `contributions so far and the employer's contributions exceed the 415(c) limit of ${formatUsd(room.annualAdditionsLimit)} by ${formatUsd(sub(additions, room.annualAdditionsLimit))} without any more from you: the excess must be corrected (EPCRS, Rev. Proc. 2021-30)`,
    });
  }

  const elections = electionRows(schedule, planned);
  const changes = Math.max(0, elections.length - 1);

  warnings.push(
    ...room.warnings.filter(
      (w) => w.code === "catch-up-not-allowed" || w.code === "other-employer-deferrals",
    ),
  );
  if (rothRule.mustBeRoth && rows.some((r) => r.catchUp > 0)) {
    warnings.push({
      code: "catch-up-must-be-roth",
      message: `${year - 1} FICA wages from this employer exceed the threshold: elect the catch-up part of the deferrals as Roth (IRC §414(v)(7))`,
    });
  }
  if (plan.afterTax.allowed === "no") warnings.push({ code: "no-after-tax", message: eligibility.answer });
  else if (plan.afterTax.allowed === "unknown") {
    warnings.push({
      code: "after-tax-unconfirmed",
      message: "the plan's after-tax option is unconfirmed: ask the administrator before electing it",
    });
  }
  const limits = `, at most ${formatPercent(maxElectionBp)} of pay in all, ${changesText(searchedChanges)} a year, only what net pay covers`;
  const deferralShortfall = sub(deferralTarget, sum(rows.map((r) => cents(r.deferral + r.catchUp))));
  if (planned.length === 0) {
    warnings.push({
      code: "no-paychecks-left",
      message: `every paycheck of ${year} is already paid: there is nothing left to elect this year`,
    });
  }
  if (deferralShortfall > 0 && planned.length > 0) {
    warnings.push({
      code: "deferrals-not-filled",
      message: `the deferral elections reach ${formatUsd(sub(deferralTarget, deferralShortfall))} of the ${formatUsd(deferralTarget)} deferral goal (elections in steps of ${increment}${limits}): short by ${formatUsd(deferralShortfall)}`,
    });
  }
  if (ytdAfterTax > afterTaxRoom) {
    warnings.push({
      code: "after-tax-over-room",
      message: `after-tax contributions so far (${formatUsd(ytdAfterTax)}) already exceed the year's after-tax room by ${formatUsd(sub(ytdAfterTax, afterTaxRoom))}: stop them and ask the plan to correct the excess (EPCRS, Rev. Proc. 2021-30)`,
    });
  }
  if (shortfall > 0 && planned.length > 0) {
    warnings.push({
      code: "room-not-filled",
      message: `the after-tax elections reach ${formatUsd(afterTaxTotal)} of the ${formatUsd(afterTaxTarget)} target (elections in steps of ${increment}${limits}): short by ${formatUsd(shortfall)}${nextBetter ? `; the next-better alternative would overshoot the target by ${formatUsd(nextBetter.overshoot)}` : ""}`,
    });
  }
  const found: (Warning | null)[] = [];
  // The flat-rate examples in the warnings withhold percentages of the same pay payroll applies them to.
  const electionPay = planned.map((p, i) => ({ ...p, gross: eligible[i]! }));
  if (!stopsAfterTax && afterTaxTarget > 0)
    found.push(flatOvershootWarning(electionPay, grid, capBp, afterTaxTarget));
  if (!trueUp && tiers.length > 0 && deferralTarget > 0) {
    const runFlat = (rate: number) =>
      runPayroll(
        rules(null, true),
        { segments: [{ from: 0, deferral: { kind: "percent", bp: rate }, afterTax: zero }], bonus: null },
        ytd,
      );
    found.push(frontLoadingWarning(electionPay, grid, deferralTarget, sub(paidMatch, ytdMatch), runFlat));
  }
  if (tiers.length > 0 || nonelectiveBp > 0) {
    found.push(
      compensationLimitWarning(planned, matchable, compLimit, tiers.length > 0 ? "match" : "contribution"),
    );
  }
  for (const w of found) if (w) warnings.push(w);
  if (matchLost > 0) {
    warnings.push({
      code: "match-lost",
      message: `this plan gets ${formatUsd(matchTotal)} of match, ${formatUsd(matchLost)} less than the formula's full match`,
    });
  }
  const netCapacity = sum(afterTaxMost);
  if (netCapacity < afterTaxTarget && planned.length > 0) {
    warnings.push({
      code: "net-pay-limits-after-tax",
      message: `net pay after FICA${s.pay.withholdingPct ? " and withholding" : ""} and deferrals can carry at most ${formatUsd(netCapacity)} of after-tax contributions over the remaining paychecks, ${formatUsd(sub(afterTaxTarget, netCapacity))} less than the target`,
    });
  }

  const restOfYear: PeriodTotals = {
    paychecks: rows.length,
    gross: sum(rows.map((r) => r.gross)),
    deferrals: sum(rows.map((r) => r.deferral)),
    catchUp: sum(rows.map((r) => r.catchUp)),
    afterTax: afterTaxTotal,
    match: sum(rows.map((r) => r.match)),
    nonelective: sum(rows.map((r) => r.nonelective)),
  };
  const yearToDate: PeriodTotals = {
    paychecks: paid,
    gross: ytdGross,
    deferrals: ytd.deferral,
    catchUp: ytd.catchUp,
    afterTax: ytdAfterTax,
    match: ytdMatch,
    nonelective: ytdNonelective,
  };
  const totals = {
    yearToDate,
    restOfYear,
    year: {
      paychecks: paid + rows.length,
      gross: compensation,
      deferrals: cents(yearToDate.deferrals + restOfYear.deferrals),
      catchUp: cents(yearToDate.catchUp + restOfYear.catchUp),
      afterTax: cents(ytdAfterTax + afterTaxTotal),
      match: matchTotal,
      nonelective: nonelectiveTotal,
    },
  };

  return {
    ...(provisional && { provisional: true as const }),
    year,
    eligibility,
    increment,
    paychecksPaid: paid,
    elections,
    bonusElection,
    paychecks: rows,
    afterTaxRoom,
    afterTaxRoom415: room415,
    afterTaxTarget,
    afterTaxTotal,
    afterTaxYtd: ytdAfterTax,
    shortfall,
    nextBetter,
    flatBaseline: baseline,
    deferralTarget,
    deferralTotal: sum(rows.map((r) => r.deferral)),
    catchUpTotal: sum(rows.map((r) => r.catchUp)),
    employerMatch: matchTotal,
    matchTrueUp,
    matchLost,
    nonelective: nonelectiveTotal,
    annualAdditions: additions,
    annualAdditionsLimit: room.annualAdditionsLimit,
    electiveDeferralLimit: limit402g,
    catchUpLimit: catchUpCap,
    convertedTotal: sum(rows.map((r) => r.converts)),
    totals,
    electionChanges: changes,
    room,
    warnings,
    steps,
  };
}
