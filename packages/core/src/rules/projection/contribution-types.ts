import { citeFigure, figure } from "../../data/figures.js";
import { catchUpLimitFor } from "../catch-up.js";
import type { Warning } from "../explain.js";
import { add, type Cents, wholeDollars } from "../money/cents.js";
import type { Feature, PlanFeatures } from "../paycheck-plan/eligibility.js";
import { STRATEGIES, type StrategyName } from "./strategies.js";

/** The plan features that decide which contribution types a person can use. */
export type ContributionPlanFeatures = Pick<
  PlanFeatures,
  "roth" | "afterTax" | "inPlanRothConversion" | "inServiceWithdrawal" | "automaticConversion"
>;

export interface ContributionTypeRow {
  readonly name: StrategyName;
  readonly taxDeductionNow: boolean;
  readonly taxFreeGrowth: "tax-free" | "tax-deferred" | "tax-free after conversion" | "taxed yearly";
  readonly taxFreeWithdrawals: "yes" | "no" | "basis only" | "basis only; gains at capital-gains rates";
  /** The dollar limit for the year and age; null where no contribution limit applies. */
  readonly limit: Cents | null;
  readonly limitRule: string;
  readonly limitCitation: string;
  /** Whether the person's plan allows it ("yes" for a taxable account, which needs no plan). */
  readonly planAllows: Feature;
}

export interface ContributionTypeTable {
  readonly year: number;
  readonly ageAtYearEnd: number;
  readonly rows: readonly ContributionTypeRow[];
  readonly warnings: readonly Warning[];
}

/**
 * The comparison of contribution types for a person's year and age: the tax treatment of each, the dollar
 * limit that applies this year (published figures only), and whether their plan allows it.
 */
export function contributionTypeTable(
  year: number,
  ageAtYearEnd: number,
  plan: ContributionPlanFeatures,
): ContributionTypeTable {
  const catchUp = catchUpLimitFor(year, ageAtYearEnd);
  const deferralBase = wholeDollars(figure("electiveDeferralLimit", year));
  const deferralLimit = add(deferralBase, catchUp.limit);
  const deferralCitation = `${citeFigure("electiveDeferralLimit", year)}${catchUp.limit > 0 ? `; ${catchUp.step.citation}` : ""}`;
  const deferralRule =
    catchUp.limit > 0
      ? "elective deferrals, pre-tax and Roth together, including the catch-up for the age"
      : "elective deferrals, pre-tax and Roth together";
  const annualAdditions = wholeDollars(figure("annualAdditionsLimit", year));
  const additionsRule =
    "all additions (deferrals except catch-ups, employer contributions, after-tax) up to the lesser of this and 100% of pay, less the others";
  const additionsCitation = citeFigure("annualAdditionsLimit", year);

  const rows: Record<StrategyName, ContributionTypeRow> = {
    "pre-tax": {
      name: "pre-tax",
      taxDeductionNow: true,
      taxFreeGrowth: "tax-deferred",
      taxFreeWithdrawals: "no",
      limit: deferralLimit,
      limitRule: deferralRule,
      limitCitation: deferralCitation,
      planAllows: "yes",
    },
    roth: {
      name: "roth",
      taxDeductionNow: false,
      taxFreeGrowth: "tax-free",
      taxFreeWithdrawals: "yes",
      limit: deferralLimit,
      limitRule: deferralRule,
      limitCitation: `${deferralCitation}; IRC §402A(c)(2)`,
      planAllows: plan.roth,
    },
    "after-tax": {
      name: "after-tax",
      taxDeductionNow: false,
      taxFreeGrowth: "tax-deferred",
      taxFreeWithdrawals: "basis only",
      limit: annualAdditions,
      limitRule: additionsRule,
      limitCitation: additionsCitation,
      planAllows: plan.afterTax,
    },
    "after-tax-converted": {
      name: "after-tax-converted",
      taxDeductionNow: false,
      taxFreeGrowth: "tax-free after conversion",
      taxFreeWithdrawals: "yes",
      limit: annualAdditions,
      limitRule: `${additionsRule}; earnings before conversion are taxed`,
      limitCitation: `${additionsCitation}; IRC §402A(c)(4); Notice 2014-54`,
      planAllows: conversionAllowed(plan),
    },
    taxable: {
      name: "taxable",
      taxDeductionNow: false,
      taxFreeGrowth: "taxed yearly",
      taxFreeWithdrawals: "basis only; gains at capital-gains rates",
      limit: null,
      limitRule: "no contribution limit",
      limitCitation: "IRC §1(h); IRC §1012",
      planAllows: "yes",
    },
  };
  const warnings: Warning[] = [];
  if (catchUp.limit > 0 && year >= 2026) {
    warnings.push({
      code: "roth-catch-up",
      message: `from ${year}, catch-ups must be Roth if last year's FICA wages from this employer exceeded the threshold (IRC §414(v)(7)); see \`megaroth room\``,
    });
  }
  return { year, ageAtYearEnd, rows: STRATEGIES.map((name) => rows[name]), warnings };
}

/** After-tax money reaches Roth by an (automatic) in-plan conversion or an in-service withdrawal to a Roth IRA. */
function conversionAllowed(plan: ContributionPlanFeatures): Feature {
  if (plan.afterTax === "no") return "no";
  const route = [plan.automaticConversion, plan.inPlanRothConversion, plan.inServiceWithdrawal];
  if (route.includes("yes")) return plan.afterTax;
  return route.every((r) => r === "no") ? "no" : "unknown";
}
