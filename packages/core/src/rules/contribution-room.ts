import { citeFigure, figure } from "../data/figures.js";
import { catchUpLimitFor, rothCatchUpRule } from "./catch-up.js";
import { type Step, step, type Warning } from "./explain.js";
import { employerMatch, type MatchTier } from "./match-formula.js";
import {
  type Cents,
  cents,
  formatUsd,
  minCents,
  nonNegative,
  sub,
  sum,
  wholeDollars,
  ZERO,
} from "./money/cents.js";
import { type BasisPoints, formatPercent, percentOf } from "./money/percent.js";

/** A plan's own cap on after-tax contributions: a percentage of (401(a)(17)-capped) pay or a dollar amount. */
export type AfterTaxCap =
  | { readonly kind: "percent"; readonly bp: BasisPoints }
  | { readonly kind: "dollars"; readonly amount: Cents };

export interface RoomInput {
  readonly year: number;
  readonly ageAtYearEnd: number;
  /** 415 compensation for the year (gross pay, before deferrals). */
  readonly compensation: Cents;
  /** Pre-tax + Roth deferrals to this plan for the year; above 402(g) they count as catch-up where eligible. */
  readonly electiveDeferrals: Cents;
  readonly match: readonly MatchTier[];
  /** The plan also matches catch-up contributions (plan design; default: it does not). */
  readonly matchOnCatchUp?: boolean;
  /** The year's match as reported (e.g. by payroll); when given it is used instead of the `match` formula. */
  readonly employerMatchGiven?: Cents;
  readonly nonelectiveBp: BasisPoints;
  /** The year's nonelective contribution worked out elsewhere (a self-employed owner's, solved from net
   * earnings: self-employment.ts); when given it is used instead of `nonelectiveBp` × compensation. */
  readonly employerNonelectiveGiven?: Cents;
  readonly afterTaxCap: AfterTaxCap | null;
  /** Prior-year W-2 box 3 wages from this employer; null for a new hire. */
  readonly priorYearFicaWages: Cents | null;
  readonly planOffersRoth: boolean;
  /** Elective deferrals at other employers' plans this year (402(g) is per person). */
  readonly otherEmployerDeferrals: Cents;
  /** Annual additions at a related employer's plan (same controlled group: one shared 415(c) limit). */
  readonly relatedEmployerAdditions: Cents;
}

export type BindingLimit = "annual-additions-dollar-limit" | "compensation-limit" | "plan-after-tax-cap";

export interface RoomResult {
  readonly year: number;
  readonly afterTaxRoom: Cents;
  /** Room under 415(c) alone, before the plan's after-tax cap. */
  readonly afterTaxRoom415: Cents;
  readonly limit415cDollar: Cents;
  /** The effective 415(c) limit: the lesser of the dollar limit and 100% of compensation. */
  readonly annualAdditionsLimit: Cents;
  readonly electiveDeferralLimit: Cents;
  readonly compensationForEmployerContribs: Cents;
  readonly employerMatch: Cents;
  readonly employerNonelective: Cents;
  /** Deferrals to this plan counted in 415(c): within 402(g), less any above 415(c) treated as catch-up. */
  readonly regularDeferrals: Cents;
  readonly catchUpLimit: Cents;
  readonly catchUpAllowed: boolean;
  readonly catchUpMustBeRoth: boolean;
  readonly catchUpContributed: Cents;
  /** Deferrals above 402(g) that are not catch-up: to be distributed by April 15 of next year. */
  readonly excessDeferral: Cents;
  /** When the person's total excess deferral must be distributed (April 15 of next year), or null if none. */
  readonly excessDeferralDeadline: string | null;
  /** Annual additions (this plan plus a related employer's) with the after-tax room filled. */
  readonly annualAdditions: Cents;
  readonly excessOver415: Cents;
  readonly bindingLimit: BindingLimit;
  /** Every source with the after-tax room filled: annual additions + catch-up. */
  readonly totalAllSources: Cents;
  /** Employee deferrals + after-tax room + employee FICA on compensation: must fit in gross pay. */
  readonly employeeContribsPlusFica: Cents;
  readonly warnings: readonly Warning[];
  readonly steps: readonly Step[];
}

const IRC_415C1 = "IRC §415(c)(1)";

// IRC §401(a)(17): employer formulas use compensation up to the annual limit.
function planCompensation(year: number, compensation: Cents): { amount: Cents; step: Step } {
  const limit = wholeDollars(figure("compensationLimit", year));
  const amount = minCents(compensation, limit);
  const label =
    compensation > limit
      ? "Compensation for employer contributions (capped)"
      : "Compensation for employer contributions";
  return { amount, step: step(label, amount, citeFigure("compensationLimit", year)) };
}

interface DeferralSplit {
  readonly regular: Cents;
  readonly catchUp: Cents;
  readonly excess: Cents;
  readonly excessPersonTotal: Cents;
  /** Catch-up dollar limit not yet used, here or at other employers. */
  readonly catchUpLeft: Cents;
}

// IRC §402(g)(1) per person across plans; IRC §414(v)(1): deferrals above it are catch-ups up to the
// catch-up limit, itself at most compensation minus other deferrals (§414(v)(2)(A)).
function splitDeferrals(
  here: Cents,
  other: Cents,
  limit402g: Cents,
  catchUpCap: Cents,
  compensation: Cents,
): DeferralSplit {
  const regular = minCents(here, nonNegative(sub(limit402g, other)));
  const otherOver = nonNegative(sub(other, limit402g));
  const regularAll = minCents(cents(here + other), limit402g);
  const catchUpRoom = nonNegative(minCents(sub(catchUpCap, otherOver), sub(compensation, regularAll)));
  const catchUp = minCents(sub(here, regular), catchUpRoom);
  const excess = cents(here - regular - catchUp);
  const excessPersonTotal = cents(excess + nonNegative(sub(otherOver, catchUpCap)));
  // §414(v)(2)(A): catch-ups at most compensation less the other deferrals, so none if deferrals exceed pay.
  const catchUpLeft =
    regularAll + catchUp <= compensation ? nonNegative(sub(sub(catchUpCap, otherOver), catchUp)) : ZERO;
  return { regular, catchUp, excess, excessPersonTotal, catchUpLeft };
}

/** After-tax room and everything that fills 415(c) for one person in one plan year, with the steps. */
export function contributionRoom(input: RoomInput): RoomResult {
  const { year } = input;
  if (input.ageAtYearEnd < 18 || input.ageAtYearEnd > 120)
    throw new RangeError("ageAtYearEnd must be 18–120");
  const steps: Step[] = [];
  const warnings: Warning[] = [];

  const limit402g = wholeDollars(figure("electiveDeferralLimit", year));
  steps.push(
    step(
      "Elective deferral limit (per person, all plans)",
      limit402g,
      citeFigure("electiveDeferralLimit", year),
    ),
  );

  const catchUp = catchUpLimitFor(year, input.ageAtYearEnd);
  steps.push(catchUp.step);
  const roth = rothCatchUpRule(year, catchUp.limit > 0, input.priorYearFicaWages, input.planOffersRoth);
  if (roth.step) steps.push(roth.step);
  const catchUpCap = roth.allowed ? catchUp.limit : ZERO;

  const split = splitDeferrals(
    input.electiveDeferrals,
    input.otherEmployerDeferrals,
    limit402g,
    catchUpCap,
    input.compensation,
  );
  if (input.otherEmployerDeferrals > 0) {
    steps.push(
      step(
        "Deferrals at other employers (share the 402(g) limit)",
        input.otherEmployerDeferrals,
        "IRC §402(g)(1)",
      ),
    );
  }
  steps.push(
    step(
      "Deferrals to this plan within 402(g) (count toward 415(c))",
      split.regular,
      "IRC §402(g)(1); §415(c)(2)",
    ),
  );
  if (split.catchUp > 0) {
    steps.push(step("Catch-up contributions (outside 415(c))", split.catchUp, "IRC §414(v)(3)(A)"));
  }

  const limit415Dollar = wholeDollars(figure("annualAdditionsLimit", year));
  steps.push(step("Annual additions dollar limit", limit415Dollar, citeFigure("annualAdditionsLimit", year)));
  const compensationBinds = input.compensation < limit415Dollar;
  const limit415 = minCents(limit415Dollar, input.compensation);
  steps.push(
    step(
      compensationBinds
        ? "Effective 415(c) limit = 100% of compensation"
        : "Effective 415(c) limit = the dollar limit",
      limit415,
      "IRC §415(c)(1)(A)–(B)",
    ),
  );

  const comp = planCompensation(year, input.compensation);
  steps.push(comp.step);
  // By default the match applies to deferrals within 402(g) only: not to catch-ups (so a catch-up cannot change
  // the after-tax room, rules.md §(a)5) nor to excess deferrals, which are distributed (IRC §402(g)(2)). A plan
  // may match catch-ups too (`matchOnCatchUp`); that match then counts in 415(c) like any other.
  const matched = input.matchOnCatchUp ? cents(split.regular + split.catchUp) : split.regular;
  const match = input.employerMatchGiven ?? employerMatch(input.match, matched, comp.amount);
  const matchLabel =
    input.employerMatchGiven !== undefined
      ? "Employer match (as given)"
      : input.matchOnCatchUp
        ? "Employer match on this plan's deferrals, catch-ups included"
        : "Employer match on this plan's deferrals within 402(g)";
  steps.push(step(matchLabel, match, "Plan formula; IRC §401(m)(4)(A)"));
  // Nonelective contributions are a % of plan compensation, rounded half-up to the cent.
  const nonelective =
    input.employerNonelectiveGiven ?? percentOf(comp.amount, input.nonelectiveBp, "half-up");
  if (input.employerNonelectiveGiven !== undefined) {
    steps.push(
      step("Employer nonelective (solved from net earnings)", nonelective, "Plan formula; IRC §404(a)(8)(D)"),
    );
  } else if (input.nonelectiveBp > 0) {
    steps.push(
      step(
        `Employer nonelective ${formatPercent(input.nonelectiveBp)} of compensation`,
        nonelective,
        "Plan formula; IRC §415(c)(2)(A)",
      ),
    );
  }
  if (input.relatedEmployerAdditions > 0) {
    steps.push(
      step(
        "Annual additions at a related employer (shared 415(c) limit)",
        input.relatedEmployerAdditions,
        "IRC §415(f), §415(h)",
      ),
    );
  }

  // Treas. Reg. §1.414(v)-1(b)(1)(i): deferrals above the 415(c) limit are catch-ups of an eligible
  // participant, up to the catch-up limit not yet used. The match stays the one on deferrals within 402(g).
  const overLimit = nonNegative(
    sub(sum([split.regular, match, nonelective, input.relatedEmployerAdditions]), limit415),
  );
  const recharacterized = minCents(minCents(overLimit, split.regular), split.catchUpLeft);
  const regularDeferrals = sub(split.regular, recharacterized);
  const catchUpContributed = cents(split.catchUp + recharacterized);
  if (recharacterized > 0) {
    steps.push(
      step(
        "Deferrals above the 415(c) limit treated as catch-up",
        recharacterized,
        "Treas. Reg. §1.414(v)-1(b)(1)(i); IRC §414(v)(3)(A)",
      ),
    );
  }

  const beforeAfterTax = sum([regularDeferrals, match, nonelective, input.relatedEmployerAdditions]);
  const room415 = nonNegative(sub(limit415, beforeAfterTax));
  steps.push(
    step("After-tax room under 415(c) = limit − deferrals − employer contributions", room415, IRC_415C1),
  );
  const excessOver415 = nonNegative(sub(beforeAfterTax, limit415));

  let afterTaxRoom = room415;
  let bindingLimit: BindingLimit = compensationBinds ? "compensation-limit" : "annual-additions-dollar-limit";
  if (input.afterTaxCap) {
    // The plan's percentage cap applies to plan compensation, which 401(a)(17) caps.
    const cap =
      input.afterTaxCap.kind === "percent"
        ? percentOf(comp.amount, input.afterTaxCap.bp, "down")
        : input.afterTaxCap.amount;
    const label =
      input.afterTaxCap.kind === "percent"
        ? `Plan cap on after-tax: ${formatPercent(input.afterTaxCap.bp)} of pay`
        : "Plan cap on after-tax";
    steps.push(step(label, cap, "Plan document"));
    if (cap < room415) {
      afterTaxRoom = cap;
      bindingLimit = "plan-after-tax-cap";
    }
  }
  steps.push(step("After-tax room", afterTaxRoom, IRC_415C1));

  const annualAdditions = cents(beforeAfterTax + afterTaxRoom);
  const totalAllSources = cents(annualAdditions + catchUpContributed);
  const fica = figure("ficaEmployeeRates", year);
  // Planner rule (rules.md §(a)8): employee FICA — OASDI up to the wage base, Medicare on all of it (IRC §3101).
  const ssWages = minCents(input.compensation, wholeDollars(figure("socialSecurityWageBase", year)));
  const employeeFica = cents(
    percentOf(ssWages, fica.socialSecurity as BasisPoints, "half-up") +
      percentOf(input.compensation, fica.medicare as BasisPoints, "half-up"),
  );
  const employeeContribsPlusFica = sum([input.electiveDeferrals, afterTaxRoom, employeeFica]);

  if (employeeContribsPlusFica > input.compensation) {
    warnings.push({
      code: "payroll-feasibility",
      message: `deferrals ${formatUsd(input.electiveDeferrals)} + after-tax ${formatUsd(afterTaxRoom)} + FICA ${formatUsd(employeeFica)} = ${formatUsd(employeeContribsPlusFica)} exceeds gross pay ${formatUsd(input.compensation)}: payroll cannot withhold all of the room`,
    });
  }
  if (split.excessPersonTotal > 0) {
    warnings.push({
      code: "excess-deferral",
      message: `deferrals exceed the 402(g) limit${catchUpCap > 0 ? " plus catch-up" : ""} by ${formatUsd(split.excessPersonTotal)}: have the excess and its earnings distributed by April 15, ${year + 1} (IRC §402(g)(2))`,
    });
  }
  if (catchUp.limit > 0 && !roth.allowed) {
    warnings.push({
      code: "catch-up-not-allowed",
      message: `prior-year FICA wages exceed the Roth catch-up threshold and the plan has no Roth option: no catch-up contributions in ${year} (IRC §414(v)(7))`,
    });
  }
  if (recharacterized > 0) {
    warnings.push({
      code: "catch-up-recharacterized",
      message: `${formatUsd(recharacterized)} of deferrals above the 415(c) limit count as catch-up, not as an excess (Treas. Reg. §1.414(v)-1(b)(1)(i))${roth.mustBeRoth ? "; as catch-ups they must be designated Roth (IRC §414(v)(7))" : ""}`,
    });
  }
  if (excessOver415 > 0) {
    warnings.push({
      code: "excess-annual-additions",
      message: `deferrals and employer contributions already exceed the 415(c) limit by ${formatUsd(excessOver415)}: no after-tax room; the excess must be corrected (EPCRS, Rev. Proc. 2021-30)`,
    });
  }

  return {
    year,
    afterTaxRoom,
    afterTaxRoom415: room415,
    limit415cDollar: limit415Dollar,
    annualAdditionsLimit: limit415,
    electiveDeferralLimit: limit402g,
    compensationForEmployerContribs: comp.amount,
    employerMatch: match,
    employerNonelective: nonelective,
    regularDeferrals,
    catchUpLimit: catchUp.limit,
    catchUpAllowed: roth.allowed,
    catchUpMustBeRoth: roth.mustBeRoth,
    catchUpContributed,
    excessDeferral: split.excess,
    // IRC §402(g)(2)(A)(ii): distributed no later than April 15 of the following year.
    excessDeferralDeadline: split.excessPersonTotal > 0 ? `${year + 1}-04-15` : null,
    annualAdditions,
    excessOver415,
    bindingLimit,
    totalAllSources,
    employeeContribsPlusFica,
    warnings,
    steps,
  };
}
