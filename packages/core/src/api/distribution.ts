import * as v from "valibot";
import type { RolloverDestination } from "../rules/form-1099r.js";
import { cents, formatUsd } from "../rules/money/cents.js";
import { allocateDistribution, type DistributionAllocation } from "../rules/notice-2014-54.js";
import {
  age,
  amount,
  bool,
  type Checked,
  checkInput,
  choice,
  InputError,
  input,
  NONE,
  optionalAmount,
  type Shape,
  STEPS,
  toChecked,
} from "./check.js";
import type { Money } from "./money.js";

const DESTINATIONS = [
  "traditional-ira",
  "roth-ira",
  "in-plan-roth",
] as const satisfies readonly RolloverDestination[];

const SplitArgs = input({
  pretax: amount,
  afterTax: amount,
  distribution: amount,
  toTraditionalIra: optionalAmount,
  toRothIra: optionalAmount,
  toInPlanRoth: optionalAmount,
  cash: optionalAmount,
  age,
  exceptionTo72t: v.optional(bool),
  pretaxOrder: v.optional(v.array(choice(DESTINATIONS))),
  separateContract: v.optional(bool),
  rollover60DayTraditionalIra: optionalAmount,
  rollover60DayRothIra: optionalAmount,
});

/** What {@link splitDistribution} takes (as `megaroth split`). */
export interface SplitArgs {
  /** Pretax money in the account the distribution comes from (employer money, earnings). */
  readonly pretax: Money;
  /** After-tax contributions (basis) in that account. */
  readonly afterTax: Money;
  /** The amount distributed. */
  readonly distribution: Money;
  /** Direct rollovers; what is not routed anywhere is not allowed (the routes must add up to the distribution). */
  readonly toTraditionalIra?: Money;
  readonly toRothIra?: Money;
  readonly toInPlanRoth?: Money;
  /** Paid to the participant. */
  readonly cash?: Money;
  /** Age on the distribution date (59.5 = 59½): under 59½ the 10% additional tax applies to the cash's pretax part. */
  readonly age: number;
  /** An exception to the 10% additional tax applies (IRC §72(t)(2)). */
  readonly exceptionTo72t?: boolean;
  /** Which direct rollovers take the pretax money first (default traditional IRA, Roth IRA, in-plan Roth). */
  readonly pretaxOrder?: readonly RolloverDestination[];
  /** The account is the after-tax subaccount as a separate contract (after-tax = contributions, pretax = earnings). */
  readonly separateContract?: boolean;
  /** Cash rolled over within 60 days (IRC §402(c)(3)). */
  readonly rollover60DayTraditionalIra?: Money;
  readonly rollover60DayRothIra?: Money;
}

const SHARE = { pretax: "money", afterTax: "money" } as const;
const SPLIT: Shape<DistributionAllocation> = {
  pretaxInDistribution: "money",
  afterTaxInDistribution: "money",
  traditionalIra: SHARE,
  rothIra: SHARE,
  inPlanRoth: SHARE,
  cash: SHARE,
  sixtyDayTraditionalIra: SHARE,
  sixtyDayRothIra: SHARE,
  cashKept: SHARE,
  taxableAmount: "money",
  nontaxableAmount: "money",
  additionalTax10Pct: "money",
  mandatoryWithholding: "money",
  traditionalIraBasisCreated: "money",
  forms1099R: { box1: "money", box2a: "money", box4: "money", box5: "money", box10: "money" },
  steps: STEPS,
};

/** What {@link splitDistribution} returns. */
export type SplitReport = Checked<DistributionAllocation>;

/**
 * One plan distribution allocated under IRC §72, §402(c)(2) and Notice 2014-54: pretax and after-tax per
 * destination (pretax to the direct rollovers first), the taxable amount, the 10% additional tax, mandatory
 * withholding and a Form 1099-R per destination.
 */
export function splitDistribution(args: SplitArgs): SplitReport {
  const a = checkInput("splitDistribution", SplitArgs, args);
  const fn = "splitDistribution";
  const routed = (a.toTraditionalIra ?? 0) + (a.toRothIra ?? 0) + (a.toInPlanRoth ?? 0) + (a.cash ?? 0);
  const balance = a.pretax + a.afterTax;
  if (a.distribution > balance)
    throw new InputError(fn, [
      {
        path: "distribution",
        message: `${formatUsd(a.distribution)} is more than the account (pretax + afterTax = ${formatUsd(cents(balance))})`,
      },
    ]);
  if (routed !== a.distribution)
    throw new InputError(fn, [
      {
        path: "toTraditionalIra/toRothIra/toInPlanRoth/cash",
        message: `add up to ${formatUsd(cents(routed))}, not the distribution ${formatUsd(a.distribution)}`,
      },
    ]);
  const sixtyDay = (a.rollover60DayTraditionalIra ?? 0) + (a.rollover60DayRothIra ?? 0);
  if (sixtyDay > (a.cash ?? 0))
    throw new InputError(fn, [
      {
        path: "rollover60DayTraditionalIra/rollover60DayRothIra",
        message: `${formatUsd(cents(sixtyDay))} rolled over is more than the cash`,
      },
    ]);
  const account = { pretax: a.pretax, afterTax: a.afterTax };
  const result = allocateDistribution({
    account,
    distribution: a.distribution,
    routing: {
      traditionalIra: a.toTraditionalIra ?? NONE,
      rothIra: a.toRothIra ?? NONE,
      inPlanRoth: a.toInPlanRoth ?? NONE,
      cash: a.cash ?? NONE,
    },
    ageAtDistribution: a.age,
    exceptionTo72t: a.exceptionTo72t ?? false,
    ...(a.pretaxOrder && { pretaxOrder: a.pretaxOrder }),
    separateContract: a.separateContract ?? false,
    sixtyDayRollovers: {
      traditionalIra: a.rollover60DayTraditionalIra ?? NONE,
      rothIra: a.rollover60DayRothIra ?? NONE,
    },
  });
  return toChecked(result, SPLIT);
}
