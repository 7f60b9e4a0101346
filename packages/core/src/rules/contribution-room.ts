import { citeFigure, figure, figureFrom, shippedFigure } from "../data/figures.js";
import { catchUpLimitFor, rothCatchUpRule } from "./catch-up.js";
import { type Step, step, type Warning } from "./explain.js";
import { employerMatch, type MatchTier } from "./match-formula.js";
import {
  type Cents,
  cents,
  formatUsd,
  maxCents,
  minCents,
  nonNegative,
  sub,
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
  /**
   * Elective deferrals at unrelated employers' plans this year: they count in the person's own 402(g) limit
   * only (IRC §402(g)(1)); catch-ups and 401(a)(30) are this employer's (Treas. Reg. §1.414(v)-1(a)(1)).
   */
  readonly otherEmployerDeferrals: Cents;
  /**
   * The part of `otherEmployerDeferrals` made at a related employer (same controlled group): those count in this
   * employer's own 402(g) limit and catch-up (IRC §401(a)(30); Treas. Reg. §1.414(v)-1(f)(1)), taken before this
   * plan's. 0 when absent.
   */
  readonly relatedEmployerDeferrals?: Cents;
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
  /**
   * The person's excess deferral for the year, all employers together (IRC §402(g)(2)): deferrals above
   * 402(g) plus the catch-up limit across employers, or above this plan's own limit if that is more; to be
   * distributed by April 15 of next year. With no other employer it is `excessDeferralThisPlan`.
   */
  readonly excessDeferral: Cents;
  /**
   * This plan's deferrals above its own 402(g) limit (IRC §401(a)(30)) and its catch-up: this plan must
   * distribute them, and they are not annual additions. regularDeferrals + catchUpContributed + this = deferrals.
   */
  readonly excessDeferralThisPlan: Cents;
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
function planCompensation(
  year: number,
  compensation: Cents,
  limit: Cents,
  explain: boolean,
): { amount: Cents; step: Step | null } {
  const amount = minCents(compensation, limit);
  if (!explain) return { amount, step: null };
  const label =
    compensation > limit
      ? "Compensation for employer contributions (capped)"
      : "Compensation for employer contributions";
  return { amount, step: step(label, amount, citeFigure("compensationLimit", year)) };
}

/** The year's figures `contributionRoom` reads, in cents. */
interface RoomFigures {
  readonly limit402g: Cents;
  readonly limit415Dollar: Cents;
  readonly compensationLimit: Cents;
  readonly fica: { readonly socialSecurity: number; readonly medicare: number };
  readonly socialSecurityWageBase: Cents;
}

const roomFiguresByYear = new Map<number, RoomFigures>();

/**
 * The figures of one year, read once (a batch of a million rows reads them once, not a million times). Read
 * in the order the computation first needs them, so an unsupported year names the same figure as before.
 */
function roomFigures(year: number): RoomFigures {
  const cached = roomFiguresByYear.get(year);
  if (cached) return cached;
  const limit402g = wholeDollars(figure("electiveDeferralLimit", year));
  figure("catchUpLimit", year);
  figureFrom("rothCatchUpWageThreshold", year);
  const figures: RoomFigures = {
    limit402g,
    limit415Dollar: wholeDollars(figure("annualAdditionsLimit", year)),
    compensationLimit: wholeDollars(figure("compensationLimit", year)),
    fica: figure("ficaEmployeeRates", year),
    socialSecurityWageBase: wholeDollars(figure("socialSecurityWageBase", year)),
  };
  // Supplied figures (a figures file for a year not on file) are read afresh each time: never cached.
  const ids = [
    "electiveDeferralLimit",
    "catchUpLimit",
    "rothCatchUpWageThreshold",
    "annualAdditionsLimit",
    "compensationLimit",
    "ficaEmployeeRates",
    "socialSecurityWageBase",
  ] as const;
  if (ids.every((id) => shippedFigure(id, year))) roomFiguresByYear.set(year, figures);
  return figures;
}

interface DeferralSplit {
  readonly regular: Cents;
  readonly catchUp: Cents;
  /** This plan's deferrals above its own 402(g) limit and catch-up: this plan must distribute them. */
  readonly excessThisPlan: Cents;
  /** The person's excess deferral across every employer (what 402(g)(2) requires to be distributed). */
  readonly excessPersonTotal: Cents;
  /** The person's limit across employers: 402(g) plus the catch-up dollar limit (IRC §402(g)(1)(C)). */
  readonly personLimit: Cents;
  /** Catch-up limit of this plan not yet used (the catch-up limit applies employer by employer). */
  readonly catchUpLeft: Cents;
}

/**
 * Catch-ups are decided plan by plan: a deferral is a catch-up only where it exceeds a limit of this plan —
 * 401(a)(30) applies 402(g) to this employer's plans only — and only up to the catch-up limit (Treas. Reg.
 * §1.414(v)-1(a)(1), (b)(1)(i), (f)). Deferrals at an unrelated employer never make this plan's deferrals
 * catch-ups; they count only in the person's own limit, 402(g) plus the catch-up dollar limit, whether or not
 * any plan treats deferrals as catch-ups (IRC §402(g)(1)(C); Treas. Reg. §1.402(g)-2(b)). Deferrals beyond
 * this plan's own limit are an excess this plan distributes; the person's total excess is the larger of that
 * and what all employers' deferrals exceed the person's limit by (the plan's excess comes out first).
 */
function splitDeferrals(
  here: Cents,
  other: Cents,
  related: Cents,
  limit402g: Cents,
  catchUpCap: Cents,
  catchUpDollarLimit: Cents,
  compensation: Cents,
): DeferralSplit {
  // IRC §401(a)(30): this plan's 402(g) limit counts this employer's deferrals only — its own plans and a related
  // employer's (one employer under §414(b), (c)), whose deferrals come first, as do their catch-ups.
  const relatedRegular = minCents(related, limit402g);
  const relatedCatchUp = minCents(sub(related, relatedRegular), catchUpCap);
  const employerCatchUpCap = sub(catchUpCap, relatedCatchUp);
  const regular = minCents(here, sub(limit402g, relatedRegular));
  // IRC §414(v)(2)(A): this plan's catch-ups are at most compensation less its other deferrals.
  const catchUpRoom = nonNegative(minCents(employerCatchUpCap, sub(compensation, regular)));
  const catchUp = minCents(sub(here, regular), catchUpRoom);
  const excessThisPlan = cents(here - regular - catchUp);
  // IRC §402(g)(1)(A), (C); Treas. Reg. §1.402(g)-2(b): the person's limit across every employer.
  const personLimit = cents(limit402g + catchUpDollarLimit);
  const excessPersonTotal = maxCents(excessThisPlan, nonNegative(sub(cents(here + other), personLimit)));
  // §414(v)(2)(A) again for deferrals above 415(c) treated as catch-up: none once deferrals exceed pay.
  const catchUpLeft = regular + catchUp <= compensation ? sub(employerCatchUpCap, catchUp) : ZERO;
  return { regular, catchUp, excessThisPlan, excessPersonTotal, personLimit, catchUpLeft };
}

export interface RoomOptions {
  /**
   * false: the same figures and the same warning codes, without steps and with empty warning messages. A hot
   * path that needs no steps asks for none (`megaroth batch` over a million rows); tests check that every
   * figure and code is the same either way.
   */
  readonly explain?: boolean;
}

/** The steps of a result computed without explaining: none (frozen, so a step pushed by mistake throws). */
const NO_STEPS = Object.freeze([]) as unknown as Step[];

/** After-tax room and everything that fills 415(c) for one person in one plan year, with the steps. */
export function contributionRoom(input: RoomInput, options: RoomOptions = {}): RoomResult {
  const { year } = input;
  if (input.ageAtYearEnd < 18 || input.ageAtYearEnd > 120)
    throw new RangeError("ageAtYearEnd must be 18–120");
  const explain = options.explain ?? true;
  const steps: Step[] = explain ? [] : NO_STEPS;
  const warnings: Warning[] = [];
  // A warning's message is written only where explaining; its code always.
  const warn = (code: string, message: () => string) => {
    warnings.push({ code, message: explain ? message() : "" });
  };
  const figures = roomFigures(year);

  const { limit402g } = figures;
  if (explain)
    steps.push(
      step(
        "Elective deferral limit (per person, all plans)",
        limit402g,
        citeFigure("electiveDeferralLimit", year),
      ),
    );

  const catchUp = catchUpLimitFor(year, input.ageAtYearEnd);
  if (explain) steps.push(catchUp.step);
  const roth = rothCatchUpRule(
    year,
    catchUp.limit > 0,
    input.priorYearFicaWages,
    input.planOffersRoth,
    explain,
  );
  if (explain && roth.step) steps.push(roth.step);
  const catchUpCap = roth.allowed ? catchUp.limit : ZERO;

  const relatedDeferrals = minCents(input.relatedEmployerDeferrals ?? ZERO, input.otherEmployerDeferrals);
  const split = splitDeferrals(
    input.electiveDeferrals,
    input.otherEmployerDeferrals,
    relatedDeferrals,
    limit402g,
    catchUpCap,
    catchUp.limit,
    input.compensation,
  );
  if (explain)
    steps.push(
      step(
        "Deferrals to this plan within its 402(g) limit (count toward 415(c))",
        split.regular,
        "IRC §402(g)(1), §401(a)(30); §415(c)(2)",
      ),
    );
  if (split.catchUp > 0) {
    if (explain)
      steps.push(step("Catch-up contributions (outside 415(c))", split.catchUp, "IRC §414(v)(3)(A)"));
  }
  if (explain && split.excessThisPlan > 0) {
    steps.push(
      step(
        "Deferrals above this plan's 402(g) limit and catch-up (an excess this plan distributes)",
        split.excessThisPlan,
        "IRC §401(a)(30), §402(g)(2)",
      ),
    );
  }
  const otherTreated = input.otherEmployerDeferrals > 0;
  if (explain && otherTreated) {
    steps.push(
      step(
        "Deferrals at other employers: they count in your own 402(g) limit; an unrelated employer's never make this plan's deferrals catch-ups and leave this employer's 415(c) alone",
        input.otherEmployerDeferrals,
        "Treas. Reg. §1.414(v)-1(a)(1), (b)(1)(i); §1.402(g)-2(b)",
      ),
      ...(relatedDeferrals > 0
        ? [
            step(
              "Of those, at a related employer (same controlled group): they come first in this employer's own 402(g) limit and catch-up",
              relatedDeferrals,
              "IRC §401(a)(30), §414(b)–(c); Treas. Reg. §1.414(v)-1(f)(1)",
            ),
          ]
        : []),
      step(
        `Your limit across every employer: 402(g)${catchUp.limit > 0 ? " + catch-up limit" : ""}`,
        split.personLimit,
        "IRC §402(g)(1)(A), (C); Treas. Reg. §1.402(g)-2(b)",
      ),
      step(
        "Your deferrals at every employer",
        cents(input.electiveDeferrals + input.otherEmployerDeferrals),
        "IRC §402(g)(1)",
      ),
    );
  }
  if (explain && split.excessPersonTotal > 0) {
    steps.push(
      step(
        "Excess deferral to have distributed (all employers)",
        split.excessPersonTotal,
        "IRC §402(g)(2)(A)",
      ),
    );
  }

  const { limit415Dollar } = figures;
  if (explain)
    steps.push(
      step("Annual additions dollar limit", limit415Dollar, citeFigure("annualAdditionsLimit", year)),
    );
  const compensationBinds = input.compensation < limit415Dollar;
  const limit415 = minCents(limit415Dollar, input.compensation);
  if (explain)
    steps.push(
      step(
        compensationBinds
          ? "Effective 415(c) limit = 100% of compensation"
          : "Effective 415(c) limit = the dollar limit",
        limit415,
        "IRC §415(c)(1)(A)–(B)",
      ),
    );

  const comp = planCompensation(year, input.compensation, figures.compensationLimit, explain);
  if (comp.step) steps.push(comp.step);
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
  if (explain) steps.push(step(matchLabel, match, "Plan formula; IRC §401(m)(4)(A)"));
  // Nonelective contributions are a % of plan compensation, rounded half-up to the cent.
  const nonelective =
    input.employerNonelectiveGiven ?? percentOf(comp.amount, input.nonelectiveBp, "half-up");
  if (explain && input.employerNonelectiveGiven !== undefined) {
    steps.push(
      step("Employer nonelective (solved from net earnings)", nonelective, "Plan formula; IRC §404(a)(8)(D)"),
    );
  } else if (explain && input.nonelectiveBp > 0) {
    steps.push(
      step(
        `Employer nonelective ${formatPercent(input.nonelectiveBp)} of compensation`,
        nonelective,
        "Plan formula; IRC §415(c)(2)(A)",
      ),
    );
  }
  if (input.relatedEmployerAdditions > 0) {
    if (explain)
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
    sub(cents(split.regular + match + nonelective + input.relatedEmployerAdditions), limit415),
  );
  const recharacterized = minCents(minCents(overLimit, split.regular), split.catchUpLeft);
  const regularDeferrals = sub(split.regular, recharacterized);
  const catchUpContributed = cents(split.catchUp + recharacterized);
  if (recharacterized > 0) {
    if (explain)
      steps.push(
        step(
          "Deferrals above the 415(c) limit treated as catch-up",
          recharacterized,
          "Treas. Reg. §1.414(v)-1(b)(1)(i); IRC §414(v)(3)(A)",
        ),
      );
  }

  // Sums written out rather than `sum([...])`: the same integer additions, without an array per call.
  const beforeAfterTax = cents(regularDeferrals + match + nonelective + input.relatedEmployerAdditions);
  const room415 = nonNegative(sub(limit415, beforeAfterTax));
  if (explain)
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
    if (explain) steps.push(step(label, cap, "Plan document"));
    if (cap < room415) {
      afterTaxRoom = cap;
      bindingLimit = "plan-after-tax-cap";
    }
  }
  if (explain) steps.push(step("After-tax room", afterTaxRoom, IRC_415C1));

  const annualAdditions = cents(beforeAfterTax + afterTaxRoom);
  const totalAllSources = cents(annualAdditions + catchUpContributed);
  const { fica } = figures;
  // Planner rule (rules.md §(a)8): employee FICA — OASDI up to the wage base, Medicare on all of it (IRC §3101).
  const ssWages = minCents(input.compensation, figures.socialSecurityWageBase);
  const employeeFica = cents(
    percentOf(ssWages, fica.socialSecurity as BasisPoints, "half-up") +
      percentOf(input.compensation, fica.medicare as BasisPoints, "half-up"),
  );
  const employeeContribsPlusFica = cents(input.electiveDeferrals + afterTaxRoom + employeeFica);

  if (employeeContribsPlusFica > input.compensation) {
    warn(
      "payroll-feasibility",
      () =>
        `deferrals ${formatUsd(input.electiveDeferrals)} + after-tax ${formatUsd(afterTaxRoom)} + FICA ${formatUsd(employeeFica)} = ${formatUsd(employeeContribsPlusFica)} exceeds gross pay ${formatUsd(input.compensation)}: payroll cannot withhold all of the room`,
    );
  }
  if (split.excessPersonTotal > 0) {
    const elsewhere = sub(split.excessPersonTotal, split.excessThisPlan);
    const fromThisPlan =
      split.excessThisPlan > 0
        ? `; ${formatUsd(split.excessThisPlan)} of it is above this plan's own limit and comes out of this plan`
        : "";
    const choice =
      elsewhere > 0
        ? `; you choose which plan distributes ${split.excessThisPlan > 0 ? "the rest" : "it"} (tell it by March 1, IRC §402(g)(2)(A)(i)). This plan counts its deferrals within its own limit in its 415(c) until then; an excess it distributes is not an annual addition here (Treas. Reg. §1.415(c)-1(b)(2)(ii)(D)), so its room grows by what it distributes`
        : "";
    warn(
      "excess-deferral",
      () =>
        `deferrals${otherTreated ? " at all employers" : ""} exceed the 402(g) limit${catchUpCap > 0 || (otherTreated && catchUp.limit > 0) ? " plus catch-up" : ""} by ${formatUsd(split.excessPersonTotal)}: have the excess and its earnings distributed by April 15, ${year + 1} (IRC §402(g)(2))${fromThisPlan}${choice}`,
    );
  }
  if (otherTreated) {
    const total = cents(input.electiveDeferrals + input.otherEmployerDeferrals);
    warn(
      "other-employer-deferrals",
      () =>
        `the ${formatUsd(input.otherEmployerDeferrals)} deferred at another employer counts in your own 402(g) limit (${formatUsd(split.personLimit)} across employers; ${formatUsd(total)} deferred in all), not in this plan's: it makes none of this plan's deferrals catch-ups, and this plan's ${formatUsd(regularDeferrals)} of deferrals within its own 402(g) limit stay annual additions under this employer's 415(c) (Treas. Reg. §1.414(v)-1(a)(1), (b)(1)(i); §1.402(g)-2(b))${relatedDeferrals > 0 ? `. ${formatUsd(relatedDeferrals)} of it is at a related employer (same controlled group), whose deferrals share this plan's own 402(g) limit and catch-up` : ""}`,
    );
  }
  if (catchUp.limit > 0 && !roth.allowed) {
    warn(
      "catch-up-not-allowed",
      () =>
        `prior-year FICA wages exceed the Roth catch-up threshold and the plan has no Roth option: no catch-up contributions in ${year} (IRC §414(v)(7))`,
    );
  }
  if (recharacterized > 0) {
    warn(
      "catch-up-recharacterized",
      () =>
        `${formatUsd(recharacterized)} of deferrals above the 415(c) limit count as catch-up, not as an excess (Treas. Reg. §1.414(v)-1(b)(1)(i))${roth.mustBeRoth ? "; as catch-ups they must be designated Roth (IRC §414(v)(7))" : ""}`,
    );
  }
  if (excessOver415 > 0) {
    warn(
      "excess-annual-additions",
      () =>
        `deferrals and employer contributions already exceed the 415(c) limit by ${formatUsd(excessOver415)}: no after-tax room; the excess must be corrected (EPCRS, Rev. Proc. 2021-30)`,
    );
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
    excessDeferral: split.excessPersonTotal,
    excessDeferralThisPlan: split.excessThisPlan,
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
