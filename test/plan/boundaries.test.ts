import { describe, expect, it } from "vitest";
import { dollarsToCents } from "../../packages/core/src/rules/money/cents.js";
import {
  payDates,
  planPaychecks,
  salaryPaychecks,
} from "../../packages/core/src/rules/paycheck-plan/index.js";
import { parseScenario, type Scenario } from "../../packages/core/src/rules/scenario.js";

function scenario(value: Record<string, unknown>): Scenario {
  const parsed = parseScenario({
    year: 2025,
    ageAtYearEnd: 40,
    pay: { salary: 260000, frequency: "biweekly" },
    plan: { afterTax: { allowed: "yes" } },
    ...value,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("pay calendar", () => {
  it("has 26 biweekly paydays from the first Friday, 27 when the first payday is January 1", () => {
    expect(payDates(2025, "biweekly")).toHaveLength(26);
    expect(payDates(2025, "biweekly")[0]).toBe("2025-01-03");
    const dates = payDates(2026, "biweekly", "2026-01-01");
    expect(dates).toHaveLength(27);
    expect(dates.at(-1)).toBe("2026-12-31");
  });

  it("has 24 semi-monthly paydays on the 15th and the last day, including February 28", () => {
    const dates = payDates(2025, "semimonthly");
    expect(dates).toHaveLength(24);
    expect(dates.slice(2, 4)).toEqual(["2025-02-15", "2025-02-28"]);
  });

  it("splits the salary over the nominal periods to the cent; a 27th paycheck gets the base amount", () => {
    const checks = salaryPaychecks(2026, {
      salary: dollarsToCents(100000),
      frequency: "biweekly",
      firstPayDate: "2026-01-01",
      bonuses: [],
    });
    // 10,000,000¢ / 26 = 384,615 r 10: 10 paychecks of 3,846.16 and 16 of 3,846.15 add up to 100,000.00.
    expect(checks.slice(0, 26).map((c) => c.gross)).toEqual([
      ...Array(10).fill(384616),
      ...Array(16).fill(384615),
    ]);
    expect(checks[26]!.gross).toBe(384615);
  });
});

describe("paycheck plan boundaries", () => {
  it("first and last paycheck: the year-to-date on the last paycheck is the year's total", () => {
    const p = planPaychecks(
      scenario({
        plan: { afterTax: { allowed: "yes" }, electionIncrement: "dollars" },
        goal: { deferrals: 23500 },
      }),
    );
    const first = p.paychecks[0]!;
    const last = p.paychecks.at(-1)!;
    expect(first.ytdAfterTax).toBe(first.afterTax);
    expect(last.ytdAfterTax).toBe(p.afterTaxTotal);
    expect(last.ytdDeferral).toBe(dollarsToCents(23500));
    // 70,000 − 23,500 = 46,500 over 26: 4,650,000¢ / 26 = 178,846 r 4, so 1,788.47 × 4 then 1,788.46 × 22.
    expect(p.afterTaxTotal).toBe(dollarsToCents(46500));
    expect(first.afterTax - last.afterTax).toBe(1);
  });

  it("a 27-paycheck biweekly year spreads the room over 27 paychecks and counts the extra pay as compensation", () => {
    const p = planPaychecks(
      scenario({
        year: 2026,
        pay: { salary: 260000, frequency: "biweekly", firstPayDate: "2026-01-01" },
        plan: { afterTax: { allowed: "yes" }, payrollStopsAfterTaxAt415c: "no" },
        goal: { deferrals: 0 },
      }),
    );
    expect(p.paychecks).toHaveLength(27);
    expect(sum(p.paychecks.map((r) => r.gross))).toBe(dollarsToCents(270000));
    expect(p.afterTaxRoom).toBe(dollarsToCents(72000));
    // 26 paychecks at 27% = 70,200 and one at 18% = 1,800: exactly 72,000 with one change.
    expect(p.afterTaxTotal).toBe(dollarsToCents(72000));
    expect(p.electionChanges).toBe(1);
  });

  it("a mid-year start plans only the paychecks from the start date; 415(c) is 100% of that pay when lower, and net pay caps the elections", () => {
    const p = planPaychecks(
      scenario({
        pay: { salary: 130000, frequency: "semimonthly", startDate: "2025-10-01" },
        plan: { afterTax: { allowed: "yes" }, electionIncrement: "dollars" },
        goal: { deferrals: 0 },
      }),
    );
    expect(p.paychecks.map((r) => r.date)[0]).toBe("2025-10-15");
    expect(p.paychecks).toHaveLength(6);
    // Compensation 6 × 5,416.67 ≈ 32,500.00 < 70,000: the limit is 100% of compensation (IRC §415(c)(1)(B)).
    const pay = sum(p.paychecks.map((r) => r.gross));
    expect(p.annualAdditionsLimit).toBe(pay);
    // Payroll cannot withhold 100% of pay: employee FICA comes out first, so the after-tax stops short.
    expect(p.warnings.map((w) => w.code)).toContain("net-pay-limits-after-tax");
    for (const r of p.paychecks) expect(r.netPay).toBeGreaterThanOrEqual(0);
    expect(p.afterTaxTotal).toBeLessThan(p.afterTaxTarget);
  });

  it("a bonus paycheck with its own election: the bonus is paid on its date and counts as pay", () => {
    const p = planPaychecks(
      scenario({
        pay: { salary: 200000, frequency: "biweekly", bonuses: [{ date: "2025-03-14", amount: 30000 }] },
        plan: {
          match: [{ rate: 100, upTo: 4 }],
          matchPeriod: "per-paycheck",
          afterTax: { allowed: "yes" },
          separateBonusElection: true,
        },
        goal: { deferrals: 23500 },
      }),
    );
    const bonus = p.paychecks.find((r) => r.bonus)!;
    expect(bonus.date).toBe("2025-03-14");
    expect(bonus.gross).toBe(dollarsToCents(30000));
    expect(p.bonusElection).not.toBeNull();
    // The bonus keeps its full match (4% of 30,000 = 1,200) like every regular paycheck.
    expect(bonus.match).toBe(dollarsToCents(1200));
    expect(p.matchLost).toBe(0);
  });

  it("catch-up starts at 50 at year end (49 → none, 50 → $7,500 in 2025)", () => {
    const at = (age: number) =>
      planPaychecks(
        scenario({
          ageAtYearEnd: age,
          plan: { afterTax: { allowed: "no" }, payrollStopsDeferralsAt402g: "yes" },
        }),
      );
    expect(at(49).catchUpTotal).toBe(0);
    expect(at(49).deferralTotal).toBe(dollarsToCents(23500));
    expect(at(50).catchUpTotal).toBe(dollarsToCents(7500));
  });

  it("the ages 60–63 catch-up ends at 64 (63 → $11,250, 64 → $7,500 in 2025)", () => {
    const at = (age: number) =>
      planPaychecks(
        scenario({
          ageAtYearEnd: age,
          plan: { afterTax: { allowed: "no" }, payrollStopsDeferralsAt402g: "yes" },
        }),
      );
    expect(at(63).catchUpTotal).toBe(dollarsToCents(11250));
    expect(at(64).catchUpTotal).toBe(dollarsToCents(7500));
    // Catch-up is outside 415(c): the after-tax room is the same at 49 and 64.
    expect(at(64).afterTaxRoom).toBe(at(49).afterTaxRoom);
  });

  it("re-plans mid-year: room less what is already contributed, spread over the remaining paychecks", () => {
    const p = planPaychecks(
      scenario({
        plan: { afterTax: { allowed: "yes" }, electionIncrement: "dollars" },
        ytd: { paychecksPaid: 13, deferrals: 11750, afterTax: 20000 },
        goal: { deferrals: 23500 },
      }),
    );
    expect(p.paychecks).toHaveLength(13);
    expect(p.paychecks[0]!.n).toBe(14);
    // Room 70,000 − 23,500 = 46,500; 20,000 contributed; 2,650,000¢ / 13 = 203,846 r 2: 2,038.47 × 2 + 2,038.46 × 11.
    expect(p.afterTaxTarget).toBe(dollarsToCents(26500));
    expect(p.paychecks.map((r) => r.afterTax)).toEqual([...Array(2).fill(203847), ...Array(11).fill(203846)]);
    expect(p.paychecks.at(-1)!.ytdAfterTax).toBe(dollarsToCents(46500));
    expect(p.paychecks.at(-1)!.ytdDeferral).toBe(dollarsToCents(23500));
  });

  it("a percentage cap is an election limit: the highest election fills it, with payroll's rounding", () => {
    const p = planPaychecks(
      scenario({
        year: 2026,
        pay: { salary: 200000, frequency: "biweekly" },
        plan: { afterTax: { allowed: "yes", capPct: 15 }, payrollStopsDeferralsAt402g: "yes" },
      }),
    );
    // 15% of 7,692.31 (10 paychecks) and of 7,692.30 (16) is 1,153.85 each: 26 × 1,153.85 = 30,000.10.
    expect(p.afterTaxRoom).toBe(3_000_010);
    expect(p.afterTaxTotal).toBe(3_000_010);
    expect(p.elections.every((e) => e.afterTax.kind === "percent" && e.afterTax.bp === 1500)).toBe(true);
  });

  it("a re-plan after the last paycheck says there is nothing left to elect", () => {
    const p = planPaychecks(
      scenario({
        pay: { salary: 120000, frequency: "monthly" },
        ytd: { paychecksPaid: 12, deferrals: 23500, afterTax: 1000 },
      }),
    );
    expect(p.paychecks).toHaveLength(0);
    expect(p.elections).toHaveLength(0);
    expect(p.warnings.map((w) => w.code)).toEqual(["no-paychecks-left"]);
  });

  it("a plan without after-tax contributions gets a clear answer, and still a deferral schedule", () => {
    const p = planPaychecks(
      scenario({ plan: { afterTax: { allowed: "no" }, match: [{ rate: 50, upTo: 6 }] } }),
    );
    expect(p.eligibility.answer).toMatch(/does not accept after-tax contributions/);
    expect(p.eligibility.routes.every((r) => r.status === "closed")).toBe(true);
    expect(p.afterTaxTotal).toBe(0);
    expect(p.warnings.map((w) => w.code)).toContain("no-after-tax");
    expect(p.deferralTotal).toBe(dollarsToCents(23500));
  });

  it("asks the administrator one question per unknown feature", () => {
    const p = planPaychecks(scenario({ plan: { afterTax: { allowed: "unknown" } } }));
    expect(p.eligibility.questions.length).toBe(8);
    expect(p.eligibility.routes.every((r) => r.status === "unknown")).toBe(true);
  });

  it("401(a)(17) stops the match mid-year, and front-loading without a true-up is warned with its cost", () => {
    const p = planPaychecks(
      scenario({
        pay: { salary: 520000, frequency: "biweekly" },
        plan: { match: [{ rate: 100, upTo: 4 }], matchPeriod: "per-paycheck", afterTax: { allowed: "yes" } },
      }),
    );
    const codes = p.warnings.map((w) => w.code);
    expect(codes).toContain("compensation-limit-stops-match");
    // 350,000 / 20,000 = 17.5: paycheck 18 is partly matched, then nothing.
    expect(p.paychecks[17]!.match).toBe(dollarsToCents(400));
    expect(p.paychecks[18]!.match).toBe(0);
    expect(p.employerMatch).toBe(dollarsToCents(14000));
    expect(codes).toContain("front-loading-loses-match");
  });

  it("whole-% deferral elections that cannot reach the deferral goal say by how much", () => {
    const p = planPaychecks(scenario({ ageAtYearEnd: 63, plan: { afterTax: { allowed: "no" } } }));
    const short = p.deferralTarget - p.deferralTotal - p.catchUpTotal;
    expect(short).toBeGreaterThan(0);
    expect(p.warnings.find((w) => w.code === "deferrals-not-filled")?.message).toContain("$50.00");
  });

  it("payroll that does not stop after-tax at 415(c): whole-% elections stay under the room, with the shortfall and the next-better overshoot", () => {
    const p = planPaychecks(
      scenario({
        pay: { salary: 185000, frequency: "semimonthly" },
        plan: { afterTax: { allowed: "yes" }, payrollStopsAfterTaxAt415c: "no" },
        goal: { deferrals: 23500 },
      }),
    );
    expect(p.afterTaxTotal + p.shortfall).toBe(p.afterTaxTarget);
    if (p.shortfall > 0) {
      expect(p.nextBetter!.overshoot).toBeGreaterThan(0);
      expect(p.warnings.map((w) => w.code)).toContain("room-not-filled");
    }
    expect(p.warnings.map((w) => w.code)).toContain("after-tax-overshoot");
  });
});
