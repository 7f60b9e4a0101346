import { describe, expect, it } from "vitest";
import { dollarsToCents } from "../../packages/core/src/rules/money/cents.js";
import { PLAN_TOTALS_COVER, planPaychecks } from "../../packages/core/src/rules/paycheck-plan/index.js";
import { parseScenario } from "../../packages/core/src/rules/scenario.js";

/** Issue #11 §6(b): a mid-year re-plan names what each total covers. */
const $ = dollarsToCents;

describe("mid-year re-plan totals", () => {
  it("says which totals cover the rest of the year and which the whole year", () => {
    // 2026, 260,000 biweekly = 26 × 10,000; 13 paid with 12,000 deferred, 3,900 matched, 10,000 after-tax.
    // Match 50% of deferrals up to 6% per paycheck: 300 a paycheck; 13 × 300 = 3,900 left, 7,800 for the year.
    // Deferrals left to 402(g): 24,500 − 12,000 = 12,500. After-tax room for the year: 72,000 − 24,500 − 7,800
    // = 39,700, of which 10,000 is paid: 29,700 over paychecks 14–26.
    const parsed = parseScenario({
      year: 2026,
      ageAtYearEnd: 40,
      pay: { salary: 260_000, frequency: "biweekly" },
      plan: {
        match: [{ rate: 50, upTo: 6 }],
        matchPeriod: "per-paycheck",
        afterTax: { allowed: "yes" },
        payrollStopsAfterTaxAt415c: "yes",
        payrollStopsDeferralsAt402g: "yes",
      },
      ytd: { paychecksPaid: 13, deferrals: 12_000, match: 3_900, afterTax: 10_000 },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const p = planPaychecks(parsed.scenario);
    expect(p.totals.yearToDate).toEqual({
      paychecks: 13,
      gross: $(130_000),
      deferrals: $(12_000),
      catchUp: 0,
      afterTax: $(10_000),
      match: $(3_900),
      nonelective: 0,
    });
    expect(p.totals.restOfYear).toMatchObject({
      paychecks: 13,
      deferrals: $(12_500),
      afterTax: $(29_700),
      match: $(3_900),
    });
    expect(p.totals.year).toMatchObject({
      paychecks: 26,
      gross: $(260_000),
      deferrals: $(24_500),
      afterTax: $(39_700),
      match: $(7_800),
    });
    // The existing names keep their meaning, now documented: deferralTotal is the rest of the year, the match the year.
    expect(p.deferralTotal).toBe(p.totals.restOfYear.deferrals);
    expect(PLAN_TOTALS_COVER.deferralTotal).toBe("rest-of-year");
    expect(p.employerMatch).toBe(p.totals.year.match);
    expect(PLAN_TOTALS_COVER.employerMatch).toBe("year");
    expect(p.afterTaxTotal).toBe(p.totals.restOfYear.afterTax);
    expect(p.afterTaxRoom).toBe($(39_700));
  });
});
