import { describe, expect, it } from "vitest";
import { type Cents, dollarsToCents } from "../../packages/core/src/rules/money/cents.js";
import {
  bestDollarFill,
  planPaychecks,
  runPayroll,
} from "../../packages/core/src/rules/paycheck-plan/index.js";
import { parseScenario, type Scenario } from "../../packages/core/src/rules/scenario.js";
import { goldenCases } from "../helpers/golden.js";

interface SplitInputs {
  annualAmount: number;
  payPeriods: number;
}
interface SplitExpected {
  amountsCents: number[];
  firstAmount: number;
  lastAmount: number;
  sumCents: number;
  maxMinusMinCents: number;
}
interface PercentInputs {
  year: number;
  ageAtYearEnd: number;
  compensation: number;
  payPeriods: number;
  electiveDeferralsExclCatchUp: number;
  match: { ratePct: number; upToPctOfComp: number };
  afterTaxElectionPctOfPay: number;
}
interface PercentExpected {
  afterTaxRoom: number;
  amountsCents: number[];
  sum: number;
}

function scenario(value: unknown): Scenario {
  const parsed = parseScenario(value);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.scenario;
}

/** The per-paycheck amounts of a dollar-election schedule, paycheck by paycheck. */
function expand(segments: readonly { from: number; amount: Cents }[], count: number): number[] {
  return Array.from({ length: count }, (_, i) => segments.filter((s) => s.from <= i).at(-1)!.amount);
}

const FREQUENCY: Record<number, string> = { 12: "monthly", 24: "semimonthly", 26: "biweekly", 52: "weekly" };

describe("golden PAY cases", () => {
  for (const c of goldenCases("PAY")) {
    if ("annualAmount" in c.inputs) {
      const inputs = c.inputs as unknown as SplitInputs;
      const expected = c.expected as unknown as SplitExpected;
      it(`${c.id}: ${c.description} — dollar elections split the amount exactly`, () => {
        const target = dollarsToCents(inputs.annualAmount);
        const fill = bestDollarFill({
          count: inputs.payPeriods,
          target,
          upper: Array(inputs.payPeriods).fill(target),
          lower: Array(inputs.payPeriods).fill(0),
          maxChanges: 1,
        })!;
        const amounts = expand(fill.segments, inputs.payPeriods);
        expect(amounts).toEqual(expected.amountsCents);
        expect(fill.total).toBe(expected.sumCents);
        expect(amounts[0]! / 100).toBe(expected.firstAmount);
        expect(amounts.at(-1)! / 100).toBe(expected.lastAmount);
        expect(Math.max(...amounts) - Math.min(...amounts)).toBe(expected.maxMinusMinCents);
      });
      it(`${c.id}: the planner's dollar elections over ${inputs.payPeriods} paychecks reproduce it`, () => {
        // The amount as a deferral goal (no catch-up at 40; age 61 in 2025 for the super catch-up case PAY-06).
        const isDeferral = c.id === "PAY-06";
        const plan = planPaychecks(
          scenario({
            year: 2025,
            ageAtYearEnd: isDeferral ? 61 : 40,
            pay: { salary: 390000, frequency: FREQUENCY[inputs.payPeriods] },
            plan: { afterTax: { allowed: "yes" }, electionIncrement: "dollars", roth: "yes" },
            goal: isDeferral
              ? { deferrals: "max", afterTax: 0 }
              : { deferrals: 0, afterTax: inputs.annualAmount },
          }),
        );
        const amounts = plan.paychecks.map((r) => (isDeferral ? r.deferral + r.catchUp : r.afterTax));
        expect(amounts).toEqual(expected.amountsCents);
        expect(plan.elections.length).toBeLessThanOrEqual(2);
      });
    } else {
      const inputs = c.inputs as unknown as PercentInputs;
      const expected = c.expected as unknown as PercentExpected;
      it(`${c.id}: ${c.description}`, () => {
        const plan = planPaychecks(
          scenario({
            year: inputs.year,
            ageAtYearEnd: inputs.ageAtYearEnd,
            pay: { salary: inputs.compensation, frequency: FREQUENCY[inputs.payPeriods] },
            plan: {
              match: [{ rate: inputs.match.ratePct, upTo: inputs.match.upToPctOfComp }],
              matchPeriod: "annual-true-up",
              afterTax: { allowed: "yes" },
              payrollStopsAfterTaxAt415c: "yes",
            },
            goal: { deferrals: inputs.electiveDeferralsExclCatchUp },
          }),
        );
        expect(plan.afterTaxRoom).toBe(dollarsToCents(expected.afterTaxRoom));
        // The saver's own flat election, run through payroll that stops at the room.
        const election = { kind: "percent" as const, bp: inputs.afterTaxElectionPctOfPay * 100 };
        const rows = runPayroll(
          {
            paychecks: plan.paychecks.map((r) => ({ n: r.n, date: r.date, gross: r.gross, bonus: r.bonus })),
            match: [],
            nonelectiveBp: 0 as never,
            matchableCompensation: 0 as Cents,
            // No match here, so nothing matchable; the PAY cases' pay is all within 401(a)(17).
            percentElectionBase: "gross-pay",
            deferralLimit: 0 as Cents,
            catchUpLimit: 0 as Cents,
            stopsDeferrals: true,
            afterTaxStop: plan.afterTaxRoom,
            socialSecurityWagesLeft: 0 as Cents,
            socialSecurityBp: 0 as never,
            medicareBp: 0 as never,
            withholdingBp: 0 as never,
            conversionCadence: "none",
          },
          { segments: [{ from: 0, deferral: { kind: "percent", bp: 0 }, afterTax: election }], bonus: null },
          { deferral: 0 as Cents, catchUp: 0 as Cents, afterTax: 0 as Cents, annualAdditions: 0 as Cents },
        );
        expect(rows.map((r) => r.afterTax)).toEqual(expected.amountsCents);
        expect(rows.reduce((s, r) => s + r.afterTax, 0)).toBe(dollarsToCents(expected.sum));
        // The planner itself fills the same room exactly, with a smaller flat election.
        expect(plan.afterTaxTotal).toBe(dollarsToCents(expected.afterTaxRoom));
      });
    }
  }
});
