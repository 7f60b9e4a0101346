/**
 * Eligibility first: from what the plan offers (each feature "yes", "no" or "unknown"), which routes to Roth
 * for after-tax money are open, which are closed and why, and the exact questions to ask the plan
 * administrator for every unknown.
 */
export type Feature = "yes" | "no" | "unknown";

export interface PlanFeatures {
  readonly afterTax: Feature;
  readonly inPlanRothConversion: Feature;
  readonly inServiceWithdrawal: Feature;
  readonly automaticConversion: Feature;
  readonly payrollStopsAfterTaxAt415c: Feature;
  readonly payrollStopsDeferralsAt402g: Feature;
  readonly matchPeriod: "per-paycheck" | "annual-true-up" | "unknown";
  readonly roth: Feature;
}

export type RouteStatus = "open" | "closed" | "unknown";

export interface Route {
  readonly route: "in-plan-roth-conversion" | "in-service-withdrawal-to-roth-ira" | "automatic-conversion";
  readonly status: RouteStatus;
  readonly reason: string;
}

export interface Eligibility {
  readonly afterTaxAllowed: Feature;
  readonly routes: readonly Route[];
  readonly questions: readonly string[];
  /** One sentence for a person: can they do a mega backdoor Roth in this plan? */
  readonly answer: string;
}

const QUESTIONS: Readonly<Record<keyof PlanFeatures, string>> = {
  afterTax:
    "Does the plan accept after-tax (non-Roth) employee contributions, and what is the most I may elect (% of pay or dollars)?",
  inPlanRothConversion:
    "Does the plan allow in-plan Roth rollovers (conversions) of my after-tax contributions while I am still employed, and how often may I request one?",
  inServiceWithdrawal:
    "Does the plan allow in-service withdrawals of the after-tax source (with its earnings) so that I can roll it to a Roth IRA, and how often?",
  automaticConversion: "Does the plan offer automatic conversion of each new after-tax contribution to Roth?",
  payrollStopsAfterTaxAt415c:
    "Does payroll stop my after-tax contributions automatically when my annual additions reach the §415(c) limit?",
  payrollStopsDeferralsAt402g:
    "Does payroll stop my pre-tax/Roth deferrals automatically at the §402(g) limit (plus catch-up)?",
  matchPeriod:
    "Is the employer match calculated each pay period, and is there a year-end true-up of the match?",
  roth: "Does the plan offer Roth (designated Roth) deferrals?",
};

// Notice 2014-54 (rollover of after-tax money to a Roth IRA); IRC §402A(c)(4) (in-plan Roth rollover).
function route(afterTax: Feature, feature: Feature, name: Route["route"], what: string): Route {
  if (afterTax === "no")
    return { route: name, status: "closed", reason: "the plan takes no after-tax contributions" };
  if (feature === "no") return { route: name, status: "closed", reason: `the plan does not offer ${what}` };
  if (afterTax === "unknown" || feature === "unknown") {
    return { route: name, status: "unknown", reason: `ask the plan administrator whether it offers ${what}` };
  }
  return { route: name, status: "open", reason: `the plan offers after-tax contributions and ${what}` };
}

export function planEligibility(features: PlanFeatures): Eligibility {
  const { afterTax } = features;
  const routes: Route[] = [
    route(
      afterTax,
      features.automaticConversion,
      "automatic-conversion",
      "automatic conversion of after-tax contributions to Roth",
    ),
    route(
      afterTax,
      features.inPlanRothConversion,
      "in-plan-roth-conversion",
      "in-plan Roth conversions (IRC §402A(c)(4))",
    ),
    route(
      afterTax,
      features.inServiceWithdrawal,
      "in-service-withdrawal-to-roth-ira",
      "in-service withdrawals of after-tax money (Notice 2014-54)",
    ),
  ];
  const questions = (Object.keys(QUESTIONS) as (keyof PlanFeatures)[])
    .filter(
      (key) =>
        features[key] === "unknown" && !(afterTax === "no" && key !== "afterTax" && isAfterTaxOnly(key)),
    )
    .map((key) => QUESTIONS[key]);
  const open = routes.filter((r) => r.status === "open");
  const answer =
    afterTax === "no"
      ? "This plan does not accept after-tax contributions, so there is no mega backdoor Roth in it: the plan below covers deferrals and the match only."
      : open.length > 0
        ? `Mega backdoor Roth is open through ${open.map((r) => r.route).join(", ")}.`
        : routes.some((r) => r.status === "unknown")
          ? "After-tax contributions may be possible; confirm the open questions with the plan administrator before electing them."
          : "The plan takes after-tax contributions but offers no route to Roth while employed: after-tax money stays in the plan and its earnings are taxable when withdrawn.";
  return { afterTaxAllowed: afterTax, routes, questions, answer };
}

function isAfterTaxOnly(key: keyof PlanFeatures): boolean {
  return [
    "inPlanRothConversion",
    "inServiceWithdrawal",
    "automaticConversion",
    "payrollStopsAfterTaxAt415c",
  ].includes(key);
}
