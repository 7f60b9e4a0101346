import { figure } from "../data/figures.js";
import { catchUpLimitFor } from "./catch-up.js";
import type { AfterTaxCap } from "./contribution-room.js";
import { otherEmployerTotals, scenarioOtherEmployers } from "./employers.js";
import { type Step, step, type Warning } from "./explain.js";
import {
  type Cents,
  cents,
  dollarsToCents,
  formatUsd,
  minCents,
  nonNegative,
  sub,
  wholeDollars,
  ZERO,
} from "./money/cents.js";
import { basisPoints, percentToBasisPoints } from "./money/percent.js";
import { type Eligibility, planEligibility } from "./paycheck-plan/eligibility.js";
import { PlanInputError } from "./paycheck-plan/plan.js";
import type { Scenario } from "./scenario.js";
import { type SelfEmployedRoomResult, selfEmployedRoom } from "./self-employed-room.js";
import { ownerCompensation } from "./self-employment.js";

/**
 * A self-employed owner's year: no paychecks, so the plan is a schedule of deposits by the plan's deadlines —
 * the deferral election by December 31, after-tax money within 30 days after the year, deferrals and the
 * employer contribution by the return's due date including extensions.
 */

export type DepositKind = "deferral-election" | "after-tax" | "deferrals" | "employer-nonelective";

export interface Deposit {
  readonly kind: DepositKind;
  readonly label: string;
  readonly amount: Cents;
  /** The last day (ISO date). */
  readonly dueDate: string;
  /** Where the deadline moves with an extension: the due date without one (null where no extension applies). */
  readonly dueWithoutExtension: string | null;
  readonly citation: string;
}

export type BusinessKind = "sole-proprietorship" | "partnership";

export interface OwnerPlan {
  readonly year: number;
  readonly business: BusinessKind;
  readonly eligibility: Eligibility;
  readonly netProfit: Cents;
  readonly selfEmploymentTax: Cents;
  readonly compensation: Cents;
  readonly deferralTotal: Cents;
  readonly catchUpTotal: Cents;
  readonly employerNonelective: Cents;
  readonly afterTaxRoom: Cents;
  readonly afterTaxTotal: Cents;
  readonly annualAdditions: Cents;
  readonly annualAdditionsLimit: Cents;
  readonly deposits: readonly Deposit[];
  readonly room: SelfEmployedRoomResult;
  readonly warnings: readonly Warning[];
  readonly steps: readonly Step[];
}

const money = (dollars: number | undefined): Cents =>
  dollars === undefined ? ZERO : dollarsToCents(dollars);

/** The owner's deposit plan for a scenario whose `pay` is `selfEmployed`. */
export function planOwnerDeposits(s: Scenario): OwnerPlan {
  const owner = s.pay.selfEmployed;
  if (!owner) throw new PlanInputError("pay.selfEmployed", "is required for a self-employed owner's plan");
  const { year } = s;
  const business: BusinessKind = owner.business ?? "sole-proprietorship";
  const plan = s.plan;
  const netProfit = money(owner.netProfit);
  const nonelectiveBp =
    plan.nonelective === undefined ? basisPoints(0) : percentToBasisPoints(plan.nonelective);
  const afterTaxCap: AfterTaxCap | null =
    plan.afterTax.capPct !== undefined
      ? { kind: "percent", bp: percentToBasisPoints(plan.afterTax.capPct) }
      : plan.afterTax.capDollars !== undefined
        ? { kind: "dollars", amount: money(plan.afterTax.capDollars) }
        : null;
  const others = otherEmployerTotals(year, scenarioOtherEmployers(s));
  const otherEmployerDeferrals = cents(money(s.otherEmployerDeferrals) + others.otherEmployerDeferrals);
  const relatedEmployerAdditions = cents(money(s.relatedEmployerAdditions) + others.relatedEmployerAdditions);
  const warnings: Warning[] = [];

  // Deferrals: the goal, or the most the person may still defer — 402(g) less deferrals elsewhere, plus the
  // catch-up (IRC §402(g)(1), §414(v)) — never more than the net earnings they come out of.
  const limit402g = wholeDollars(figure("electiveDeferralLimit", year));
  const catchUp = catchUpLimitFor(year, s.ageAtYearEnd).limit;
  const personLeft = nonNegative(sub(cents(limit402g + catchUp), otherEmployerDeferrals));
  const goalDeferrals = s.goal?.deferrals ?? "max";
  const roomInput = {
    year,
    ageAtYearEnd: s.ageAtYearEnd,
    netProfit,
    w2WagesElsewhere: money(owner.w2WagesElsewhere),
    electiveDeferrals: ZERO,
    nonelectiveBp,
    afterTaxCap,
    planOffersRoth: plan.roth !== "no",
    otherEmployerDeferrals,
    relatedEmployerAdditions,
    relatedEmployerDeferrals: others.relatedEmployerDeferrals,
  };
  // Net earnings do not depend on the deferrals; deferrals cannot exceed them (IRC §415(c)(1)(B), §414(v)(2)(A)).
  const netEarnings = ownerCompensation({
    year,
    netProfit,
    w2SocialSecurityWages: roomInput.w2WagesElsewhere,
    nonelectiveBp,
    electiveDeferrals: ZERO,
  }).netEarnings;
  const deferrals =
    goalDeferrals === "max" ? minCents(personLeft, netEarnings) : minCents(money(goalDeferrals), personLeft);
  if (goalDeferrals !== "max" && money(goalDeferrals) > deferrals) {
    warnings.push({
      code: "deferral-goal-over-limit",
      message: `the deferral goal ${formatUsd(money(goalDeferrals))} is above the 402(g)${catchUp > 0 ? " plus catch-up" : ""} limit left; planning ${formatUsd(deferrals)}`,
    });
  }

  const room = selfEmployedRoom({ ...roomInput, electiveDeferrals: deferrals });
  const afterTaxAllowed = plan.afterTax.allowed;
  const goalAfterTax = s.goal?.afterTax ?? "max";
  const afterTaxTotal =
    afterTaxAllowed === "no"
      ? ZERO
      : goalAfterTax === "max"
        ? room.afterTaxRoom
        : minCents(money(goalAfterTax), room.afterTaxRoom);
  if (afterTaxAllowed === "no" && room.afterTaxRoom > 0) {
    warnings.push({
      code: "after-tax-not-allowed",
      message: `the plan takes no after-tax contributions: ${formatUsd(room.afterTaxRoom)} of 415(c) room stays unused`,
    });
  }

  const dates = figure("returnDueDates", year);
  const extended = business === "partnership" ? dates.partnershipExtended : dates.individualExtended;
  const unextended = business === "partnership" ? dates.partnership : dates.individual;
  const returnName = business === "partnership" ? "Form 1065" : "Form 1040";
  // The figure's own sources are in `returnDueDates`; a deposit names the rule and the return's section.
  const dueCitation = business === "partnership" ? "IRC §6072(b), §6081(a)" : "IRC §6072(a), §6081(a)";
  const deferralTotal = deferrals;
  const deposits: Deposit[] = [];
  if (deferralTotal > 0) {
    deposits.push({
      kind: "deferral-election",
      label: "Elect the deferrals in writing (the cash-or-deferred election)",
      amount: deferralTotal,
      dueDate: `${year}-12-31`,
      dueWithoutExtension: null,
      // An owner's compensation is treated as currently available on the last day of the year.
      citation: "Treas. Reg. §1.401(k)-1(a)(6)(iii)",
    });
  }
  if (afterTaxTotal > 0) {
    deposits.push({
      kind: "after-tax",
      label: "Deposit the after-tax contributions",
      amount: afterTaxTotal,
      dueDate: `${year + 1}-01-30`,
      dueWithoutExtension: null,
      // Employee contributions count for a limitation year only if made within 30 days after it ends.
      citation: "Treas. Reg. §1.415(c)-1(b)(6)(i)(B)",
    });
  }
  if (deferralTotal > 0) {
    deposits.push({
      kind: "deferrals",
      label: `Deposit the deferrals (by the ${returnName} due date, with extensions)`,
      amount: deferralTotal,
      dueDate: extended,
      dueWithoutExtension: unextended,
      citation: `IRC §404(a)(6); Treas. Reg. §1.415(c)-1(b)(6)(i)(A); ${dueCitation}`,
    });
  }
  if (room.employerNonelective > 0) {
    deposits.push({
      kind: "employer-nonelective",
      label: `Deposit the employer contribution (by the ${returnName} due date, with extensions)`,
      amount: room.employerNonelective,
      dueDate: extended,
      dueWithoutExtension: unextended,
      citation: `IRC §404(a)(6); Treas. Reg. §1.415(c)-1(b)(6)(i)(A); Pub 560; ${dueCitation}`,
    });
  }
  deposits.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));

  const eligibility = planEligibility({
    afterTax: afterTaxAllowed,
    inPlanRothConversion: plan.inPlanRothConversion ?? "unknown",
    inServiceWithdrawal: plan.inServiceWithdrawal ?? "unknown",
    automaticConversion: plan.automaticConversion ?? "unknown",
    // An owner has no payroll: nothing to stop, and no match period.
    payrollStopsAfterTaxAt415c: "no",
    payrollStopsDeferralsAt402g: "no",
    matchPeriod: "annual-true-up",
    roth: plan.roth ?? "unknown",
  });
  const steps: Step[] = [
    ...room.steps,
    step("After-tax contributions planned", afterTaxTotal, "IRC §415(c)(1)"),
    ...deposits.map((d) => step(`${d.label}: by ${d.dueDate}`, d.amount, d.citation)),
  ];
  const annualAdditions = cents(room.annualAdditions - room.afterTaxRoom + afterTaxTotal);
  return {
    year,
    business,
    eligibility,
    netProfit,
    selfEmploymentTax: room.selfEmployment.selfEmploymentTax,
    compensation: room.compensation,
    deferralTotal,
    catchUpTotal: room.catchUpContributed,
    employerNonelective: room.employerNonelective,
    afterTaxRoom: room.afterTaxRoom,
    afterTaxTotal,
    annualAdditions,
    annualAdditionsLimit: room.annualAdditionsLimit,
    deposits,
    room,
    warnings: [...warnings, ...room.warnings],
    steps,
  };
}
