import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planPaychecks } from "../../packages/core/src/rules/paycheck-plan/index.js";
import { parseScenario } from "../../packages/core/src/rules/scenario.js";
import {
  contributionRoom,
  dollarsToCents,
  type MatchTier,
  percentToBasisPoints,
  ZERO,
} from "../../packages/core/src/typed.js";
import { runCliJson } from "../helpers/cli.js";
import { goldenCases } from "../helpers/golden.js";

/**
 * Issue #11 §1: catch-ups are decided plan by plan (Treas. Reg. §1.414(v)-1(a)(1), (b)(1)(i)); deferrals at an
 * unrelated employer count in the person's 402(g) + catch-up limit only (§1.402(g)-2(b)). The MULTI2 cases are
 * an independent reviewer's hand computations; MULTI-05 is the planner example.
 */
interface Multi2Inputs {
  year: number;
  ageAtYearEnd: number;
  compensationThisEmployer: number;
  deferralsThisPlan: number;
  deferralsUnrelatedEmployerPlans: number;
  match: { tiers: [number, number][] } | null;
  priorYearFicaWagesSameEmployer: number | null;
}
type Multi2Expected = Record<string, number>;

/** Stacked tiers given as [rate %, up to % of pay] cumulative → megaroth's tiers (each with its own width). */
function tiers(match: Multi2Inputs["match"]): MatchTier[] {
  let from = 0;
  return (match?.tiers ?? []).map(([rate, upTo]) => {
    const tier = { rateBp: percentToBasisPoints(rate), upToBp: percentToBasisPoints(upTo - from) };
    from = upTo;
    return tier;
  });
}

const $ = dollarsToCents;

describe("golden MULTI2 cases: two unrelated employers, catch-up plan by plan", () => {
  for (const c of goldenCases("MULTI2")) {
    it(`${c.id}: ${c.description}`, () => {
      const i = c.inputs as unknown as Multi2Inputs;
      const e = c.expected as Multi2Expected;
      const r = contributionRoom({
        year: i.year,
        ageAtYearEnd: i.ageAtYearEnd,
        compensation: $(i.compensationThisEmployer),
        electiveDeferrals: $(i.deferralsThisPlan),
        match: tiers(i.match),
        nonelectiveBp: percentToBasisPoints(0),
        afterTaxCap: null,
        priorYearFicaWages:
          i.priorYearFicaWagesSameEmployer === null ? null : $(i.priorYearFicaWagesSameEmployer),
        planOffersRoth: true,
        otherEmployerDeferrals: $(i.deferralsUnrelatedEmployerPlans),
        relatedEmployerAdditions: ZERO,
      });
      expect(r.electiveDeferralLimit).toBe($(e.limit402g!));
      expect(r.catchUpLimit).toBe($(e.catchUpLimit!));
      expect(r.regularDeferrals).toBe($(e.thisPlan_regularDeferrals!));
      expect(r.catchUpContributed).toBe($(e.thisPlan_catchUp!));
      expect(r.excessDeferralThisPlan).toBe($(e.thisPlan_excessOverPlanLimit!));
      expect(r.compensationForEmployerContribs).toBe($(e.compensationForEmployerContribs!));
      expect(r.employerMatch).toBe($(e.employerMatch!));
      expect(r.annualAdditionsLimit).toBe($(e.limit415cEffective!));
      expect(r.afterTaxRoom).toBe($(e.afterTaxRoom!));
      expect(r.annualAdditions).toBe($(e.annualAdditions415_thisEmployer!));
      expect(r.excessDeferral).toBe($(e.excessDeferral!));
      expect(r.electiveDeferralLimit + r.catchUpLimit).toBe($(e.individual402gLimitInclCatchUp!));
      const steps = r.steps.map((s) => s.label);
      expect(steps).toContain("Your deferrals at every employer");
      expect(r.steps.find((s) => s.label === "Your deferrals at every employer")?.amount).toBe(
        $(e.individualDeferralsAllPlans!),
      );
      const warning = r.warnings.find((w) => w.code === "other-employer-deferrals");
      expect(warning?.message).toContain("makes none of this plan's deferrals catch-ups");
      expect(r.warnings.some((w) => w.code === "excess-deferral")).toBe(e.excessDeferral! > 0);
    });
  }

  it("MULTI2-06: the excess deferral is the person's, to be distributed from a plan of their choice", () => {
    const c = goldenCases("MULTI2").find((x) => x.id === "MULTI2-06")!;
    const i = c.inputs as unknown as Multi2Inputs;
    const r = contributionRoom({
      year: i.year,
      ageAtYearEnd: i.ageAtYearEnd,
      compensation: $(i.compensationThisEmployer),
      electiveDeferrals: $(i.deferralsThisPlan),
      match: [],
      nonelectiveBp: percentToBasisPoints(0),
      afterTaxCap: null,
      priorYearFicaWages: null,
      planOffersRoth: true,
      otherEmployerDeferrals: $(i.deferralsUnrelatedEmployerPlans),
      relatedEmployerAdditions: ZERO,
    });
    expect(r.excessDeferralDeadline).toBe("2027-04-15");
    const message = r.warnings.find((w) => w.code === "excess-deferral")!.message;
    expect(message).toContain("$4,250.00");
    expect(message).toContain("you choose which plan distributes it");
    expect(message).toContain("Treas. Reg. §1.415(c)-1(b)(2)(ii)(D)");
  });

  it("a related employer still shares 415(c) (IRC §415(f), §415(h))", () => {
    // 2026, age 55, comp 200,000, 12,500 here + 20,000 at an unrelated employer, 10,000 of annual additions at a
    // related one: 72,000 − 12,500 − 10,000 = 49,500.
    const r = contributionRoom({
      year: 2026,
      ageAtYearEnd: 55,
      compensation: $(200_000),
      electiveDeferrals: $(12_500),
      match: [],
      nonelectiveBp: percentToBasisPoints(0),
      afterTaxCap: null,
      priorYearFicaWages: null,
      planOffersRoth: true,
      otherEmployerDeferrals: $(20_000),
      relatedEmployerAdditions: $(10_000),
    });
    expect(r.afterTaxRoom).toBe($(49_500));
  });
});

describe("a related employer is this employer for 402(g) at plan level and for catch-up", () => {
  it("its deferrals come first in this employer's own 402(g) limit, so this plan's deferrals above it are catch-ups", () => {
    // 2026, age 55, comp 200,000; 20,000 deferred at a related employer (same controlled group), which are also
    // its annual additions in the shared 415(c). IRC §401(a)(30) and Treas. Reg. §1.414(v)-1(f)(1) treat the
    // group's plans as one: 24,500 − 20,000 = 4,500 of this plan's 12,500 are regular, the other 8,000 catch-up
    // (outside 415(c), §414(v)(3)(A)). Room: 72,000 − 4,500 − 20,000 = 47,500 (an unrelated employer: 39,500).
    const input = {
      year: 2026,
      ageAtYearEnd: 55,
      compensation: $(200_000),
      electiveDeferrals: $(12_500),
      match: [],
      nonelectiveBp: percentToBasisPoints(0),
      afterTaxCap: null,
      priorYearFicaWages: null,
      planOffersRoth: true,
      otherEmployerDeferrals: $(20_000),
      relatedEmployerAdditions: $(20_000),
    };
    const related = contributionRoom({ ...input, relatedEmployerDeferrals: $(20_000) });
    expect(related.regularDeferrals).toBe($(4_500));
    expect(related.catchUpContributed).toBe($(8_000));
    expect(related.afterTaxRoom).toBe($(47_500));
    expect(related.excessDeferral).toBe(ZERO);
    const unrelated = contributionRoom(input);
    expect(unrelated.regularDeferrals).toBe($(12_500));
    expect(unrelated.afterTaxRoom).toBe($(39_500));
  });
});

describe("issue #11 §1 through the CLI and the planner", () => {
  it("megaroth room: 12,500 here + 20,000 at an unrelated employer at 55 → after-tax room 59,500", () => {
    const out = runCliJson<Record<string, unknown>>([
      "room",
      "--year",
      "2026",
      "--age",
      "55",
      "--compensation",
      "200000",
      "--deferrals",
      "12500",
      "--other-employer-deferrals",
      "20000",
    ]);
    expect(out).toMatchObject({
      afterTaxRoom: 59500,
      regularDeferrals: 12500,
      catchUpContributed: 0,
      excessDeferral: 0,
      excessDeferralThisPlan: 0,
      annualAdditions: 72000,
    });
    const codes = (out.warnings as { code: string }[]).map((w) => w.code);
    expect(codes).toContain("other-employer-deferrals");
  });

  it("MULTI-05: the planner schedules 72,000 − 20,500 − 7,600.02 = 43,899.98 of after-tax money", () => {
    const c = goldenCases("MULTI").find((x) => x.id === "MULTI-05")!;
    const e = c.expected as Record<string, number>;
    const parsed = parseScenario(JSON.parse(readFileSync("examples/mid-year-starter-bonus.json", "utf8")));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const p = planPaychecks(parsed.scenario);
    expect(p.paychecks.reduce((s, r) => s + r.gross, 0)).toBe($(e.compensation!));
    expect(p.paychecks.reduce((s, r) => s + r.deferral, 0)).toBe($(e.deferralTotal!));
    expect(p.catchUpTotal).toBe($(e.catchUpTotal!));
    expect(p.employerMatch).toBe($(e.employerMatch!));
    expect(p.afterTaxRoom).toBe($(e.afterTaxRoom!));
    expect(p.afterTaxTotal).toBe($(e.afterTaxTotal!));
    expect(p.annualAdditions).toBe($(e.annualAdditions!));
    expect(p.warnings.map((w) => w.code)).toContain("other-employer-deferrals");
    const out = runCliJson<Record<string, number>>(["plan", "examples/mid-year-starter-bonus.json"]);
    expect(out.afterTaxTotal).toBe(e.afterTaxTotal);
    expect(out.employerMatch).toBe(e.employerMatch);
  });
});
