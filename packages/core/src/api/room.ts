import * as v from "valibot";
import {
  type AfterTaxCap,
  type RoomInput,
  type RoomResult,
  contributionRoom as roomRule,
} from "../rules/contribution-room.js";
import { type MatchTier, parseMatchFormula } from "../rules/match-formula.js";
import type { Cents } from "../rules/money/cents.js";
import { basisPoints } from "../rules/money/percent.js";
import {
  age,
  amount,
  bool,
  type Checked,
  checkInput,
  input,
  NONE,
  optionalAmount,
  rate,
  type Shape,
  STEPS,
  toChecked,
  year,
} from "./check.js";
import { describeValue, isMoney, type Money } from "./money.js";

/** An employer match formula as text, `"100%@3%,50%@2%"` (stacked tiers: rate @ share of pay). */
export const matchFormula = v.pipe(
  v.string((i) => `expected a match formula such as "100%@3%,50%@2%", got ${typeof i.input}`),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    try {
      return parseMatchFormula(dataset.value) as MatchTier[];
    } catch (e) {
      addIssue({ message: (e as Error).message });
      return NEVER;
    }
  }),
);

/** @internal A plan's after-tax cap: a percentage or Money. */
export const afterTaxCap = v.union(
  [
    v.pipe(
      amount,
      v.transform((c): AfterTaxCap => ({ kind: "dollars", amount: c })),
    ),
    v.pipe(
      rate,
      v.transform((bp): AfterTaxCap => ({ kind: "percent", bp })),
    ),
  ],
  (i) =>
    `expected a percentage ("10%") or dollars(…), got ${isMoney(i.input) ? "negative money" : describeValue(i.input)}`,
);

const RoomArgs = input({
  year,
  /** Age on December 31 of the year. */
  age,
  compensation: amount,
  deferrals: amount,
  match: v.optional(matchFormula),
  matchCatchUp: v.optional(bool),
  employerMatch: v.optional(amount),
  nonelective: v.optional(rate),
  employerNonelective: v.optional(amount),
  afterTaxCap: v.optional(afterTaxCap),
  priorYearFicaWages: v.optional(v.nullable(amount)),
  planOffersRoth: v.optional(bool),
  otherEmployerDeferrals: optionalAmount,
  relatedEmployerAdditions: optionalAmount,
});

/** What {@link contributionRoom} takes: money as {@link Money} (`dollars(…)` / `cents(…)`), rates as `"6%"`. */
export interface RoomArgs {
  readonly year: number;
  /** Age on December 31 of the year (catch-up eligibility). */
  readonly age: number;
  /** 415 compensation for the year (gross pay, before deferrals). */
  readonly compensation: Money;
  /** Pre-tax + Roth deferrals to this plan; above 402(g) they count as catch-up where eligible. */
  readonly deferrals: Money;
  /** Employer match tiers, `"100%@3%,50%@2%"`; default none. */
  readonly match?: string;
  /** The plan also matches catch-up contributions (default: it does not). */
  readonly matchCatchUp?: boolean;
  /** The year's match as reported by payroll; used instead of `match` when given. */
  readonly employerMatch?: Money;
  /** Employer nonelective contribution as a share of pay, `"3%"`; default none. */
  readonly nonelective?: string;
  /** The year's nonelective contribution worked out elsewhere (e.g. a self-employed owner's); used instead of `nonelective`. */
  readonly employerNonelective?: Money;
  /** The plan's cap on after-tax contributions: `"10%"` of pay or dollars(…). */
  readonly afterTaxCap?: string | Money;
  /** Prior-year W-2 box 3 wages from this employer (Roth catch-up rule); null or absent for a new hire. */
  readonly priorYearFicaWages?: Money | null;
  /** The plan has a Roth deferral option (default true). */
  readonly planOffersRoth?: boolean;
  /** Deferrals at other employers' plans this year (402(g) is per person). */
  readonly otherEmployerDeferrals?: Money;
  /** Annual additions at a related employer's plan (one shared 415(c) limit). */
  readonly relatedEmployerAdditions?: Money;
}

/** @internal */
export const ROOM_SHAPE: Shape<RoomResult> = {
  afterTaxRoom: "money",
  afterTaxRoom415: "money",
  limit415cDollar: "money",
  annualAdditionsLimit: "money",
  electiveDeferralLimit: "money",
  compensationForEmployerContribs: "money",
  employerMatch: "money",
  employerNonelective: "money",
  regularDeferrals: "money",
  catchUpLimit: "money",
  catchUpContributed: "money",
  excessDeferral: "money",
  excessDeferralThisPlan: "money",
  annualAdditions: "money",
  excessOver415: "money",
  totalAllSources: "money",
  employeeContribsPlusFica: "money",
  steps: STEPS,
};

/** The result of {@link contributionRoom}: every amount as {@link Money}, with the steps and warnings. */
export type RoomReport = Checked<RoomResult>;

/**
 * After-tax (mega backdoor) room for one person in one plan year, and everything that fills 415(c): the limits
 * that bind, the match, catch-ups (and whether they must be Roth), excess deferrals, with each step cited.
 * @example
 * contributionRoom({ year: 2026, age: 55, compensation: dollars(300000), deferrals: dollars(32500),
 *   match: "100%@3%,50%@2%", priorYearFicaWages: dollars(200000) }).afterTaxRoom.toString() // "$35,500.00"
 */
export function contributionRoom(args: RoomArgs): RoomReport {
  return toChecked(roomRule(roomInput("contributionRoom", args)), ROOM_SHAPE);
}

/** @internal The typed rule's input from checked arguments. */
export function roomInput(fn: string, args: RoomArgs): RoomInput {
  const a = checkInput(fn, RoomArgs, args);
  return {
    year: a.year,
    ageAtYearEnd: a.age,
    compensation: a.compensation,
    electiveDeferrals: a.deferrals,
    match: a.match ?? [],
    matchOnCatchUp: a.matchCatchUp ?? false,
    ...(a.employerMatch !== undefined && { employerMatchGiven: a.employerMatch }),
    nonelectiveBp: a.nonelective ?? basisPoints(0),
    ...(a.employerNonelective !== undefined && { employerNonelectiveGiven: a.employerNonelective }),
    afterTaxCap: a.afterTaxCap ?? null,
    priorYearFicaWages: (a.priorYearFicaWages ?? null) as Cents | null,
    planOffersRoth: a.planOffersRoth ?? true,
    otherEmployerDeferrals: a.otherEmployerDeferrals ?? NONE,
    relatedEmployerAdditions: a.relatedEmployerAdditions ?? NONE,
  };
}
