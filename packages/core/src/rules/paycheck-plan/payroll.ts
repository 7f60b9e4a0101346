import { employerMatch, type MatchTier } from "../match-formula.js";
import { type Cents, cents, minCents, nonNegative, sub, ZERO } from "../money/cents.js";
import { type BasisPoints, percentOf } from "../money/percent.js";
import type { Paycheck } from "./pay-calendar.js";

/**
 * One election: a percentage of each paycheck's eligible pay (its pay within 401(a)(17), unless the plan takes
 * percentages of gross pay), or a fixed dollar amount per paycheck.
 */
export type Election =
  | { readonly kind: "percent"; readonly bp: number }
  | { readonly kind: "dollars"; readonly amount: Cents };

/** The elections in force from one planned paycheck (0-based index into the planned paychecks) on. */
export interface ElectionSegment {
  readonly from: number;
  readonly deferral: Election;
  readonly afterTax: Election;
}

/** A year's elections: segments for regular pay, and a separate election for bonus paychecks where the plan has one. */
export interface ElectionSchedule {
  readonly segments: readonly ElectionSegment[];
  readonly bonus: { readonly deferral: Election; readonly afterTax: Election } | null;
}

/**
 * What payroll withholds for an election from one paycheck. A percentage is rounded half-up to the cent
 * (the usual payroll convention); a dollar election is at most the gross. Integer arithmetic stays exact:
 * gross ≤ $100M (10^10 cents) × 10,000 bp is far below 2^53.
 */
export function electedAmount(gross: Cents, election: Election, eligible: Cents = gross): Cents {
  if (election.kind === "dollars") return minCents(election.amount, gross);
  return Math.floor((eligible * election.bp + 5_000) / 10_000) as Cents;
}

/**
 * The pay a percentage election applies to: plan compensation, so pay within the 401(a)(17) limit for the year
 * (IRC §401(a)(17); Treas. Reg. §1.401(a)(17)-1(a)) — nothing once year-to-date pay has passed it — or, where
 * the plan says its payroll takes percentages of all gross pay, the paycheck's gross.
 */
export type PercentElectionBase = "capped-pay" | "gross-pay";

export type ConversionCadence = "none" | "per-paycheck" | "monthly" | "quarterly" | "annually";

/** How payroll and the plan treat the planned paychecks, with what is already used up before the first of them. */
export interface PayrollRules {
  readonly paychecks: readonly Paycheck[];
  readonly match: readonly MatchTier[];
  readonly nonelectiveBp: BasisPoints;
  /** 401(a)(17) compensation left for employer formulas this year. */
  readonly matchableCompensation: Cents;
  /** What percentage elections apply to (default: pay within 401(a)(17)). */
  readonly percentElectionBase: PercentElectionBase;
  /** 402(g) left for deferrals to this plan, and catch-up left (0 if not eligible or not allowed). */
  readonly deferralLimit: Cents;
  readonly catchUpLimit: Cents;
  readonly stopsDeferrals: boolean;
  /** Payroll stops after-tax once this much is contributed (the 415(c) room), or null if it does not stop. */
  readonly afterTaxStop: Cents | null;
  readonly socialSecurityWagesLeft: Cents;
  readonly socialSecurityBp: BasisPoints;
  readonly medicareBp: BasisPoints;
  readonly withholdingBp: BasisPoints;
  readonly conversionCadence: ConversionCadence;
}

export interface PaycheckRow {
  readonly n: number;
  readonly date: string;
  readonly gross: Cents;
  /** The pay percentage elections apply to: gross within the 401(a)(17) limit left (or all of it, "gross-pay"). */
  readonly eligiblePay: Cents;
  readonly bonus: boolean;
  /** Elective deferral within 402(g), catch-up above it, and any excess (never planned). */
  readonly deferral: Cents;
  readonly catchUp: Cents;
  readonly excessDeferral: Cents;
  readonly match: Cents;
  readonly nonelective: Cents;
  readonly afterTax: Cents;
  /** After-tax money converted to Roth at this paycheck (in-plan conversion cadence), principal only. */
  readonly converts: Cents;
  readonly fica: Cents;
  readonly netPay: Cents;
  readonly ytdDeferral: Cents;
  readonly ytdCatchUp: Cents;
  readonly ytdAfterTax: Cents;
  readonly ytdAnnualAdditions: Cents;
}

export interface YearToDate {
  readonly deferral: Cents;
  readonly catchUp: Cents;
  readonly afterTax: Cents;
  readonly annualAdditions: Cents;
}

/** The election that applies to a planned paycheck. */
export function electionAt(
  schedule: ElectionSchedule,
  index: number,
  bonus: boolean,
): { deferral: Election; afterTax: Election } {
  if (bonus && schedule.bonus) return schedule.bonus;
  let current = schedule.segments[0]!;
  for (const segment of schedule.segments) if (segment.from <= index) current = segment;
  return current;
}

function isConversionPoint(cadence: ConversionCadence, date: string, next: string | undefined): boolean {
  if (cadence === "none") return false;
  if (cadence === "per-paycheck" || next === undefined) return true;
  const month = (d: string) => Number(d.slice(5, 7));
  if (cadence === "monthly") return month(date) !== month(next);
  if (cadence === "quarterly") return Math.ceil(month(date) / 3) !== Math.ceil(month(next) / 3);
  return false;
}

/**
 * Runs payroll over the planned paychecks: what each paycheck withholds, what the employer adds, and the
 * year-to-date totals against each limit. Deferrals fill 402(g) first, then catch-up (IRC §414(v)(1));
 * the match applies per paycheck to the deferral and the paycheck's pay within 401(a)(17); employee FICA
 * is OASDI up to the wage base plus Medicare (IRC §3101).
 */
export function runPayroll(rules: PayrollRules, schedule: ElectionSchedule, ytd: YearToDate): PaycheckRow[] {
  let deferralLeft = rules.deferralLimit;
  let catchUpLeft = rules.catchUpLimit;
  let matchableLeft = rules.matchableCompensation;
  let ssLeft = rules.socialSecurityWagesLeft;
  let {
    deferral: ytdDeferral,
    catchUp: ytdCatchUp,
    afterTax: ytdAfterTax,
    annualAdditions: ytdAdditions,
  } = ytd;
  let plannedAfterTax = ZERO;
  let unconverted = ZERO;
  const rows: PaycheckRow[] = [];
  rules.paychecks.forEach((p, i) => {
    const election = electionAt(schedule, i, p.bonus);
    const matchable = minCents(p.gross, matchableLeft);
    matchableLeft = sub(matchableLeft, matchable);
    // IRC §401(a)(17): percentages apply to plan compensation, capped for the year (unless the plan says not).
    const eligiblePay = rules.percentElectionBase === "capped-pay" ? matchable : p.gross;
    const requested = electedAmount(p.gross, election.deferral, eligiblePay);
    const withheld = rules.stopsDeferrals
      ? minCents(requested, cents(deferralLeft + catchUpLeft))
      : requested;
    const deferral = minCents(withheld, deferralLeft);
    const catchUp = minCents(sub(withheld, deferral), catchUpLeft);
    const excessDeferral = cents(withheld - deferral - catchUp);
    deferralLeft = sub(deferralLeft, deferral);
    catchUpLeft = sub(catchUpLeft, catchUp);

    // Payroll matches what it withholds each paycheck, catch-ups included (plans that do not match
    // catch-ups are not modelled here; contributionRoom's annual figure excludes them, rules.md §(a)5).
    const match = employerMatch(rules.match, withheld, matchable);
    // Nonelective contributions: the plan's % of the paycheck's pay within 401(a)(17), half-up to the cent.
    const nonelective = percentOf(matchable, rules.nonelectiveBp, "half-up");

    const requestedAfterTax = electedAmount(p.gross, election.afterTax, eligiblePay);
    const afterTax =
      rules.afterTaxStop === null
        ? requestedAfterTax
        : minCents(requestedAfterTax, nonNegative(sub(rules.afterTaxStop, plannedAfterTax)));
    plannedAfterTax = cents(plannedAfterTax + afterTax);

    unconverted = cents(unconverted + afterTax);
    const converts = isConversionPoint(rules.conversionCadence, p.date, rules.paychecks[i + 1]?.date)
      ? unconverted
      : ZERO;
    unconverted = sub(unconverted, converts);

    const ssWages = minCents(p.gross, ssLeft);
    ssLeft = sub(ssLeft, ssWages);
    const fica = cents(
      percentOf(ssWages, rules.socialSecurityBp, "half-up") + percentOf(p.gross, rules.medicareBp, "half-up"),
    );
    const withholding = percentOf(p.gross, rules.withholdingBp, "half-up");

    ytdDeferral = cents(ytdDeferral + deferral);
    ytdCatchUp = cents(ytdCatchUp + catchUp);
    ytdAfterTax = cents(ytdAfterTax + afterTax);
    // IRC §415(c)(2): deferrals within 402(g), employer contributions and after-tax contributions; not catch-up.
    ytdAdditions = cents(ytdAdditions + deferral + excessDeferral + match + nonelective + afterTax);
    rows.push({
      n: p.n,
      date: p.date,
      gross: p.gross,
      eligiblePay,
      bonus: p.bonus,
      deferral,
      catchUp,
      excessDeferral,
      match,
      nonelective,
      afterTax,
      converts,
      fica,
      netPay: cents(p.gross - fica - withholding - withheld - afterTax),
      ytdDeferral,
      ytdCatchUp,
      ytdAfterTax,
      ytdAnnualAdditions: ytdAdditions,
    });
  });
  return rows;
}
