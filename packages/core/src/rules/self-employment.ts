import { citeFigure, figure } from "../data/figures.js";
import { type Step, step } from "./explain.js";
import {
  type Cents,
  cents,
  formatUsd,
  minCents,
  nonNegative,
  sub,
  wholeDollars,
  ZERO,
} from "./money/cents.js";
import { type BasisPoints, formatPercent, percentOf } from "./money/percent.js";
import { formatRational, rational } from "./money/rational.js";
import { divideRounded } from "./money/rounding.js";

/**
 * A self-employed owner's plan compensation — earned income, IRC §401(c)(2) — and the employer (nonelective)
 * contribution the plan's rate gives, solved exactly: Schedule SE, then Pub 560's Deduction Worksheet for
 * Self-Employed.
 *
 * Rounding (one rule, stated once): every Schedule SE line and every worksheet amount is an amount written on
 * a form, so each is rounded to the cent, half-up, before the next line uses it (the IRS rule for amounts on
 * returns and schedules: "drop amounts under 50 cents and increase amounts from 50 to 99 cents" — megaroth
 * applies it at the cent, as the form allows cents). In particular line 13, the deduction for one-half of SE
 * tax that Schedule 1 line 15 carries, is rounded before Pub 560 worksheet step 2 subtracts it from net profit.
 * The employer contribution uses the exact reduced rate r ÷ (1 + r) (Pub 560's Rate Worksheet asks for "at
 * least 3 decimal places"; the exact ratio is the limit of that, and its six-place table rounding — 0.090909
 * for 10% — would fall up to cents short of the plan's rate), times net earnings, rounded half-up to the cent:
 * the result is the plan's rate of the resulting compensation to within a cent.
 *
 * @example profit 200,000 (2026), no W-2 wages, 25%: SE tax 28,234.30, half 14,117.15, net earnings
 * 185,882.85, employer 20% × 185,882.85 = 37,176.57, compensation 148,706.28.
 */

/** Schedule SE (Form 1040) Part I, the lines a Schedule C or partnership owner fills (no farm, church or optional method). */
export interface ScheduleSELines {
  /** Line 3 (= line 2): net profit from Schedule C line 31 or Schedule K-1 (Form 1065) box 14 code A. */
  readonly line3: Cents;
  /** Line 4a: line 3 × 92.35% (line 3 when not more than zero). */
  readonly line4a: Cents;
  /** Line 6 (= line 4c): net earnings from self-employment; under $400 there is no SE tax. */
  readonly line6: Cents;
  /** Line 7: maximum earnings subject to social security tax (the wage base). */
  readonly line7: Cents;
  /** Line 8d: W-2 social security wages and tips (line 8a). */
  readonly line8d: Cents;
  /** Line 9: line 7 − line 8d, not less than zero. */
  readonly line9: Cents;
  /** Line 10: the smaller of line 6 or line 9 × 12.4%. */
  readonly line10: Cents;
  /** Line 11: line 6 × 2.9%. */
  readonly line11: Cents;
  /** Line 12: self-employment tax (line 10 + line 11). */
  readonly line12: Cents;
  /** Line 13: deduction for one-half of self-employment tax (line 12 × 50%), to Schedule 1 line 15. */
  readonly line13: Cents;
}

export interface ScheduleSEInput {
  readonly year: number;
  /** Net profit: Schedule C line 31 or K-1 box 14 code A (0 or more). */
  readonly netProfit: Cents;
  /** Social security wages from W-2 jobs this year (box 3 + box 7): they use up the wage base first. */
  readonly w2SocialSecurityWages: Cents;
}

function requireNonNegative(name: string, amount: Cents): void {
  if (amount < 0) throw new RangeError(`${name} must not be negative`);
}

/** Schedule SE Part I line by line, each line rounded half-up to the cent. IRC §1401, §1402. */
export function scheduleSE(input: ScheduleSEInput): { lines: ScheduleSELines; steps: Step[] } {
  const { year } = input;
  requireNonNegative("netProfit", input.netProfit);
  requireNonNegative("w2SocialSecurityWages", input.w2SocialSecurityWages);
  const rates = figure("selfEmploymentTaxRates", year);
  const line3 = input.netProfit;
  // IRC §1402(a)(12): net earnings are reduced by 7.65% (the deduction in lieu of §164(f)) — line 4a.
  const line4a = line3 > 0 ? percentOf(line3, rates.netEarningsFactor as BasisPoints, "half-up") : line3;
  const line6 = line4a;
  const line7 = wholeDollars(figure("socialSecurityWageBase", year));
  const line8d = input.w2SocialSecurityWages;
  // IRC §1402(b)(1): the OASDI part applies to net earnings up to the wage base less wages already taxed.
  const line9 = nonNegative(sub(line7, line8d));
  // IRC §1402(b)(2): under $400 of net earnings there is no self-employment income (Schedule SE line 4c).
  const taxed = line6 >= wholeDollars(rates.minimumNetEarnings);
  const line10 = taxed
    ? percentOf(minCents(line6, line9), rates.socialSecurity as BasisPoints, "half-up")
    : ZERO;
  const line11 = taxed ? percentOf(line6, rates.medicare as BasisPoints, "half-up") : ZERO;
  const line12 = cents(line10 + line11);
  // IRC §164(f): one-half of the SE tax is deductible; Schedule SE line 13, rounded half-up to the cent.
  const line13 = percentOf(line12, 5_000 as BasisPoints, "half-up");
  const steps: Step[] = [
    step(
      "Net profit (Schedule SE line 3: Schedule C line 31 or K-1 box 14 code A)",
      line3,
      "Schedule SE line 2–3",
    ),
    step(
      `Net earnings from self-employment: line 3 × ${formatPercent(rates.netEarningsFactor as BasisPoints)} (Schedule SE line 4a)`,
      line4a,
      "IRC §1402(a)(12); Schedule SE (Form 1040) line 4a",
    ),
  ];
  if (!taxed) {
    steps.push(
      step(
        `Net earnings under ${formatUsd(wholeDollars(rates.minimumNetEarnings))}: no self-employment tax (Schedule SE line 4c)`,
        ZERO,
        "IRC §1402(b)(2)",
      ),
    );
  } else {
    if (line8d > 0) {
      steps.push(
        step("W-2 social security wages elsewhere (Schedule SE line 8a)", line8d, "IRC §1402(b)(1)"),
      );
    }
    steps.push(
      step(
        "Wage base left for the social security part (Schedule SE line 9 = line 7 − line 8d)",
        line9,
        `Schedule SE line 7, 9; ${citeFigure("socialSecurityWageBase", year)}`,
      ),
      step(
        `Social security part: ${formatPercent(rates.socialSecurity as BasisPoints)} of the smaller of line 6 or line 9 (Schedule SE line 10)`,
        line10,
        "IRC §1401(a); Schedule SE line 10",
      ),
      step(
        `Medicare part: ${formatPercent(rates.medicare as BasisPoints)} of line 6 (Schedule SE line 11)`,
        line11,
        "IRC §1401(b)(1); Schedule SE line 11",
      ),
    );
  }
  steps.push(
    step("Self-employment tax (Schedule SE line 12)", line12, "IRC §1401; Schedule SE line 12"),
    step(
      "Deduction for one-half of self-employment tax (Schedule SE line 13, Schedule 1 line 15)",
      line13,
      "IRC §164(f); Schedule SE line 13",
    ),
  );
  return {
    lines: { line3, line4a, line6, line7, line8d, line9, line10, line11, line12, line13 },
    steps,
  };
}

/** The reduced rate r ÷ (1 + r) as a percentage: "20%" for 25%, "9.0909…%" for 10% (Pub 560 Rate Table). */
function reducedRateText(bp: BasisPoints): string {
  const reduced = rational(BigInt(bp) * 100n, BigInt(10_000 + bp));
  const exact = reduced.denominator === 1n || 10_000n % reduced.denominator === 0n;
  return exact ? `${formatRational(reduced, 2).replace(/\.?0+$/, "")}%` : `${formatRational(reduced, 4)}…%`;
}

/** Which limit set the owner's employer contribution (Pub 560 Deduction Worksheet for Self-Employed). */
export type OwnerEmployerLimit =
  | "none"
  | "plan-rate"
  | "compensation-limit"
  | "annual-additions-dollar-limit"
  | "compensation-100-percent";

export interface OwnerCompensationInput extends ScheduleSEInput {
  /** The plan's nonelective rate as a % of compensation (0–25%, the §404(a)(3)(A) deduction limit). */
  readonly nonelectiveBp: BasisPoints;
  /** The owner's elective deferrals to this plan (pre-tax + Roth); within 402(g) they share 415(c) with the employer money. */
  readonly electiveDeferrals: Cents;
}

export interface OwnerCompensation {
  readonly scheduleSE: ScheduleSELines;
  /** Schedule SE line 12. */
  readonly selfEmploymentTax: Cents;
  /** Schedule SE line 13 (Schedule 1 line 15). */
  readonly halfSelfEmploymentTax: Cents;
  /** Pub 560 worksheet step 3: net profit − the deduction for one-half of SE tax. */
  readonly netEarnings: Cents;
  /** The employer (nonelective) contribution for the owner, on the owner's own plan compensation. */
  readonly employerNonelective: Cents;
  readonly employerLimitedBy: OwnerEmployerLimit;
  /** Earned income, IRC §401(c)(2): net earnings less the employer contribution — the owner's 415 compensation. */
  readonly compensation: Cents;
  readonly steps: readonly Step[];
}

/** The most a nonelective rate may be for an owner: 25% of compensation, the deduction limit of IRC §404(a)(3)(A). */
export const OWNER_MAX_NONELECTIVE_BP = 2_500 as BasisPoints;

/**
 * An owner's compensation and employer contribution: IRC §401(c)(2) earned income is net earnings from
 * self-employment after the §164(f) deduction and after the §404 deduction for the owner's own contribution,
 * so `employer = r × (netEarnings − employer)`, i.e. `employer = r ÷ (1 + r) × netEarnings` (Pub 560 Rate
 * Table for Self-Employed: 25% → 20%). The result is then held to the worksheet's limits: r × the 401(a)(17)
 * limit, the 415(c) dollar limit less deferrals, and 100% of compensation (employer + deferrals ≤ net
 * earnings − employer).
 */
export function ownerCompensation(input: OwnerCompensationInput): OwnerCompensation {
  const { year } = input;
  requireNonNegative("electiveDeferrals", input.electiveDeferrals);
  if (
    !Number.isInteger(input.nonelectiveBp) ||
    input.nonelectiveBp < 0 ||
    input.nonelectiveBp > OWNER_MAX_NONELECTIVE_BP
  ) {
    throw new RangeError(
      "a self-employed owner's nonelective rate must be 0–25% of compensation (IRC §404(a)(3)(A))",
    );
  }
  const se = scheduleSE(input);
  const steps: Step[] = [...se.steps];
  // Pub 560 Deduction Worksheet for Self-Employed, steps 1–3: net profit − deduction for one-half of SE tax.
  const netEarnings = nonNegative(sub(input.netProfit, se.lines.line13));
  steps.push(
    step(
      "Net earnings after the deduction for one-half of SE tax (net profit − Schedule SE line 13)",
      netEarnings,
      "IRC §401(c)(2)(A)(vi); Pub 560 Deduction Worksheet for Self-Employed, steps 1–3",
    ),
  );

  const bp = input.nonelectiveBp;
  let employer = ZERO;
  let limitedBy: OwnerEmployerLimit = "none";
  if (bp > 0) {
    // IRC §401(c)(2)(A)(v): earned income is after the owner's own §404 deduction: E = r × (N − E) ⇒ E = N × r/(1+r).
    const byRate = cents(
      Number(divideRounded(BigInt(netEarnings) * BigInt(bp), BigInt(10_000 + bp), "half-up")),
    );
    const rate = reducedRateText(bp);
    steps.push(
      step(
        `Employer contribution at the plan's rate: ${formatPercent(bp)} of compensation = ${rate} of net earnings`,
        byRate,
        "IRC §401(c)(2)(A)(v), §404(a)(8)(D); Pub 560 Rate Table for Self-Employed",
      ),
    );
    // IRC §401(a)(17): the rate applies to compensation up to the annual limit.
    const byCompLimit = percentOf(wholeDollars(figure("compensationLimit", year)), bp, "half-up");
    // IRC §415(c)(1)(A): employer money + deferrals within 402(g) within the dollar limit.
    const regularDeferrals = minCents(
      input.electiveDeferrals,
      wholeDollars(figure("electiveDeferralLimit", year)),
    );
    const byDollarLimit = nonNegative(
      sub(wholeDollars(figure("annualAdditionsLimit", year)), regularDeferrals),
    );
    // IRC §415(c)(1)(B): E + deferrals ≤ compensation = N − E ⇒ E ≤ (N − deferrals) ÷ 2, rounded down (never over).
    const byFullComp = nonNegative(
      cents(Number(divideRounded(BigInt(netEarnings - regularDeferrals), 2n, "down"))),
    );
    employer = byRate;
    limitedBy = "plan-rate";
    if (byCompLimit < employer) {
      employer = byCompLimit;
      limitedBy = "compensation-limit";
      steps.push(
        step(
          `Limited to ${formatPercent(bp)} of the compensation limit`,
          byCompLimit,
          citeFigure("compensationLimit", year),
        ),
      );
    }
    if (byDollarLimit < employer) {
      employer = byDollarLimit;
      limitedBy = "annual-additions-dollar-limit";
      steps.push(
        step(
          "Limited to the 415(c) dollar limit less deferrals",
          byDollarLimit,
          citeFigure("annualAdditionsLimit", year),
        ),
      );
    }
    if (byFullComp < employer) {
      employer = byFullComp;
      limitedBy = "compensation-100-percent";
      steps.push(
        step(
          "Limited so deferrals + employer money stay within 100% of compensation: (net earnings − deferrals) ÷ 2",
          byFullComp,
          "IRC §415(c)(1)(B)",
        ),
      );
    }
  }
  const compensation = sub(netEarnings, employer);
  steps.push(
    step(
      "Compensation (earned income) = net earnings − employer contribution",
      compensation,
      "IRC §401(c)(2), §415(c)(3)(B)",
    ),
  );
  return {
    scheduleSE: se.lines,
    selfEmploymentTax: se.lines.line12,
    halfSelfEmploymentTax: se.lines.line13,
    netEarnings,
    employerNonelective: employer,
    employerLimitedBy: limitedBy,
    compensation,
    steps,
  };
}

/**
 * The income behind an owner's marginal rate: net profit less the deduction for one-half of SE tax (Schedule SE
 * line 13, Schedule 1 line 15), plus W-2 wages elsewhere. The qualified business income deduction (IRC §199A) is
 * not modelled: callers say so.
 * @example 2026, profit 200,000, no wages → 185,882.85
 */
export function ownerIncomeForRates(
  year: number,
  netProfit: Cents,
  w2Wages: Cents,
): { income: Cents; fromBusiness: Cents; steps: Step[] } {
  const se = scheduleSE({ year, netProfit, w2SocialSecurityWages: w2Wages });
  const fromBusiness = nonNegative(sub(netProfit, se.lines.line13));
  const steps: Step[] = [
    step(
      "income from the business: net profit − deduction for one-half of SE tax (Schedule SE line 13)",
      fromBusiness,
      "IRC §164(f); Schedule 1 line 15",
    ),
  ];
  if (w2Wages > 0)
    steps.push(step("plus W-2 wages elsewhere (deferrals not subtracted)", w2Wages, "Form W-2"));
  return { income: cents(fromBusiness + w2Wages), fromBusiness, steps };
}

/** What an owner's rate leaves out, in words (for every face that derives an owner's rate). */
export const QBI_NOT_MODELLED =
  "the rate now ignores the qualified business income deduction (IRC §199A): a pre-tax contribution also lowers qualified business income, so the saving may be up to a fifth smaller; give the rate now to set it";
