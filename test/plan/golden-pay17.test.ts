import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { figure } from "../../packages/core/src/data/figures.js";
import { parseMatchFormula } from "../../packages/core/src/rules/match-formula.js";
import { type Cents, dollarsToCents, wholeDollars, ZERO } from "../../packages/core/src/rules/money/cents.js";
import { basisPoints, percentToBasisPoints } from "../../packages/core/src/rules/money/percent.js";
import {
  type PayrollRules,
  type PercentElectionBase,
  planPaychecks,
  runPayroll,
  salaryPaychecks,
} from "../../packages/core/src/rules/paycheck-plan/index.js";
import { parseScenario, type Scenario } from "../../packages/core/src/rules/scenario.js";
import { runCliJson } from "../helpers/cli.js";
import { goldenCases } from "../helpers/golden.js";

/**
 * Issue #11 §6(a): percent elections apply to plan compensation — once year-to-date pay passes 401(a)(17),
 * payroll takes percentages of the capped pay only. PAY17 cases are an independent reviewer's hand computations.
 */
interface Pay17Inputs {
  year: number;
  salary: number;
  payPeriods: number;
  comp401a17: number;
  electionPct: number;
  contributionType: string;
  annualCap: number | null;
}
interface Pay17Expected {
  grossPerPaycheck: number[];
  eligiblePayPerPaycheck: number[];
  contributionPerPaycheck: number[];
  totalEligiblePay: number;
  totalContribution: number;
  matchPerPaycheck?: number[];
  totalMatch?: number;
  afterTaxRoom415?: number;
}

const FREQUENCY = { 26: "biweekly", 24: "semimonthly" } as const;
const $ = dollarsToCents;

function rules(i: Pay17Inputs, base: PercentElectionBase = "capped-pay"): PayrollRules {
  const limit402g = wholeDollars(figure("electiveDeferralLimit", i.year));
  const deferral = !i.contributionType.startsWith("after-tax");
  return {
    paychecks: salaryPaychecks(i.year, {
      salary: $(i.salary),
      frequency: FREQUENCY[i.payPeriods as 26 | 24],
      bonuses: [],
    }),
    match: i.contributionType.includes("match") ? parseMatchFormula("100%@6%") : [],
    nonelectiveBp: basisPoints(0),
    matchableCompensation: wholeDollars(figure("compensationLimit", i.year)),
    percentElectionBase: base,
    deferralLimit: deferral ? limit402g : ZERO,
    catchUpLimit: i.annualCap !== null && i.annualCap > 24_500 ? $(i.annualCap - 24_500) : ZERO,
    stopsDeferrals: true,
    afterTaxStop: null,
    socialSecurityWagesLeft: wholeDollars(figure("socialSecurityWageBase", i.year)),
    socialSecurityBp: basisPoints(620),
    medicareBp: basisPoints(145),
    withholdingBp: basisPoints(0),
    conversionCadence: "none",
  };
}

function run(i: Pay17Inputs, base: PercentElectionBase = "capped-pay") {
  const election = { kind: "percent" as const, bp: percentToBasisPoints(i.electionPct) };
  const zero = { kind: "percent" as const, bp: 0 };
  const deferral = !i.contributionType.startsWith("after-tax");
  const r = rules(i, base);
  const rows = runPayroll(
    r,
    {
      segments: [{ from: 0, deferral: deferral ? election : zero, afterTax: deferral ? zero : election }],
      bonus: null,
    },
    { deferral: ZERO, catchUp: ZERO, afterTax: ZERO, annualAdditions: ZERO },
  );
  return { rows, deferral };
}

describe("golden PAY17 cases: percent elections on pay within 401(a)(17)", () => {
  for (const c of goldenCases("PAY17")) {
    it(`${c.id}: ${c.description}`, () => {
      const i = c.inputs as unknown as Pay17Inputs;
      const e = c.expected as unknown as Pay17Expected;
      expect(wholeDollars(figure("compensationLimit", i.year))).toBe($(i.comp401a17));
      const { rows, deferral } = run(i);
      const contribution = rows.map((r) => (deferral ? r.deferral + r.catchUp : r.afterTax));
      expect(rows.map((r) => r.gross)).toEqual(e.grossPerPaycheck.map($));
      expect(rows.map((r) => r.eligiblePay)).toEqual(e.eligiblePayPerPaycheck.map($));
      expect(contribution).toEqual(e.contributionPerPaycheck.map($));
      expect(rows.reduce((s, r) => s + r.eligiblePay, 0)).toBe($(e.totalEligiblePay));
      expect(contribution.reduce((s, x) => s + x, 0)).toBe($(e.totalContribution));
      if (e.matchPerPaycheck) {
        expect(rows.map((r) => r.match)).toEqual(e.matchPerPaycheck.map($));
        const match = rows.reduce((s, r) => s + r.match, 0);
        expect(match).toBe($(e.totalMatch!));
        const deferred = contribution.reduce((s, x) => s + x, 0);
        expect(wholeDollars(figure("annualAdditionsLimit", i.year)) - deferred - match).toBe(
          $(e.afterTaxRoom415!),
        );
      }
    });
  }

  it('PAY17-03 with "gross-pay": a payroll that keeps taking percentages above the limit gets 52,000', () => {
    const c = goldenCases("PAY17").find((x) => x.id === "PAY17-03")!;
    const { rows } = run(c.inputs as unknown as Pay17Inputs, "gross-pay");
    expect(rows.every((r) => r.eligiblePay === r.gross)).toBe(true);
    // 26 × 10% × 20,000 = 52,000.
    expect(rows.reduce((s, r) => s + r.afterTax, 0)).toBe($(52_000));
  });
});

function scenario(value: unknown): Scenario {
  const parsed = parseScenario(value);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

const highEarner = (extra: Record<string, unknown> = {}) => ({
  year: 2026,
  ageAtYearEnd: 40,
  pay: { salary: 520_000, frequency: "biweekly" },
  plan: {
    afterTax: { allowed: "yes" },
    payrollStopsDeferralsAt402g: "yes",
    payrollStopsAfterTaxAt415c: "yes",
    maxElectionChanges: 0,
    ...extra,
  },
});

describe("the planner takes percentages of capped pay", () => {
  it("from the paycheck where pay passes 401(a)(17), percent elections withhold nothing (2026: 18 × 20,000 = 360,000)", () => {
    const p = planPaychecks(scenario(highEarner()));
    expect(p.paychecks.slice(0, 18).every((r) => r.eligiblePay === $(20_000))).toBe(true);
    expect(p.paychecks.slice(18).every((r) => r.eligiblePay === 0 && r.afterTax === 0)).toBe(true);
    // Room 72,000 − 24,500 = 47,500: flat after-tax at most 18 × 20,000 × r% (payroll stops at 415(c)).
    expect(p.afterTaxRoom).toBe($(47_500));
    expect(p.afterTaxTotal).toBe($(47_500));
    expect(p.paychecks.reduce((s, r) => s + r.eligiblePay, 0)).toBe($(360_000));
  });

  it('plan.percentElectionsApplyTo "gross-pay" says payroll takes percentages of all gross pay', () => {
    const p = planPaychecks(scenario(highEarner({ percentElectionsApplyTo: "gross-pay" })));
    expect(p.paychecks.every((r) => r.eligiblePay === r.gross)).toBe(true);
    // Past 360,000 of pay (paycheck 19 on) payroll still withholds after-tax money.
    expect(p.paychecks[18]!.afterTax).toBeGreaterThan(0);
    expect(p.afterTaxTotal).toBe($(47_500));
  });

  it("the CLI shows eligible pay per paycheck in JSON", () => {
    const out = runCliJson<{ paychecks: { eligiblePay: number; gross: number }[] }>([
      "elections",
      "--year",
      "2026",
      "--age",
      "40",
      "--salary",
      "520000",
      "--pay-periods",
      "26",
      "--deferrals",
      "24500",
    ]);
    expect(out.paychecks[17]!.eligiblePay).toBe(20000);
    expect(out.paychecks[18]!.eligiblePay).toBe(0);
  });
});

describe("capped-pay properties", () => {
  const salary = fc.integer({ min: 100_000_00, max: 2_000_000_00 }).map((n) => n as Cents);
  it("eligible pay never exceeds the 401(a)(17) limit left, and a percent election never takes more than its share of it", () => {
    fc.assert(
      fc.property(
        salary,
        fc.constantFrom(26, 24),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom(2024, 2025, 2026),
        (pay, periods, pct, year) => {
          const i: Pay17Inputs = {
            year,
            salary: pay / 100,
            payPeriods: periods,
            comp401a17: 0,
            electionPct: pct,
            contributionType: "after-tax employee contribution",
            annualCap: null,
          };
          const { rows } = run(i);
          const limit = wholeDollars(figure("compensationLimit", year));
          const eligible = rows.reduce((s, r) => s + r.eligiblePay, 0);
          expect(eligible).toBe(Math.min(limit, pay));
          const total = rows.reduce((s, r) => s + r.afterTax, 0);
          // Each paycheck rounds half-up to the cent: at most half a cent over the exact share each.
          expect(total).toBeLessThanOrEqual((limit * pct) / 100 + rows.length / 2);
          for (const r of rows) expect(r.eligiblePay).toBeLessThanOrEqual(r.gross);
        },
      ),
    );
  });
});
