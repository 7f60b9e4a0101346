import { describe, expect, it } from "vitest";
import { type PlanFeatures, planEligibility } from "../../packages/core/src/rules/paycheck-plan/index.js";

const known: PlanFeatures = {
  afterTax: "yes",
  inPlanRothConversion: "yes",
  inServiceWithdrawal: "no",
  automaticConversion: "yes",
  payrollStopsAfterTaxAt415c: "yes",
  payrollStopsDeferralsAt402g: "yes",
  matchPeriod: "per-paycheck",
  roth: "yes",
};

describe("eligibility", () => {
  it("opens the routes the plan offers and asks nothing when everything is known", () => {
    const e = planEligibility(known);
    expect(e.routes.map((r) => [r.route, r.status])).toEqual([
      ["automatic-conversion", "open"],
      ["in-plan-roth-conversion", "open"],
      ["in-service-withdrawal-to-roth-ira", "closed"],
    ]);
    expect(e.questions).toEqual([]);
    expect(e.answer).toBe(
      "Mega backdoor Roth is open through automatic-conversion, in-plan-roth-conversion.",
    );
  });

  it("after-tax money with no route to Roth while employed is said plainly", () => {
    const e = planEligibility({ ...known, inPlanRothConversion: "no", automaticConversion: "no" });
    expect(e.routes.every((r) => r.status === "closed")).toBe(true);
    expect(e.answer).toMatch(/no route to Roth while employed/);
  });

  it("a plan without after-tax contributions closes every route and asks no after-tax questions", () => {
    const e = planEligibility({
      ...known,
      afterTax: "no",
      inPlanRothConversion: "unknown",
      payrollStopsAfterTaxAt415c: "unknown",
      matchPeriod: "unknown",
    });
    expect(e.routes.map((r) => r.reason)).toEqual(Array(3).fill("the plan takes no after-tax contributions"));
    // The match question still matters for deferrals; the after-tax ones do not.
    expect(e.questions).toEqual([
      "Is the employer match calculated each pay period, and is there a year-end true-up of the match?",
    ]);
    expect(e.answer).toMatch(/does not accept after-tax contributions/);
  });

  it("an unknown after-tax option leaves the offered routes unknown and asks about it first", () => {
    const e = planEligibility({ ...known, afterTax: "unknown" });
    // A route the plan is known not to offer stays closed; the others wait on the answer.
    expect(e.routes.map((r) => r.status)).toEqual(["unknown", "unknown", "closed"]);
    expect(e.questions[0]).toMatch(/after-tax \(non-Roth\) employee contributions/);
  });
});
