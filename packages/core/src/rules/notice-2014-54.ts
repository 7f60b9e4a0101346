import { type Step, step, type Warning } from "./explain.js";
import {
  cashDistributionCode,
  type Form1099R,
  form1099RForCash,
  form1099RForDirectRollover,
  type RolloverDestination,
} from "./form-1099r.js";
import { type Cents, cents, formatUsd, minCents, sum, ZERO } from "./money/cents.js";
import { basisPoints, percentOf } from "./money/percent.js";
import { divideRounded } from "./money/rounding.js";

/**
 * The allocation of one distribution from a plan account among its destinations (IRC §72, §402(c)(2),
 * Notice 2014-54): how much pretax and after-tax money each destination receives, what is taxable, the
 * 10% additional tax, the 20% withholding and the Form 1099-R for each destination.
 */

/**
 * The non-Roth money in the account the distribution comes from: the whole account, or the after-tax
 * subaccount as a separate contract (after-tax = contributions, pretax = their earnings).
 */
export interface PlanAccount {
  readonly pretax: Cents;
  readonly afterTax: Cents;
}

/** How the distribution is paid out; amounts not given are zero. */
export interface DistributionRouting {
  readonly traditionalIra?: Cents;
  readonly rothIra?: Cents;
  readonly inPlanRoth?: Cents;
  readonly cash?: Cents;
}

export interface DistributionInput {
  readonly account: PlanAccount;
  readonly distribution: Cents;
  readonly routing: DistributionRouting;
  /** Age on the distribution date in years; 59.5 means 59½ attained. */
  readonly ageAtDistribution: number;
  /** An exception to the 10% additional tax applies (e.g. separation from service in or after the year of age 55). */
  readonly exceptionTo72t: boolean;
  /**
   * The participant's choice of which direct rollovers take the pretax money first. Defaults to the
   * traditional IRA first, which is the choice that leaves nothing taxable when it is large enough.
   */
  readonly pretaxOrder?: readonly RolloverDestination[];
  /** The account is the after-tax subaccount treated as a separate contract (depends on the plan). */
  readonly separateContract?: boolean;
  /** Parts of the cash the participant rolls over within 60 days (IRC §402(c)(3)). */
  readonly sixtyDayRollovers?: { readonly traditionalIra?: Cents; readonly rothIra?: Cents };
}

export interface DestinationShare {
  readonly pretax: Cents;
  readonly afterTax: Cents;
}

export interface DistributionAllocation {
  readonly pretaxInDistribution: Cents;
  readonly afterTaxInDistribution: Cents;
  readonly traditionalIra: DestinationShare;
  readonly rothIra: DestinationShare;
  readonly inPlanRoth: DestinationShare;
  /** Everything paid to the participant (what the plan's 1099-R and withholding see). */
  readonly cash: DestinationShare;
  /** The cash rolled over within 60 days, pretax first (traditional IRA before Roth IRA), and the cash kept. */
  readonly sixtyDayTraditionalIra: DestinationShare;
  readonly sixtyDayRothIra: DestinationShare;
  readonly cashKept: DestinationShare;
  readonly taxableAmount: Cents;
  readonly nontaxableAmount: Cents;
  readonly additionalTax10Pct: Cents;
  readonly mandatoryWithholding: Cents;
  /** After-tax money rolled (directly or within 60 days) to a traditional IRA: basis for Form 8606 line 2. */
  readonly traditionalIraBasisCreated: Cents;
  readonly forms1099R: readonly Form1099R[];
  readonly steps: readonly Step[];
  readonly warnings: readonly Warning[];
}

const TEN_PERCENT = basisPoints(1000);
const TWENTY_PERCENT = basisPoints(2000);
const WITHHOLDING_FLOOR: Cents = cents(20_000);

export const DEFAULT_PRETAX_ORDER: readonly RolloverDestination[] = [
  "traditional-ira",
  "roth-ira",
  "in-plan-roth",
];

/** The after-tax subaccount as a separate contract: contributions are basis, their earnings are pretax. */
// IRC §72(d)(2); PLR 200243054
export function afterTaxSubaccount(contributions: Cents, earnings: Cents): PlanAccount {
  return { pretax: earnings, afterTax: contributions };
}

/**
 * The pretax part of a partial distribution: distribution × pretax / balance, rounded half-up to the
 * cent (the rest is after-tax). A distribution of the whole account carries the whole of each.
 * @example pretaxInDistribution({ pretax: 8_000_000, afterTax: 2_000_000 }, 5_000_000) → 4_000_000
 */
// IRC §72(e)(8) pro-rata recovery of basis
export function pretaxInDistribution(account: PlanAccount, distribution: Cents): Cents {
  const balance = account.pretax + account.afterTax;
  if (distribution === balance) return account.pretax;
  return cents(
    Number(divideRounded(BigInt(distribution) * BigInt(account.pretax), BigInt(balance), "half-up")),
  );
}

function checkInput(input: DistributionInput): void {
  const { account, distribution, routing } = input;
  const routes = [routing.traditionalIra, routing.rothIra, routing.inPlanRoth, routing.cash].map(
    (a) => a ?? ZERO,
  );
  if ([account.pretax, account.afterTax, distribution, ...routes].some((a) => a < 0)) {
    throw new RangeError("amounts must be 0 or more");
  }
  if (distribution > account.pretax + account.afterTax) {
    throw new RangeError(
      `distribution ${formatUsd(distribution)} is more than the account's ${formatUsd(cents(account.pretax + account.afterTax))}`,
    );
  }
  const sixtyDay = [
    input.sixtyDayRollovers?.traditionalIra ?? ZERO,
    input.sixtyDayRollovers?.rothIra ?? ZERO,
  ];
  if (sixtyDay.some((a) => a < 0)) throw new RangeError("amounts must be 0 or more");
  if (sum(sixtyDay) > (routing.cash ?? ZERO)) {
    throw new RangeError(
      `60-day rollovers of ${formatUsd(sum(sixtyDay))} are more than the ${formatUsd(routing.cash ?? ZERO)} paid in cash`,
    );
  }
  const routed = sum(routes);
  if (routed !== distribution) {
    throw new RangeError(
      `the destinations add up to ${formatUsd(routed)} but the distribution is ${formatUsd(distribution)}`,
    );
  }
}

/**
 * Pretax money goes to the direct rollovers first, in the participant's chosen order; if it is more than
 * all of them, the rest is paid in cash.
 */
// IRC §402(c)(2); Notice 2014-54
function allocatePretax(
  pretax: Cents,
  routing: DistributionRouting,
  order: readonly RolloverDestination[],
): Record<RolloverDestination | "cash", Cents> {
  const amountTo: Record<RolloverDestination, Cents> = {
    "traditional-ira": routing.traditionalIra ?? ZERO,
    "roth-ira": routing.rothIra ?? ZERO,
    "in-plan-roth": routing.inPlanRoth ?? ZERO,
  };
  const result = { "traditional-ira": ZERO, "roth-ira": ZERO, "in-plan-roth": ZERO, cash: ZERO };
  let remaining = pretax;
  for (const destination of order) {
    const take = minCents(remaining, amountTo[destination]);
    result[destination] = take;
    remaining = cents(remaining - take);
  }
  result.cash = remaining;
  return result;
}

function share(amount: Cents | undefined, pretax: Cents): DestinationShare {
  return { pretax, afterTax: cents((amount ?? ZERO) - pretax) };
}

/** Allocates one distribution among its destinations (Notice 2014-54) and reports tax, 10%, withholding and 1099-Rs. */
export function allocateDistribution(input: DistributionInput): DistributionAllocation {
  checkInput(input);
  const { account, distribution, routing } = input;
  const order = input.pretaxOrder ?? DEFAULT_PRETAX_ORDER;
  if (new Set(order).size !== 3)
    throw new RangeError("pretaxOrder must name each direct rollover destination once");
  const pretax = pretaxInDistribution(account, distribution);
  const afterTax = cents(distribution - pretax);
  const pretaxTo = allocatePretax(pretax, routing, order);
  const traditionalIra = share(routing.traditionalIra, pretaxTo["traditional-ira"]);
  const rothIra = share(routing.rothIra, pretaxTo["roth-ira"]);
  const inPlanRoth = share(routing.inPlanRoth, pretaxTo["in-plan-roth"]);
  const cash = share(routing.cash, pretaxTo.cash);
  // Notice 2014-54: pretax in the cash goes first to the amounts rolled over within 60 days.
  const toTraditional = input.sixtyDayRollovers?.traditionalIra ?? ZERO;
  const toRoth = input.sixtyDayRollovers?.rothIra ?? ZERO;
  const sixtyDayTraditionalIra = share(toTraditional, minCents(cash.pretax, toTraditional));
  const sixtyDayRothIra = share(toRoth, minCents(cents(cash.pretax - sixtyDayTraditionalIra.pretax), toRoth));
  const cashKept: DestinationShare = {
    pretax: cents(cash.pretax - sixtyDayTraditionalIra.pretax - sixtyDayRothIra.pretax),
    afterTax: cents(cash.afterTax - sixtyDayTraditionalIra.afterTax - sixtyDayRothIra.afterTax),
  };

  const taxableAmount = cents(rothIra.pretax + inPlanRoth.pretax + sixtyDayRothIra.pretax + cashKept.pretax);
  const under59AndAHalf = input.ageAtDistribution < 59.5;
  // IRC §72(t)(1): 10% of the part includible in income; conversions are exempt (§408A(d)(3)(A)(ii), §402A(c)(4)(A))
  const additionalTax10Pct =
    under59AndAHalf && !input.exceptionTo72t ? percentOf(cashKept.pretax, TEN_PERCENT, "half-up") : ZERO;
  // IRC §3405(c)(1): 20% of the taxable part of an eligible rollover distribution not directly rolled over;
  // none is required when the year's eligible rollover distributions are under $200 (Treas. Reg. §31.3405(c)-1, Q&A-14)
  const mandatoryWithholding =
    distribution < WITHHOLDING_FLOOR ? ZERO : percentOf(cash.pretax, TWENTY_PERCENT, "half-up");

  const forms1099R: Form1099R[] = [];
  const destinations = [
    ["traditional-ira", traditionalIra],
    ["roth-ira", rothIra],
    ["in-plan-roth", inPlanRoth],
  ] as const;
  for (const [destination, s] of destinations) {
    if (s.pretax + s.afterTax > 0)
      forms1099R.push(form1099RForDirectRollover(destination, s.pretax, s.afterTax));
  }
  if (cash.pretax + cash.afterTax > 0) {
    const code = cashDistributionCode(under59AndAHalf, input.exceptionTo72t);
    forms1099R.push(form1099RForCash(cash.pretax, cash.afterTax, mandatoryWithholding, code));
  }

  const steps: Step[] = [
    step("Pretax money in the distribution (pro rata)", pretax, "IRC §72(e)(8)"),
    step("After-tax money (basis) in the distribution", afterTax, "IRC §72(e)(8)"),
    step(
      "Pretax to the traditional IRA (direct rollovers take pretax first)",
      traditionalIra.pretax,
      "Notice 2014-54",
    ),
    step("Pretax to the Roth IRA: a taxable conversion", rothIra.pretax, "Notice 2014-54; IRC §408A(d)(3)"),
    step(
      "Pretax to the designated Roth account: a taxable in-plan Roth rollover",
      inPlanRoth.pretax,
      "IRC §402A(c)(4)",
    ),
    step("Pretax paid in cash", cash.pretax, "IRC §402(c)(2); Notice 2014-54"),
    step(
      "Pretax rolled over within 60 days to a traditional IRA",
      sixtyDayTraditionalIra.pretax,
      "IRC §402(c)(3); Notice 2014-54",
    ),
    step(
      "Pretax rolled over within 60 days to a Roth IRA: a taxable conversion",
      sixtyDayRothIra.pretax,
      "IRC §408A(d)(3); Notice 2014-54",
    ),
    step("Taxable amount", taxableAmount, "IRC §72; §402(c)"),
    step("10% additional tax on the taxable cash kept", additionalTax10Pct, "IRC §72(t)"),
    step(
      "20% mandatory withholding on the taxable cash (none under $200, taking this as the year's only distribution)",
      mandatoryWithholding,
      "IRC §3405(c); Treas. Reg. §31.3405(c)-1 Q&A-14",
    ),
  ];
  return {
    pretaxInDistribution: pretax,
    afterTaxInDistribution: afterTax,
    traditionalIra,
    rothIra,
    inPlanRoth,
    cash,
    sixtyDayTraditionalIra,
    sixtyDayRothIra,
    cashKept,
    taxableAmount,
    nontaxableAmount: cents(distribution - taxableAmount),
    additionalTax10Pct,
    mandatoryWithholding,
    traditionalIraBasisCreated: cents(traditionalIra.afterTax + sixtyDayTraditionalIra.afterTax),
    forms1099R,
    steps,
    warnings: allocationWarnings(input, {
      traditionalIra,
      rothIra,
      inPlanRoth,
      cash,
      cashKept,
      additionalTax10Pct,
      mandatoryWithholding,
    }),
  };
}

function allocationWarnings(
  input: DistributionInput,
  a: Pick<
    DistributionAllocation,
    | "traditionalIra"
    | "rothIra"
    | "inPlanRoth"
    | "cash"
    | "cashKept"
    | "additionalTax10Pct"
    | "mandatoryWithholding"
  >,
): Warning[] {
  const warnings: Warning[] = [];
  const pretaxToRoth = cents(a.rothIra.pretax + a.inPlanRoth.pretax);
  if (pretaxToRoth > 0 && a.cash.afterTax > 0) {
    warnings.push({
      code: "NOTICE_2014_54_TRAP",
      message:
        `Notice 2014-54 puts pretax money into the direct rollovers first: ${formatUsd(pretaxToRoth)} of earnings ` +
        `lands in Roth as a taxable conversion while the ${formatUsd(a.cash.afterTax)} paid in cash is after-tax. ` +
        `To pay no tax, roll ${formatUsd(pretaxToRoth)} directly to a traditional IRA instead of taking cash.`,
    });
  }
  if (a.additionalTax10Pct > 0) {
    warnings.push({
      code: "EARLY_DISTRIBUTION_10PCT",
      message:
        `${formatUsd(a.cashKept.pretax)} of pretax money kept in cash before 59½ is taxable plus a 10% additional tax of ` +
        `${formatUsd(a.additionalTax10Pct)} (IRC §72(t)); a rollover of it to a traditional IRA within 60 days avoids both.`,
    });
  }
  if (a.mandatoryWithholding > 0) {
    warnings.push({
      code: "MANDATORY_WITHHOLDING",
      message:
        `The plan must withhold 20% of the taxable cash, ${formatUsd(a.mandatoryWithholding)} (IRC §3405(c)); ` +
        "to roll the whole taxable amount over within 60 days you must replace the withheld amount from other money.",
    });
  }
  if (a.traditionalIra.pretax + a.traditionalIra.afterTax > 0) {
    warnings.push({
      code: "TRADITIONAL_IRA_BALANCE",
      message:
        `${formatUsd(cents(a.traditionalIra.pretax + a.traditionalIra.afterTax))} goes to a traditional IRA: any traditional ` +
        "IRA balance on December 31 makes a backdoor Roth conversion that year partly taxable (Form 8606 line 6).",
    });
  }
  if (a.traditionalIra.afterTax > 0) {
    warnings.push({
      code: "TRADITIONAL_IRA_BASIS",
      message:
        `${formatUsd(a.traditionalIra.afterTax)} of after-tax money goes to the traditional IRA as basis (Form 8606 line 2), ` +
        "where the IRA pro-rata rule applies; after-tax money does better rolled directly to a Roth IRA.",
    });
  }
  if (input.separateContract) {
    warnings.push({
      code: "SEPARATE_CONTRACT_DEPENDS_ON_PLAN",
      message:
        "The after-tax subaccount is treated as a separate contract (IRC §72(d)(2)) only if the plan accounts for it " +
        "separately and allows withdrawals from that source alone; otherwise the pro rata covers the whole non-Roth account.",
    });
  }
  return warnings;
}
