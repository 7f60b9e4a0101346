import * as v from "valibot";
import { type AcpResult, acpTestOf, FIRST_PLAN_YEAR_NHCE_ACP, type RefundOrder } from "../rules/acp-test.js";
import { rational } from "../rules/money/rational.js";
import {
  amount,
  bool,
  type Checked,
  checkInput,
  choice,
  InputError,
  input,
  money,
  NONE,
  optionalAmount,
  rate,
  type Shape,
  STEPS,
  toChecked,
  year,
} from "./check.js";
import type { Money } from "./money.js";

const Participant = input({
  id: v.pipe(v.string("expected an id (text)"), v.minLength(1, "must not be empty")),
  compensation: amount,
  priorYearCompensation: amount,
  fivePercentOwner: v.optional(bool),
  match: optionalAmount,
  afterTax: optionalAmount,
  acpIncome: v.optional(v.nullable(money)),
  acpBalanceStart: v.optional(v.nullable(amount)),
});

const AcpArgs = input({
  year,
  participants: v.array(Participant, "expected an array of participants"),
  priorYearNhceAcp: v.optional(rate),
  firstPlanYear: v.optional(bool),
  refundOrder: v.optional(choice<RefundOrder>(["after-tax-first", "match-first"])),
  safeHarborMatch: v.optional(bool),
});

/** One eligible employee for {@link acpTest} (the columns of docs/participant-csv.md). */
export interface AcpParticipantArgs {
  readonly id: string;
  /** Testing compensation for the year (IRC §414(s)), before the §401(a)(17) cap. */
  readonly compensation: Money;
  /** Compensation in the look-back year, for HCE status (IRC §414(q)(1)(B)). */
  readonly priorYearCompensation: Money;
  readonly fivePercentOwner?: boolean;
  /** Matching contributions for the year; default none. */
  readonly match?: Money;
  /** After-tax contributions for the year; default none. */
  readonly afterTax?: Money;
  /** Income (negative for a loss) on the match and after-tax accounts for the year, for the refunds' earnings. */
  readonly acpIncome?: Money | null;
  /** Balance of those accounts at the start of the year. */
  readonly acpBalanceStart?: Money | null;
}

/** What {@link acpTest} takes. Current-year testing unless `priorYearNhceAcp` or `firstPlanYear` is given. */
export interface AcpArgs {
  readonly year: number;
  readonly participants: readonly AcpParticipantArgs[];
  /** Prior-year testing against last year's NHCE ACP, `"3.4%"`. */
  readonly priorYearNhceAcp?: string;
  /** Prior-year testing in the plan's first year: 3% is the NHCE ACP (IRC §401(m)(3)). */
  readonly firstPlanYear?: boolean;
  /** Which source an HCE's excess comes from first (the plan document decides); default after-tax first. */
  readonly refundOrder?: RefundOrder;
  /**
   * The plan's match is a safe-harbor match (IRC §401(m)(11)): it is left out of the test and after-tax
   * contributions are tested alone (Treas. Reg. §1.401(m)-2(a)(5)(iv)); default false.
   */
  readonly safeHarborMatch?: boolean;
}

const ACP: Shape<AcpResult> = {
  hceThreshold: "money",
  compensationLimit: "money",
  leveling: { reduction: "money" },
  totalExcess: "money",
  refunds: {
    contributions: "money",
    excess: "money",
    afterTax: "money",
    match: "money",
    earnings: "money",
    amount: "money",
    taxable: "money",
    basis: "money",
  },
  steps: STEPS,
};

/** What {@link acpTest} returns; the ACPs are exact fractions of basis points (`{ numerator, denominator }` bigints). */
export type AcpReport = Checked<AcpResult>;

/**
 * The ACP test of IRC §401(m)(2) on the plan's participants: HCE status, each ACR, the group ACPs, pass or fail,
 * the §401(m)(6) correction (level the highest ratios, then refund by dollar amount) and the highest uniform
 * after-tax election every HCE could make and still pass.
 */
export function acpTest(args: AcpArgs): AcpReport {
  const fn = "acpTest";
  const a = checkInput(fn, AcpArgs, args);
  if (a.firstPlanYear && a.priorYearNhceAcp !== undefined)
    throw new InputError(fn, [
      { path: "firstPlanYear", message: "not with priorYearNhceAcp (the first plan year uses 3%)" },
    ]);
  const priorYearNhceAcp = a.firstPlanYear
    ? FIRST_PLAN_YEAR_NHCE_ACP
    : a.priorYearNhceAcp === undefined
      ? null
      : rational(a.priorYearNhceAcp, 1);
  const participants = a.participants.map((p) => ({
    id: p.id,
    compensation: p.compensation,
    priorYearCompensation: p.priorYearCompensation,
    fivePercentOwner: p.fivePercentOwner ?? false,
    match: p.match ?? NONE,
    afterTax: p.afterTax ?? NONE,
    acpIncome: p.acpIncome ?? null,
    acpBalanceStart: p.acpBalanceStart ?? null,
  }));
  return toChecked(
    acpTestOf(a.year, participants, {
      priorYearNhceAcp,
      refundOrder: a.refundOrder ?? "after-tax-first",
      safeHarborMatch: a.safeHarborMatch ?? false,
    }),
    ACP,
  );
}
