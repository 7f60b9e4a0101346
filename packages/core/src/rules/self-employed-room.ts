import { type AfterTaxCap, contributionRoom, type RoomResult } from "./contribution-room.js";
import type { Warning } from "./explain.js";
import { type Cents, cents, formatUsd, sum } from "./money/cents.js";
import type { BasisPoints } from "./money/percent.js";
import { type OwnerCompensation, ownerCompensation } from "./self-employment.js";

/** A self-employed owner's year in their own plan (solo 401(k), or a partner in the partnership's plan). */
export interface SelfEmployedRoomInput {
  readonly year: number;
  readonly ageAtYearEnd: number;
  /** Net profit: Schedule C line 31, or Schedule K-1 (Form 1065) box 14 code A. */
  readonly netProfit: Cents;
  /** Social security wages from W-2 jobs this year (box 3 + box 7): the SE tax's social security part stops at the wage base less these. */
  readonly w2WagesElsewhere: Cents;
  /** Pre-tax + Roth deferrals to the owner's plan; above 402(g) they count as catch-up where eligible. */
  readonly electiveDeferrals: Cents;
  /** The plan's nonelective (profit-sharing) rate, % of compensation, 0–25%. */
  readonly nonelectiveBp: BasisPoints;
  readonly afterTaxCap: AfterTaxCap | null;
  readonly planOffersRoth: boolean;
  /** Elective deferrals at other employers' plans this year (402(g) and the catch-up are the person's). */
  readonly otherEmployerDeferrals: Cents;
  /** Annual additions at a related employer's plan (one shared 415(c) limit). */
  readonly relatedEmployerAdditions: Cents;
  /** Of `otherEmployerDeferrals`, those at a related employer: they count in this employer's own 402(g) limit (IRC §401(a)(30)). */
  readonly relatedEmployerDeferrals?: Cents;
}

export interface SelfEmployedRoomResult extends RoomResult {
  /** The owner's compensation (earned income, IRC §401(c)(2)), derived from net profit. */
  readonly compensation: Cents;
  readonly selfEmployment: OwnerCompensation;
}

/**
 * After-tax room for a self-employed owner: compensation is earned income (IRC §401(c)(2), `ownerCompensation`),
 * then the same 415(c)/402(g)/catch-up rules as for an employee (`contributionRoom`). An owner has no FICA wages
 * from the business, so the Roth catch-up rule of IRC §414(v)(7) does not reach them, and no payroll: the cash
 * check is that contributions and SE tax fit in the net profit.
 * @example 2026, age 45, profit 200,000, deferrals 24,500, 25% → employer 37,176.57, after-tax room 10,323.43
 */
export function selfEmployedRoom(input: SelfEmployedRoomInput): SelfEmployedRoomResult {
  const owner = ownerCompensation({
    year: input.year,
    netProfit: input.netProfit,
    w2SocialSecurityWages: input.w2WagesElsewhere,
    nonelectiveBp: input.nonelectiveBp,
    electiveDeferrals: input.electiveDeferrals,
  });
  const room = contributionRoom({
    year: input.year,
    ageAtYearEnd: input.ageAtYearEnd,
    compensation: owner.compensation,
    electiveDeferrals: input.electiveDeferrals,
    match: [],
    nonelectiveBp: input.nonelectiveBp,
    employerNonelectiveGiven: owner.employerNonelective,
    afterTaxCap: input.afterTaxCap,
    // IRC §414(v)(7) keys on FICA wages from the sponsoring employer: self-employment income is not FICA wages.
    priorYearFicaWages: null,
    planOffersRoth: input.planOffersRoth,
    otherEmployerDeferrals: input.otherEmployerDeferrals,
    relatedEmployerAdditions: input.relatedEmployerAdditions,
    ...(input.relatedEmployerDeferrals === undefined
      ? {}
      : { relatedEmployerDeferrals: input.relatedEmployerDeferrals }),
  });
  // An owner is not on payroll: the employee-FICA check does not apply; the money must come out of the profit.
  const warnings: Warning[] = room.warnings.filter((w) => w.code !== "payroll-feasibility");
  const outOfProfit = sum([
    input.electiveDeferrals,
    room.afterTaxRoom,
    owner.employerNonelective,
    owner.selfEmploymentTax,
  ]);
  if (outOfProfit > input.netProfit) {
    warnings.push({
      code: "owner-cash",
      message: `deferrals ${formatUsd(input.electiveDeferrals)} + after-tax ${formatUsd(room.afterTaxRoom)} + employer ${formatUsd(owner.employerNonelective)} + SE tax ${formatUsd(owner.selfEmploymentTax)} = ${formatUsd(outOfProfit)} exceeds the net profit ${formatUsd(input.netProfit)}: the business cannot fund all of the room`,
    });
  }
  return {
    ...room,
    // For an owner the FICA-on-pay figure is the SE tax: what comes out of net earnings besides contributions.
    employeeContribsPlusFica: cents(outOfProfit - owner.employerNonelective),
    compensation: owner.compensation,
    selfEmployment: owner,
    warnings,
    steps: [...owner.steps, ...room.steps],
  };
}
